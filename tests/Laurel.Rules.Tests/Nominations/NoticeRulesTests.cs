using Laurel.Rules.Nominations;

namespace Laurel.Rules.Tests.Nominations;

public sealed class NoticeRulesTests
{
    private static readonly DateOnly Opens = new(2026, 9, 28);
    private static readonly DateOnly Closes = new(2026, 10, 9);

    [Theory]
    [InlineData("2026-09-27", NoticeStatus.Scheduled)]
    [InlineData("2026-09-28", NoticeStatus.Open)]
    [InlineData("2026-10-09", NoticeStatus.Open)]
    [InlineData("2026-10-10", NoticeStatus.Closed)]
    public void A_window_is_scheduled_before_its_first_day_open_through_its_last_and_closed_after(string today, NoticeStatus expected)
    {
        Notices.StatusOn(DateOnly.Parse(today), Opens, Closes, withdrawn: false).ShouldBe(expected);
        Notices.StatusOn(DateOnly.Parse(today), Opens, Closes, withdrawn: true).ShouldBe(NoticeStatus.Withdrawn);
    }

    [Fact]
    public void A_notice_cannot_be_closed_out_on_or_before_its_last_day_and_the_refusal_names_that_day()
    {
        Notices.EarlyCloseRefusal(Closes, Closes)!.ShouldContain("2026年10月9日");
        Notices.EarlyCloseRefusal(new DateOnly(2026, 10, 1), Closes).ShouldNotBeNull();
        Notices.EarlyCloseRefusal(new DateOnly(2026, 10, 10), Closes).ShouldBeNull();
    }

    [Fact]
    public void The_public_page_stays_up_until_the_takedown_day_after_closing_and_never_for_a_withdrawn_notice()
    {
        Notices.IsPublicOn(new DateOnly(2026, 9, 27), Opens, Closes, 30, false).ShouldBeFalse();
        Notices.IsPublicOn(new DateOnly(2026, 11, 8), Opens, Closes, 30, false).ShouldBeTrue();
        Notices.IsPublicOn(new DateOnly(2026, 11, 9), Opens, Closes, 30, false).ShouldBeFalse();
        Notices.IsPublicOn(new DateOnly(2026, 10, 1), Opens, Closes, 30, true).ShouldBeFalse();
    }

    [Fact]
    public void The_certificate_line_says_no_objection_or_counts_the_objections_handled()
    {
        Notices.Certificate(0).ShouldBe("公示期满无异议");
        Notices.Certificate(3).ShouldBe("异议已处理（3 件）");
    }

    [Fact]
    public void Each_notice_takes_candidates_from_the_step_before_it_and_holds_them_in_its_own_state()
    {
        foreach (var level in Notices.Levels)
        {
            var entry = Notices.EntryState(level);
            CandidateStates.Next(entry, CandidateAction.Advance).ShouldBe(Notices.NoticeState(level));
            Notices.LevelOf(Notices.NoticeState(level)).ShouldBe(level);
            Notices.ParseLevel(Notices.Code(level)).ShouldBe(level);
        }
        Notices.LevelOf(CandidateState.FirstReview).ShouldBeNull();
    }

    [Fact]
    public void The_summary_folds_whitespace_and_keeps_at_most_300_characters()
    {
        Notices.Summary("扎根一线\n  二十年").ShouldBe("扎根一线 二十年");
        var cut = Notices.Summary(new string('劳', 400));
        cut.Length.ShouldBe(300);
        cut.ShouldEndWith("…");
        Notices.Summary(new string('模', 300)).ShouldBe(new string('模', 300));
    }

    [Fact]
    public void A_candidate_leaves_a_notice_only_after_the_window_with_every_objection_closed_and_none_upheld_without_a_decision()
    {
        Notices.LeaveRefusal(null, null, 0, 0).ShouldNotBeNull();
        Notices.LeaveRefusal(NoticeStatus.Withdrawn, Closes, 0, 0).ShouldNotBeNull();
        Notices.LeaveRefusal(NoticeStatus.Open, Closes, 0, 0)!.ShouldContain("2026年10月9日");
        Notices.LeaveRefusal(NoticeStatus.Closed, Closes, 2, 0)!.ShouldContain("2 件异议未办结");
        Notices.LeaveRefusal(NoticeStatus.Closed, Closes, 0, 1)!.ShouldContain("属实");
        Notices.LeaveRefusal(NoticeStatus.Closed, Closes, 0, 0).ShouldBeNull();
    }

    [Fact]
    public void An_objection_reference_has_the_year_and_six_digits()
    {
        Notices.Reference(2026, 123).ShouldBe("YY2026-000123");
        Notices.ParseFinding("partly_upheld").ShouldBe(ObjectionFinding.PartlyUpheld);
        Notices.ParseChannel("letter").ShouldBe(ObjectionChannel.Letter);
        Notices.ParseFinding("yes").ShouldBeNull();
    }
}
