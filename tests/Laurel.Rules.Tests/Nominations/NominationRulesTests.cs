using Laurel.Rules.Nominations;

namespace Laurel.Rules.Tests.Nominations;

public sealed class CandidateStateTests
{
    [Fact]
    public void A_candidate_goes_forward_one_step_at_a_time_from_recommended_to_approved()
    {
        CandidateState? state = null;
        var path = new List<CandidateState>();
        state = CandidateStates.Next(state, CandidateAction.Recommend);
        while (state is { } s && s != CandidateState.Approved)
        {
            path.Add(s);
            state = CandidateStates.Next(s, CandidateAction.Advance);
        }
        path.Add(state!.Value);
        path.ShouldBe(CandidateStates.Procedure);
    }

    [Theory]
    [InlineData(CandidateState.UnitNotice, CandidateState.Recommended)]
    [InlineData(CandidateState.FinalNotice, CandidateState.SecondReview)]
    public void Going_back_returns_to_the_previous_step_and_needs_a_reason(CandidateState from, CandidateState to)
    {
        CandidateStates.Next(from, CandidateAction.Back).ShouldBe(to);
        CandidateStates.Refusal(from, CandidateAction.Back, " ").ShouldBe("退回上一步须写明理由");
        CandidateStates.Refusal(from, CandidateAction.Back, "公示材料有误").ShouldBeNull();
    }

    [Fact]
    public void Withdrawal_and_rejection_end_a_candidate_at_any_step_before_approval()
    {
        foreach (var state in CandidateStates.Procedure.Where(s => s != CandidateState.Approved))
        {
            CandidateStates.Next(state, CandidateAction.Withdraw).ShouldBe(CandidateState.Withdrawn);
            CandidateStates.Next(state, CandidateAction.Reject).ShouldBe(CandidateState.Rejected);
        }
    }

    [Theory]
    [InlineData(CandidateState.Recommended, CandidateAction.Back)]
    [InlineData(CandidateState.Recommended, CandidateAction.Recommend)]
    [InlineData(CandidateState.Approved, CandidateAction.Advance)]
    [InlineData(CandidateState.Approved, CandidateAction.Withdraw)]
    [InlineData(CandidateState.Withdrawn, CandidateAction.Back)]
    [InlineData(CandidateState.Rejected, CandidateAction.Advance)]
    public void Nothing_else_is_allowed_and_the_refusal_says_why_in_chinese(CandidateState from, CandidateAction action)
    {
        CandidateStates.Next(from, action).ShouldBeNull();
        CandidateStates.Refusal(from, action, "理由").ShouldNotBeNull().ShouldContain(CandidateStates.ChineseName(from));
    }

    [Fact]
    public void Every_state_has_a_code_that_parses_back_and_a_chinese_name()
    {
        foreach (var state in CandidateStates.All)
        {
            CandidateStates.Parse(CandidateStates.Code(state)).ShouldBe(state);
            CandidateStates.ChineseName(state).ShouldNotBe(state.ToString());
        }
        CandidateStates.Parse("approved ").ShouldBeNull();
    }

    [Fact]
    public void Only_withdrawn_and_rejected_candidates_give_their_seat_back()
    {
        CandidateStates.All.Where(s => !CandidateStates.HoldsSeat(s)).ShouldBe([CandidateState.Withdrawn, CandidateState.Rejected]);
    }
}

public sealed class CampaignStatusTests
{
    [Fact]
    public void A_campaign_opens_only_from_draft_and_only_with_its_report()
    {
        CampaignStatuses.OpenRefusal(CampaignStatus.Draft, reportRecorded: false).ShouldNotBeNull().ShouldContain("一报告");
        CampaignStatuses.OpenRefusal(CampaignStatus.Draft, reportRecorded: true).ShouldBeNull();
        CampaignStatuses.OpenRefusal(CampaignStatus.Open, reportRecorded: true).ShouldNotBeNull();
        CampaignStatuses.Next(CampaignStatus.Draft, CampaignAction.Open).ShouldBe(CampaignStatus.Open);
        CampaignStatuses.Next(CampaignStatus.Open, CampaignAction.Close).ShouldBe(CampaignStatus.Closed);
        CampaignStatuses.Next(CampaignStatus.Closed, CampaignAction.Decide).ShouldBe(CampaignStatus.Decided);
        CampaignStatuses.Next(CampaignStatus.Decided, CampaignAction.Cancel).ShouldBeNull();
    }
}

public sealed class SeatTests
{
    [Fact]
    public void A_unit_allocates_to_a_child_at_most_what_it_still_holds()
    {
        var parent = new SeatHolding(Held: 10, AllocatedToChildren: 6, UsedByOwnCandidates: 1);
        // The child already holds 2 of the 6: it may go up to 2 + 3 free.
        Seats.AllocationRefusal(parent, currentForChild: 2, seats: 5, childCommitted: 0).ShouldBeNull();
        Seats.AllocationRefusal(parent, currentForChild: 2, seats: 6, childCommitted: 0).ShouldNotBeNull().ShouldContain("最多还能给该单位分配 5 个");
        Seats.AllocationRefusal(parent, currentForChild: 2, seats: -1, childCommitted: 0).ShouldNotBeNull();
    }

    [Fact]
    public void A_child_cannot_be_given_fewer_seats_than_it_has_handed_down_or_used()
    {
        Seats.AllocationRefusal(new SeatHolding(10, 3, 0), currentForChild: 3, seats: 1, childCommitted: 2).ShouldNotBeNull().ShouldContain("不能少于");
    }

    [Fact]
    public void The_last_seat_can_be_used_once()
    {
        Seats.SubmissionRefusal("建外街道总工会", new SeatHolding(2, 0, 1)).ShouldBeNull();
        Seats.SubmissionRefusal("建外街道总工会", new SeatHolding(2, 0, 2)).ShouldNotBeNull().ShouldContain("名额已用完");
        Seats.SubmissionRefusal("建外街道总工会", new SeatHolding(3, 1, 2)).ShouldNotBeNull();
        Seats.SubmissionRefusal("建外街道总工会", null).ShouldNotBeNull().ShouldContain("没有推荐名额");
    }
}

public sealed class CompositionTests
{
    [Fact]
    public void Shares_below_a_minimum_or_above_a_maximum_are_warnings_and_met_rules_are_silent()
    {
        var rules = new[] { new CompositionRule("frontline_worker", 0.5m, null), new CompositionRule("enterprise_head", null, 0.2m) };
        Composition.Warnings(rules, ["frontline_worker", "frontline_worker", "technician"]).ShouldBeEmpty();
        var warnings = Composition.Warnings(rules, ["frontline_worker", "enterprise_head", "enterprise_head"]);
        warnings.Count.ShouldBe(2);
        warnings[0].ShouldContain("一线职工");
        warnings[0].ShouldContain("低于最低比例 50%");
        warnings[1].ShouldContain("企业负责人");
        warnings[1].ShouldContain("高于最高比例 20%");
    }

    [Fact]
    public void With_no_candidates_a_minimum_is_not_met_and_a_maximum_is_not_broken()
    {
        var standings = Composition.Evaluate([new("migrant_worker", 0.1m, null), new("official", null, 0.1m)], []);
        standings[0].Warning.ShouldNotBeNull();
        standings[1].Warning.ShouldBeNull();
    }

    [Theory]
    [InlineData("frontline_worker", null, null)]
    [InlineData("frontline_worker", 0.6, 0.4)]
    [InlineData("frontline_worker", 1.2, null)]
    [InlineData("worker", 0.2, null)]
    public void A_malformed_rule_is_refused(string category, double? min, double? max)
    {
        Composition.RuleProblem(new(category, (decimal?)min, (decimal?)max)).ShouldNotBeNull();
    }
}

public sealed class DemocraticVoteTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    private static DemocraticVote Vote(int present, int @for, int against = 0, int abstaining = 0) =>
        new("workers_congress", Today.AddDays(-3), present, @for, against, abstaining);

    [Fact]
    public void More_than_half_of_those_present_passes()
    {
        DemocraticVotes.Problems(Vote(100, 51, 40, 9), Today).ShouldBeEmpty();
        DemocraticVotes.Problems(Vote(101, 51), Today).ShouldBeEmpty();
    }

    [Fact]
    public void Exactly_half_of_those_present_does_not_pass_and_the_message_names_the_figures()
    {
        var problem = DemocraticVotes.Problems(Vote(100, 50, 50), Today).ShouldHaveSingleItem();
        problem.Field.ShouldBe("for");
        problem.Message.ShouldContain("未超过到会人数 100 人的半数");
    }

    [Fact]
    public void Those_present_who_did_not_vote_count_against_a_majority()
    {
        DemocraticVotes.Problems(Vote(100, 45, 5, 0), Today).ShouldHaveSingleItem().Field.ShouldBe("for");
    }

    [Fact]
    public void More_votes_than_present_or_none_present_or_an_unknown_meeting_is_refused()
    {
        DemocraticVotes.Problems(Vote(10, 8, 3), Today).ShouldHaveSingleItem().Field.ShouldBe("present");
        DemocraticVotes.Problems(Vote(0, 0), Today).ShouldHaveSingleItem().Field.ShouldBe("present");
        DemocraticVotes.Problems(Vote(10, 8) with { MeetingKind = "party" }, Today).ShouldHaveSingleItem().Field.ShouldBe("meetingKind");
        DemocraticVotes.Problems(Vote(10, 8) with { HeldOn = Today.AddDays(1) }, Today).ShouldHaveSingleItem().Field.ShouldBe("heldOn");
    }
}
