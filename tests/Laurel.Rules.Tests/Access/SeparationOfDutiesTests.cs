using Laurel.Rules.Access;

namespace Laurel.Rules.Tests.Access;

public sealed class SeparationOfDutiesTests
{
    [Fact]
    public void Every_role_is_either_an_administration_role_or_a_data_role_so_every_grant_needs_a_second_person()
    {
        Roles.All.ShouldAllBe(r => SeparationOfDuties.IsAdministrationRole(r) != SeparationOfDuties.IsDataRole(r));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.ViewFullId)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.PolicyAdmin)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.SelectionAdmin)]
    public void A_sysadmin_is_never_granted_a_data_role_or_auditor(string role)
    {
        var reason = SeparationOfDuties.Conflict(role, [Roles.Sysadmin]);
        reason.ShouldNotBeNull();
        reason.ShouldContain("三员分立");
        reason.ShouldContain("系统管理员");
        reason.ShouldContain(Roles.ChineseName(role));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.ViewFullId)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Auditor)]
    public void A_holder_of_a_data_role_or_auditor_is_never_made_sysadmin(string held)
    {
        var reason = SeparationOfDuties.Conflict(Roles.Sysadmin, [held]);
        reason.ShouldNotBeNull();
        reason.ShouldContain(Roles.ChineseName(held));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Sysadmin)]
    public void An_auditor_holds_no_sysadmin_or_data_role_in_either_order(string other)
    {
        SeparationOfDuties.Conflict(other, [Roles.Auditor]).ShouldNotBeNull();
        SeparationOfDuties.Conflict(Roles.Auditor, [other]).ShouldNotBeNull();
    }

    [Fact]
    public void Data_roles_combine_freely_and_an_administration_role_may_be_held_at_several_units()
    {
        SeparationOfDuties.Conflict(Roles.ViewFullId, [Roles.Manager, Roles.PolicyAdmin]).ShouldBeNull();
        SeparationOfDuties.Conflict(Roles.Finance, [Roles.Viewer]).ShouldBeNull();
        SeparationOfDuties.Conflict(Roles.Sysadmin, [Roles.Sysadmin]).ShouldBeNull();
        SeparationOfDuties.Conflict(Roles.Manager, []).ShouldBeNull();
    }

    [Fact]
    public void Nobody_proposes_a_grant_to_themselves()
    {
        GrantProposals.ProposalRefusal(7, 7).ShouldNotBeNull().ShouldContain("不能为自己授予角色");
        GrantProposals.ProposalRefusal(7, 8).ShouldBeNull();
    }

    [Fact]
    public void The_checker_is_neither_the_proposer_nor_the_grantee()
    {
        GrantProposals.DecisionRefusal(proposer: 1, grantee: 3, decider: 1).ShouldNotBeNull().ShouldContain("提出人");
        GrantProposals.DecisionRefusal(proposer: 1, grantee: 3, decider: 3).ShouldNotBeNull().ShouldContain("自己");
        GrantProposals.DecisionRefusal(proposer: 1, grantee: 3, decider: 2).ShouldBeNull();
    }

    [Fact]
    public void A_proposal_is_decided_once()
    {
        GrantProposals.StatusRefusal(GrantProposalStatus.Pending).ShouldBeNull();
        GrantProposals.StatusRefusal(GrantProposalStatus.Confirmed).ShouldNotBeNull().ShouldContain("已确认");
        GrantProposals.StatusRefusal(GrantProposalStatus.Rejected).ShouldNotBeNull().ShouldContain("已驳回");
        GrantProposals.Parse(GrantProposals.Code(GrantProposalStatus.Rejected)).ShouldBe(GrantProposalStatus.Rejected);
        GrantProposals.Parse("approved").ShouldBeNull();
    }

    [Fact]
    public void The_last_sysadmin_grant_at_the_root_cannot_be_revoked_and_every_other_grant_can()
    {
        GrantProposals.RevocationRefusal(Roles.Sysadmin, atRoot: true, otherRootSysadmins: 0).ShouldNotBeNull();
        GrantProposals.RevocationRefusal(Roles.Sysadmin, atRoot: true, otherRootSysadmins: 1).ShouldBeNull();
        GrantProposals.RevocationRefusal(Roles.Sysadmin, atRoot: false, otherRootSysadmins: 0).ShouldBeNull();
        GrantProposals.RevocationRefusal(Roles.Auditor, atRoot: true, otherRootSysadmins: 0).ShouldBeNull();
    }
}
