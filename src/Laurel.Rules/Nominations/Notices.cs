namespace Laurel.Rules.Nominations;

/// <summary>The three notices of the procedure (三公示, issue 12 §3–4), each published by a different level.</summary>
public enum NoticeLevel { Unit, Recommending, Campaign }

/// <summary>A notice's status on a given day: before its window, in it, after it, or taken back.</summary>
public enum NoticeStatus { Scheduled, Open, Closed, Withdrawn }

/// <summary>The finding that closes an objection case (异议调查结论).</summary>
public enum ObjectionFinding { Upheld, PartlyUpheld, NotUpheld, Inadmissible }

/// <summary>How an objection arrived: on the public page, or by phone, letter or visit (entered by a cadre).</summary>
public enum ObjectionChannel { Online, Phone, Letter, Visit }

/// <summary>
/// The rules of the notices (ADR 24): which candidate state each notice puts candidates into and from which state, the
/// status of a window on a day, the certificate line of a closed notice, and the published deeds summary.
/// </summary>
public static class Notices
{
    public const int SummaryMaxLength = 300;
    public const int DefaultTakedownDays = 30;

    public static IReadOnlyList<NoticeLevel> Levels { get; } = [NoticeLevel.Unit, NoticeLevel.Recommending, NoticeLevel.Campaign];

    public static string Code(NoticeLevel level) => level switch
    {
        NoticeLevel.Unit => "unit",
        NoticeLevel.Recommending => "recommending",
        NoticeLevel.Campaign => "campaign",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static NoticeLevel? ParseLevel(string? code) => Levels.Cast<NoticeLevel?>().FirstOrDefault(l => Code(l!.Value) == code);

    public static string ChineseName(NoticeLevel level) => level switch
    {
        NoticeLevel.Unit => "单位公示（公示一）",
        NoticeLevel.Recommending => "推荐单位公示（公示二）",
        NoticeLevel.Campaign => "评选层级公示（公示三）",
        _ => level.ToString(),
    };

    /// <summary>The state a candidate is in while on a notice of this level.</summary>
    public static CandidateState NoticeState(NoticeLevel level) => level switch
    {
        NoticeLevel.Unit => CandidateState.UnitNotice,
        NoticeLevel.Recommending => CandidateState.SecondNotice,
        _ => CandidateState.FinalNotice,
    };

    /// <summary>The state a candidate must be in to be put on a notice of this level (publishing is that advance).</summary>
    public static CandidateState EntryState(NoticeLevel level) => level switch
    {
        NoticeLevel.Unit => CandidateState.Recommended,
        NoticeLevel.Recommending => CandidateState.FirstReview,
        _ => CandidateState.SecondReview,
    };

    /// <summary>The level whose notice a candidate in <paramref name="state"/> is on, or null when not on a notice.</summary>
    public static NoticeLevel? LevelOf(CandidateState state) => state switch
    {
        CandidateState.UnitNotice => NoticeLevel.Unit,
        CandidateState.SecondNotice => NoticeLevel.Recommending,
        CandidateState.FinalNotice => NoticeLevel.Campaign,
        _ => null,
    };

    public static NoticeStatus StatusOn(DateOnly today, DateOnly opensOn, DateOnly closesOn, bool withdrawn) =>
        withdrawn ? NoticeStatus.Withdrawn
        : today < opensOn ? NoticeStatus.Scheduled
        : today <= closesOn ? NoticeStatus.Open
        : NoticeStatus.Closed;

    public static string Code(NoticeStatus status) => status switch
    {
        NoticeStatus.Scheduled => "scheduled",
        NoticeStatus.Open => "open",
        NoticeStatus.Closed => "closed",
        NoticeStatus.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ChineseName(NoticeStatus status) => status switch
    {
        NoticeStatus.Scheduled => "未开始",
        NoticeStatus.Open => "公示中",
        NoticeStatus.Closed => "公示期满",
        NoticeStatus.Withdrawn => "已撤回",
        _ => status.ToString(),
    };

    /// <summary>Whether the public page still shows the notice: from opening until <paramref name="takedownDays"/> after closing.</summary>
    public static bool IsPublicOn(DateOnly today, DateOnly opensOn, DateOnly closesOn, int takedownDays, bool withdrawn) =>
        !withdrawn && today >= opensOn && today <= closesOn.AddDays(takedownDays);

    /// <summary>
    /// Null when a notice closing <paramref name="closesOn"/> may be closed out on <paramref name="today"/>; otherwise why
    /// not, with the closing date (a window is never cut short).
    /// </summary>
    public static string? EarlyCloseRefusal(DateOnly today, DateOnly closesOn) =>
        today > closesOn ? null : $"公示期至 {closesOn:yyyy年M月d日} 届满，期满后方可结束公示";

    /// <summary>The certificate line of a closed notice: "公示期满无异议" or "异议已处理（N 件）".</summary>
    public static string Certificate(int objections) => objections == 0 ? "公示期满无异议" : $"异议已处理（{objections} 件）";

    /// <summary>The published deeds summary: the deeds' first paragraph text, whitespace folded, cut to 300 characters.</summary>
    public static string Summary(string deeds)
    {
        var folded = string.Join(' ', deeds.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var chars = folded.EnumerateRunes().ToArray();
        return chars.Length <= SummaryMaxLength ? folded : string.Concat(chars.Take(SummaryMaxLength - 1).Select(r => r.ToString())) + "…";
    }

    public static string Code(ObjectionFinding finding) => finding switch
    {
        ObjectionFinding.Upheld => "upheld",
        ObjectionFinding.PartlyUpheld => "partly_upheld",
        ObjectionFinding.NotUpheld => "not_upheld",
        ObjectionFinding.Inadmissible => "inadmissible",
        _ => throw new ArgumentOutOfRangeException(nameof(finding)),
    };

    public static ObjectionFinding? ParseFinding(string? code) =>
        Enum.GetValues<ObjectionFinding>().Cast<ObjectionFinding?>().FirstOrDefault(f => Code(f!.Value) == code);

    public static string ChineseName(ObjectionFinding finding) => finding switch
    {
        ObjectionFinding.Upheld => "属实",
        ObjectionFinding.PartlyUpheld => "部分属实",
        ObjectionFinding.NotUpheld => "不属实",
        ObjectionFinding.Inadmissible => "不予受理",
        _ => finding.ToString(),
    };

    public static string Code(ObjectionChannel channel) => channel switch
    {
        ObjectionChannel.Online => "online",
        ObjectionChannel.Phone => "phone",
        ObjectionChannel.Letter => "letter",
        ObjectionChannel.Visit => "visit",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static ObjectionChannel? ParseChannel(string? code) =>
        Enum.GetValues<ObjectionChannel>().Cast<ObjectionChannel?>().FirstOrDefault(c => Code(c!.Value) == code);

    public static string ChineseName(ObjectionChannel channel) => channel switch
    {
        ObjectionChannel.Online => "网上提交",
        ObjectionChannel.Phone => "电话",
        ObjectionChannel.Letter => "来信",
        ObjectionChannel.Visit => "来访",
        _ => channel.ToString(),
    };

    /// <summary>The objection number an objector can quote: YY2026-000123.</summary>
    public static string Reference(int year, long sequence) => $"YY{year:D4}-{sequence % 1_000_000:D6}";

    /// <summary>
    /// Null when a candidate may leave a notice; otherwise why not. <paramref name="openObjections"/> counts the cases
    /// without a finding (or a named objector's case without its response), <paramref name="upheldWithoutDecision"/>
    /// the upheld ones the campaign has not decided to pass over.
    /// </summary>
    public static string? LeaveRefusal(NoticeStatus? status, DateOnly? closesOn, int openObjections, int upheldWithoutDecision) =>
        status is null or NoticeStatus.Withdrawn ? "该人选不在有效的公示名单中"
        : status is not NoticeStatus.Closed ? $"公示期至 {closesOn:yyyy年M月d日} 届满，期满后方可进入下一步"
        : openObjections > 0 ? $"该人选尚有 {openObjections} 件异议未办结"
        : upheldWithoutDecision > 0 ? "异议经调查属实，该人选不能进入下一步，除非评选办公室记录继续推荐的理由"
        : null;
}
