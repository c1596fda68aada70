using Laurel.Rules.Nominations;

namespace Laurel.Rules.Tests.Nominations.Reviews;

public sealed class ReviewRulesTests
{
    private static readonly string[] Listed = ["纪检监察", "组织人事", "公安", "税务"];

    [Theory]
    [InlineData("enterprise_head")]
    [InlineData("official")]
    public void Enterprise_heads_and_officials_need_every_listed_department_whatever_the_campaign_requires(string category) =>
        ReviewRules.RequiredDepartments(category, Listed, new HashSet<string> { "公安" }).ShouldBe(Listed);

    [Fact]
    public void Other_candidates_need_the_required_departments_in_the_campaigns_order_and_nothing_unlisted() =>
        ReviewRules.RequiredDepartments("frontline_worker", Listed, new HashSet<string> { "税务", "纪检监察", "已删除的部门" })
            .ShouldBe(["纪检监察", "税务"]);

    [Fact]
    public void A_missing_opinion_is_named_after_its_department_as_an_authority()
    {
        ReviewRules.MissingOpinion("纪检监察").ShouldBe("缺少纪检监察机关意见");
        ReviewRules.MissingOpinion("区税务部门").ShouldBe("缺少区税务部门意见");
    }

    [Fact]
    public void A_disagreement_blocks_until_overridden_even_from_a_department_that_was_not_required()
    {
        var missing = ReviewRules.SecondReviewMissing(["公安"],
            [new OpinionStanding("公安", Agrees: true, Overridden: false), new OpinionStanding("税务", Agrees: false, Overridden: false)]);
        missing.ShouldBe(["税务意见为不同意，尚无两名评选管理员作出的继续推荐决定"]);
        ReviewRules.SecondReviewMissing(["公安"], [new OpinionStanding("公安", Agrees: false, Overridden: true)]).ShouldBeEmpty();
    }

    [Fact]
    public void The_refusal_names_the_review_and_everything_missing_in_one_sentence()
    {
        ReviewRules.Refusal(CandidateState.SecondReview, ["缺少纪检监察机关意见", "缺少公安机关意见"])
            .ShouldBe("审核二尚未完成，不能进入下一步：缺少纪检监察机关意见；缺少公安机关意见。");
        ReviewRules.Refusal(CandidateState.FirstReview, ReviewRules.FirstReviewMissing(hasConsent: false))!.ShouldStartWith("审核一尚未完成");
        ReviewRules.FirstReviewMissing(hasConsent: true, consentBeforeEntry: true).ShouldBe([ReviewRules.StaleConsent]);
        ReviewRules.Refusal(CandidateState.FirstReview, ReviewRules.FirstReviewMissing(hasConsent: true)).ShouldBeNull();
    }

    [Theory]
    [InlineData(CandidateState.FirstReview, true)]
    [InlineData(CandidateState.SecondReview, true)]
    [InlineData(CandidateState.UnitNotice, false)]
    [InlineData(CandidateState.FinalNotice, false)]
    public void The_reviews_guard_leaving_the_two_review_states_only(CandidateState state, bool guarded) =>
        ReviewRules.Guards(state).ShouldBe(guarded);
}
