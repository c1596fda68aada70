using Laurel.Rules.Access;

namespace Laurel.Rules.Tests.Access;

public sealed class UserAdministrationTests
{
    [Fact]
    public void A_sysadmin_may_change_another_users_status_but_not_their_own()
    {
        UserAdministration.StatusChangeRefusal(1, 2).ShouldBeNull();
        UserAdministration.StatusChangeRefusal(1, 1).ShouldNotBeNull().ShouldContain("自己");
    }

    [Fact]
    public void Nobody_proposes_resetting_their_own_second_factor()
    {
        UserAdministration.TwoFactorResetProposalRefusal(1, 2).ShouldBeNull();
        UserAdministration.TwoFactorResetProposalRefusal(3, 3).ShouldNotBeNull().ShouldContain("不能重置自己的双因素认证");
    }

    [Fact]
    public void A_reset_is_decided_by_a_third_person_neither_its_proposer_nor_its_user()
    {
        UserAdministration.TwoFactorResetDecisionRefusal(proposer: 1, user: 2, decider: 3).ShouldBeNull();
        UserAdministration.TwoFactorResetDecisionRefusal(proposer: 1, user: 2, decider: 1).ShouldNotBeNull().ShouldContain("提出人");
        UserAdministration.TwoFactorResetDecisionRefusal(proposer: 1, user: 2, decider: 2).ShouldNotBeNull().ShouldContain("自己");
    }

    [Fact]
    public void Only_a_pending_reset_can_be_decided()
    {
        UserAdministration.TwoFactorResetStatusRefusal(GrantProposalStatus.Pending).ShouldBeNull();
        UserAdministration.TwoFactorResetStatusRefusal(GrantProposalStatus.Confirmed).ShouldNotBeNull().ShouldContain("已确认");
        UserAdministration.TwoFactorResetStatusRefusal(GrantProposalStatus.Rejected).ShouldNotBeNull().ShouldContain("已驳回");
    }
}
