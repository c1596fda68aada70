using Laurel.Rules.Access;

namespace Laurel.Rules.Tests.Access;

public sealed class AccessGrantsTests
{
    private static readonly Grant ChaoyangManager = new(Roles.Manager, 12, "/1/11/12/");
    private static readonly Grant JianwaiViewer = new(Roles.Viewer, 13, "/1/11/12/13/");

    [Fact]
    public void A_grant_covers_the_units_whole_subtree_and_nothing_beside_it()
    {
        var access = new AccessGrants([ChaoyangManager]);
        access.CanWriteHonoreesAt("/1/11/12/").ShouldBeTrue();
        access.CanWriteHonoreesAt("/1/11/12/13/17/").ShouldBeTrue();
        access.CanReadHonoreesAt("/1/11/").ShouldBeFalse();
        access.CanReadHonoreesAt("/1/11/120/").ShouldBeFalse();
    }

    [Fact]
    public void A_viewer_reads_but_does_not_write()
    {
        var access = new AccessGrants([JianwaiViewer]);
        access.CanReadHonoreesAt("/1/11/12/13/").ShouldBeTrue();
        access.CanWriteHonoreesAt("/1/11/12/13/").ShouldBeFalse();
    }

    [Fact]
    public void Nested_grants_collapse_to_the_outermost_root()
    {
        var access = new AccessGrants([JianwaiViewer, ChaoyangManager, new Grant(Roles.Manager, 14, "/1/11/12/14/")]);
        access.HonoreeReadRoots.ShouldBe(["/1/11/12/"]);
        access.HonoreeWriteRoots.ShouldBe(["/1/11/12/"]);
    }

    [Fact]
    public void Sysadmins_and_auditors_hold_no_honoree_scope()
    {
        var access = new AccessGrants([new Grant(Roles.Sysadmin, 1, "/1/"), new Grant(Roles.Auditor, 1, "/1/")]);
        access.CanReadHonorees.ShouldBeFalse();
        access.CanAdministerAt("/1/11/").ShouldBeTrue();
        access.IsAuditor.ShouldBeTrue();
    }

    [Fact]
    public void The_full_id_needs_both_the_view_full_id_grant_and_read_access_over_the_unit()
    {
        new AccessGrants([new Grant(Roles.ViewFullId, 1, "/1/")]).CanSeeFullIdAt("/1/11/").ShouldBeFalse();
        new AccessGrants([new Grant(Roles.ViewFullId, 1, "/1/"), ChaoyangManager]).CanSeeFullIdAt("/1/11/12/13/").ShouldBeTrue();
        new AccessGrants([new Grant(Roles.ViewFullId, 13, "/1/11/12/13/"), ChaoyangManager]).CanSeeFullIdAt("/1/11/12/14/").ShouldBeFalse();
    }

    [Fact]
    public void Finance_staff_and_auditors_read_payments_and_only_finance_grants_act_on_them()
    {
        var finance = new AccessGrants([new Grant(Roles.Finance, 2, "/1/2/"), new Grant(Roles.Finance, 3, "/1/2/3/"), ChaoyangManager]);
        finance.CanReadPayments.ShouldBeTrue();
        finance.PaymentActRoots.ShouldBe(["/1/2/"]);
        var auditor = new AccessGrants([new Grant(Roles.Auditor, 1, "/1/")]);
        auditor.CanReadPayments.ShouldBeTrue();
        auditor.PaymentActRoots.ShouldBeEmpty();
        new AccessGrants([ChaoyangManager, new Grant(Roles.PolicyAdmin, 12, "/1/11/12/")]).CanReadPayments.ShouldBeFalse();
    }

    [Fact]
    public void Payment_cycles_are_read_and_acted_on_in_the_subtree_of_the_grant_only()
    {
        var grants = new AccessGrants([new Grant(Roles.Finance, 2, "/1/2/"), new Grant(Roles.Auditor, 4, "/1/4/"), ChaoyangManager]);
        grants.CanActOnPaymentsAt("/1/2/3/").ShouldBeTrue();
        grants.CanReadPaymentsAt("/1/2/3/").ShouldBeTrue();
        grants.CanReadPaymentsAt("/1/4/5/").ShouldBeTrue();
        grants.CanActOnPaymentsAt("/1/4/5/").ShouldBeFalse();
        // A manager grant reads honorees, not payments; a sibling path sharing a prefix is not inside the subtree.
        grants.CanReadPaymentsAt("/1/11/12/").ShouldBeFalse();
        new AccessGrants([new Grant(Roles.Finance, 2, "/1/2/")]).CanActOnPaymentsAt("/1/22/").ShouldBeFalse();
        grants.PaymentReadRoots.ShouldBe(["/1/2/", "/1/4/"], ignoreOrder: true);
    }
}
