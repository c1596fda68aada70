using Laurel.Rules.Honours;

namespace Laurel.Rules.Tests.Honours;

public class RevocationTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Theory]
    [InlineData(RevocationGround.Fraud, "fraud", "弄虚作假")]
    [InlineData(RevocationGround.Crime, "crime", "触犯法律")]
    [InlineData(RevocationGround.Discipline, "discipline", "违纪")]
    [InlineData(RevocationGround.Sanction, "sanction", "受到处分")]
    public void Each_ground_of_nmg_2026_has_a_code_that_parses_back_and_its_chinese_words(RevocationGround ground, string code, string name)
    {
        RevocationRules.Code(ground).ShouldBe(code);
        RevocationRules.ParseGround(code).ShouldBe(ground);
        RevocationRules.ChineseName(ground).ShouldBe(name);
        RevocationRules.GroundName(code).ShouldBe(name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Fraud")]
    [InlineData("other")]
    public void An_unknown_ground_parses_to_null(string? code) => RevocationRules.ParseGround(code).ShouldBeNull();

    [Fact]
    public void A_proposed_case_is_decided_or_rejected_once_and_a_finished_case_refuses_every_action()
    {
        RevocationRules.Next(RevocationStatus.Proposed, RevocationAction.Decide).ShouldBe((RevocationStatus.Decided, null));
        RevocationRules.Next(RevocationStatus.Proposed, RevocationAction.Reject).ShouldBe((RevocationStatus.Rejected, null));
        foreach (var done in new[] { RevocationStatus.Decided, RevocationStatus.Rejected })
        {
            foreach (var action in new[] { RevocationAction.Decide, RevocationAction.Reject })
            {
                var (next, refusal) = RevocationRules.Next(done, action);
                next.ShouldBeNull();
                refusal.ShouldNotBeNull().ShouldContain("不能再次处理");
            }
        }
    }

    [Fact]
    public void The_proposer_may_not_decide_their_own_case_and_another_person_may()
    {
        RevocationRules.DeciderRefusal(7, 7).ShouldNotBeNull().ShouldContain("另一人");
        RevocationRules.DeciderRefusal(7, 8).ShouldBeNull();
    }

    [Fact]
    public void A_revocation_opens_only_on_an_active_honour_and_a_reinstatement_only_on_a_revoked_one()
    {
        RevocationRules.OpeningRefusal(RevocationKind.Revocation, honourRevoked: false).ShouldBeNull();
        RevocationRules.OpeningRefusal(RevocationKind.Revocation, honourRevoked: true).ShouldNotBeNull();
        RevocationRules.OpeningRefusal(RevocationKind.Reinstatement, honourRevoked: true).ShouldBeNull();
        RevocationRules.OpeningRefusal(RevocationKind.Reinstatement, honourRevoked: false).ShouldNotBeNull();
    }

    [Fact]
    public void A_revocation_may_take_effect_in_the_past_but_not_before_the_award_nor_after_the_decision_day()
    {
        var awarded = new DateOnly(2015, 4, 28);
        RevocationRules.EffectiveDateRefusal(RevocationKind.Revocation, new(2026, 3, 20), awarded, null, Today).ShouldBeNull();
        RevocationRules.EffectiveDateRefusal(RevocationKind.Revocation, awarded, awarded, null, Today).ShouldBeNull();
        RevocationRules.EffectiveDateRefusal(RevocationKind.Revocation, Today, awarded, null, Today).ShouldBeNull();
        RevocationRules.EffectiveDateRefusal(RevocationKind.Revocation, awarded.AddDays(-1), awarded, null, Today).ShouldNotBeNull().ShouldContain("2015-04-28");
        RevocationRules.EffectiveDateRefusal(RevocationKind.Revocation, Today.AddDays(1), awarded, null, Today).ShouldNotBeNull().ShouldContain("晚于今天");
    }

    [Fact]
    public void A_reinstatement_takes_effect_not_before_the_revocation_it_ends()
    {
        var awarded = new DateOnly(2015, 4, 28);
        var revoked = new DateOnly(2026, 3, 20);
        RevocationRules.EffectiveDateRefusal(RevocationKind.Reinstatement, revoked, awarded, revoked, Today).ShouldBeNull();
        RevocationRules.EffectiveDateRefusal(RevocationKind.Reinstatement, revoked.AddDays(-1), awarded, revoked, Today).ShouldNotBeNull().ShouldContain("2026-03-20");
    }

    [Fact]
    public void The_honour_carries_the_grounds_and_the_document_number_as_its_reason()
    {
        RevocationRules.HonourReason(RevocationGround.Fraud, "内工发〔2026〕12号").ShouldBe("因弄虚作假，依内工发〔2026〕12号撤销称号");
    }

    // 1 national, 2 内蒙古 (150000), 3 呼和浩特 (150100), 4 新城区 (150102), 5 a grassroots union under 新城区, 6 an industry union under 呼和浩特.
    private static readonly RevocationUnit[] Tree =
    [
        new(1, null, "national", null, 0),
        new(2, 1, "provincial", "150000", 1),
        new(3, 2, "municipal", "150100", 2),
        new(4, 3, "county", "150102", 3),
        new(5, 4, "grassroots", null, 4),
        new(6, 3, "industry", null, 3),
    ];

    [Fact]
    public void The_awarding_level_is_the_federation_of_the_awarding_region()
    {
        RevocationRules.AwardingUnit("150000", managingUnitId: 5, Tree).ShouldBe(2);
        RevocationRules.AwardingUnit("150100", managingUnitId: 5, Tree).ShouldBe(3);
    }

    [Fact]
    public void Without_a_federation_of_the_region_the_awarding_level_is_the_nearest_federation_above_the_managing_unit()
    {
        // A national title has no awarding region; a region the tree does not hold falls back the same way.
        RevocationRules.AwardingUnit(null, managingUnitId: 5, Tree).ShouldBe(4);
        RevocationRules.AwardingUnit("210000", managingUnitId: 6, Tree).ShouldBe(3);
        RevocationRules.AwardingUnit(null, managingUnitId: 4, Tree).ShouldBe(4);
        RevocationRules.AwardingUnit(null, managingUnitId: 99, Tree).ShouldBeNull();
    }
}
