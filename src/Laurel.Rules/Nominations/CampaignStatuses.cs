namespace Laurel.Rules.Nominations;

/// <summary>
/// The life of a campaign (评选活动): draft → open (nominations accepted; needs the report, 一报告) → closed (nominations
/// closed, the candidates go through the notices and reviews) → decided (the award decision, 表彰决定); a draft or open
/// campaign may be cancelled. Notices and reviews run per candidate, so they need no campaign status of their own.
/// </summary>
public enum CampaignStatus { Draft, Open, Closed, Decided, Cancelled }

public enum CampaignAction { Open, Close, Decide, Cancel }

public static class CampaignStatuses
{
    public static string Code(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "draft",
        CampaignStatus.Open => "open",
        CampaignStatus.Closed => "closed",
        CampaignStatus.Decided => "decided",
        CampaignStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static CampaignStatus? Parse(string? code) =>
        Enum.GetValues<CampaignStatus>().Cast<CampaignStatus?>().FirstOrDefault(s => Code(s!.Value) == code);

    public static string ChineseName(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "筹备中",
        CampaignStatus.Open => "推荐中",
        CampaignStatus.Closed => "推荐已截止",
        CampaignStatus.Decided => "已作出表彰决定",
        CampaignStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static CampaignStatus? Next(CampaignStatus status, CampaignAction action) => (status, action) switch
    {
        (CampaignStatus.Draft, CampaignAction.Open) => CampaignStatus.Open,
        (CampaignStatus.Open, CampaignAction.Close) => CampaignStatus.Closed,
        (CampaignStatus.Closed, CampaignAction.Decide) => CampaignStatus.Decided,
        (CampaignStatus.Draft or CampaignStatus.Open, CampaignAction.Cancel) => CampaignStatus.Cancelled,
        _ => null,
    };

    /// <summary>Null when the campaign may open; otherwise why not. The report (一报告) must be recorded first.</summary>
    public static string? OpenRefusal(CampaignStatus status, bool reportRecorded) =>
        status != CampaignStatus.Draft ? $"评选活动{ChineseName(status)}，不能再开始推荐"
        : !reportRecorded ? "尚未记录向同级党委的报告（一报告：报告日期和文号），不能开始推荐"
        : null;

    /// <summary>Whether the settings (schedule, seats, departments, composition rules) may still change: before the decision.</summary>
    public static bool SettingsEditable(CampaignStatus status) => status is CampaignStatus.Draft or CampaignStatus.Open or CampaignStatus.Closed;
}
