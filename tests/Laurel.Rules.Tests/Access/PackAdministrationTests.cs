using Laurel.Rules.Access;

namespace Laurel.Rules.Tests.Access;

public sealed class PackAdministrationTests
{
    // 全总 /1/ → 北京 /1/12/ (110000) → 朝阳 /1/12/13/ (110105) → 建外 /1/12/13/14/, 望京 /1/12/13/15/ (streets, no code);
    // 全总 → 内蒙古 /1/2/ (150000) → 呼和浩特 /1/2/3/ (150100); 全总 → 某产业工会 /1/20/ (no region).
    private static readonly IReadOnlyList<RegionalUnit> Tree = RegionalUnit.Resolve(
    [
        (1, null, "/1/", null), (12, 1, "/1/12/", "110000"), (13, 12, "/1/12/13/", "110105"), (14, 13, "/1/12/13/14/", null),
        (15, 13, "/1/12/13/15/", null), (2, 1, "/1/2/", "150000"), (3, 2, "/1/2/3/", "150100"), (20, 1, "/1/20/", null),
    ]);

    private static Grant PolicyAdmin(long unitId) => new(Roles.PolicyAdmin, unitId, Tree.Single(u => u.Id == unitId).Path);

    [Fact]
    public void A_street_union_does_not_administer_its_districts_pack_which_also_covers_a_sibling_street()
    {
        PackAdministration.Administers([PolicyAdmin(14)], "110105", Tree).ShouldBeFalse();
        PackAdministration.Administers([PolicyAdmin(14), PolicyAdmin(15)], "110105", Tree).ShouldBeFalse();
    }

    [Fact]
    public void The_districts_federation_and_every_federation_above_it_administer_the_districts_pack()
    {
        PackAdministration.Administers([PolicyAdmin(13)], "110105", Tree).ShouldBeTrue();
        PackAdministration.Administers([PolicyAdmin(12)], "110105", Tree).ShouldBeTrue();
        PackAdministration.Administers([PolicyAdmin(1)], "110105", Tree).ShouldBeTrue();
    }

    [Fact]
    public void A_provincial_federation_administers_its_own_pack_but_a_city_inside_it_does_not()
    {
        PackAdministration.Administers([PolicyAdmin(2)], "150000", Tree).ShouldBeTrue();
        PackAdministration.Administers([PolicyAdmin(3)], "150000", Tree).ShouldBeFalse();
        PackAdministration.Administers([PolicyAdmin(3)], "150100", Tree).ShouldBeTrue();
    }

    [Fact]
    public void A_federation_administers_no_pack_of_another_region()
    {
        PackAdministration.Administers([PolicyAdmin(2)], "110105", Tree).ShouldBeFalse();
        PackAdministration.Administers([PolicyAdmin(13)], "150000", Tree).ShouldBeFalse();
    }

    [Fact]
    public void A_unit_under_no_territorial_federation_administers_nothing_while_the_root_administers_everything()
    {
        PackAdministration.Administers([PolicyAdmin(20)], "110105", Tree).ShouldBeFalse();
        PackAdministration.Administers([PolicyAdmin(20)], "320500", Tree).ShouldBeFalse();
        PackAdministration.Administers([PolicyAdmin(1)], "320500", Tree).ShouldBeTrue();
    }

    [Fact]
    public void A_pack_of_a_region_without_a_unit_is_administered_from_the_federations_whose_region_contains_it()
    {
        PackAdministration.Administers([PolicyAdmin(2)], "150200", Tree).ShouldBeTrue();
        PackAdministration.Administers([PolicyAdmin(3)], "150200", Tree).ShouldBeFalse();
    }

    [Fact]
    public void Only_policy_admin_grants_count()
    {
        PackAdministration.Administers([new Grant(Roles.Manager, 1, "/1/"), new Grant(Roles.Sysadmin, 1, "/1/")], "110105", Tree).ShouldBeFalse();
    }
}
