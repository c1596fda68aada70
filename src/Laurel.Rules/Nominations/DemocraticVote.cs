namespace Laurel.Rules.Nominations;

/// <summary>The democratic recommendation (民主推荐) of a candidate: the meeting, its date and the count.</summary>
public sealed record DemocraticVote(string MeetingKind, DateOnly HeldOn, int Present, int For, int Against, int Abstaining);

/// <summary>
/// The check of a democratic recommendation: a candidate passes with more than half of those present voting for.
/// Those present may exceed the votes cast (someone present who did not vote counts against a majority, as a vote
/// that is not "for" does); they may not be fewer. So present ≥ for + against + abstaining, and for × 2 &gt; present.
/// </summary>
public static class DemocraticVotes
{
    /// <summary>The problems of the record, by field (present, for, against, abstaining, heldOn, meetingKind); empty when it passes.</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(DemocraticVote vote, DateOnly today)
    {
        var problems = new List<(string, string)>();
        if (!NominationCodes.IsKnown(NominationCodes.MeetingKinds, vote.MeetingKind))
        {
            problems.Add(("meetingKind", $"会议类型应为{NominationCodes.Choices(NominationCodes.MeetingKinds)}之一"));
        }
        if (vote.HeldOn > today)
        {
            problems.Add(("heldOn", "会议日期不能晚于今天"));
        }
        else if (vote.HeldOn < today.AddYears(-2))
        {
            problems.Add(("heldOn", "会议日期不能早于两年前"));
        }
        foreach (var (field, label, value) in new[] { ("present", "到会人数", vote.Present), ("for", "赞成票", vote.For), ("against", "反对票", vote.Against), ("abstaining", "弃权票", vote.Abstaining) })
        {
            if (value < 0 || value > 1_000_000)
            {
                problems.Add((field, $"{label}应为 0 至 1000000 之间的整数"));
            }
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        if (vote.Present == 0)
        {
            problems.Add(("present", "到会人数不能为 0"));
        }
        else if ((long)vote.For + vote.Against + vote.Abstaining > vote.Present)
        {
            problems.Add(("present", $"赞成、反对、弃权合计 {(long)vote.For + vote.Against + vote.Abstaining} 票，多于到会人数 {vote.Present}"));
        }
        else if (!Passes(vote))
        {
            problems.Add(("for", $"赞成票 {vote.For} 票，未超过到会人数 {vote.Present} 人的半数，民主推荐未通过"));
        }
        return problems;
    }

    /// <summary>More than half of those present voted for.</summary>
    public static bool Passes(DemocraticVote vote) => (long)vote.For * 2 > vote.Present;
}
