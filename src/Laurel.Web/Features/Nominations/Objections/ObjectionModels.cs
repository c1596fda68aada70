using Laurel.Rules.Nominations;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>An objection taken by a cadre: by phone, letter or visit, on the day it came (today when not given).</summary>
public sealed record ObjectionEntryInput(long? NoticeId, long? CandidateId, string? Channel, string? Text, string? Name, string? Phone, DateOnly? ReceivedOn);

public sealed record AssignInput(long? InvestigatorUserId, int? Version);

public sealed record NoteInput(string? Note);

public sealed record FindingInput(string? Finding, string? Reason, int? Version);

public sealed record ResponseInput(DateOnly? RespondedOn, string? Text, int? Version);

/// <summary>The campaign's reasoned decision after an upheld finding: to continue with the candidate, or to reject them.</summary>
public sealed record DecisionReasonInput(string? Reason, int? Version);

/// <summary>
/// Where a case stands, from its columns (one SQL expression, <see cref="ObjectionAccess.StateSql"/>): received, under
/// investigation, found and waiting for the answer to the named objector, upheld and waiting for the campaign's
/// decision, or closed. The first three are what <c>NoticeGate</c> counts as open; the fourth is its upheld count.
/// </summary>
public static class ObjectionStates
{
    public static IReadOnlyList<(string Code, string Name)> All { get; } =
    [
        ("received", "待指定调查人"), ("investigating", "调查中"), ("awaiting_response", "待答复"),
        ("awaiting_decision", "属实待决定"), ("closed", "已办结"),
    ];

    public static bool IsKnown(string? code) => All.Any(s => s.Code == code);

    public static string ChineseName(string code) => All.FirstOrDefault(s => s.Code == code).Name ?? code;
}

public sealed record ObjectionNoteView(long Id, string Note, string? RecordedBy, DateTimeOffset RecordedAt);

public sealed record InvestigatorOption(long Id, string Name);

/// <summary>One case as the API and the case page show it; the phone only masked. The Can… flags say what the user may do now.</summary>
public sealed record ObjectionView(
    long Id, string Reference, long NoticeId, string NoticeTitle, string NoticeLevel, string NoticeLevelName, DateOnly NoticeOpensOn,
    DateOnly NoticeClosesOn, long CampaignId, string CampaignTitle, long CandidateId, string CandidateName, string CandidateUnit,
    string CandidateState, string CandidateStateName, string Channel, string ChannelName, string Text, string? ObjectorName,
    string? ObjectorPhoneMasked, bool Named, DateTimeOffset ReceivedAt, string? ReceivedBy, long? InvestigatorId, string? Investigator,
    DateTimeOffset? AssignedAt, string? Finding, string? FindingName, string? FindingReason, string? FoundBy, DateTimeOffset? FoundAt,
    DateOnly? RespondedOn, string? ResponseText, string? RespondedBy, string? ContinueReason, string? ContinueBy, DateTimeOffset? ContinueAt,
    string State, string StateName, int Version, IReadOnlyList<ObjectionNoteView> Notes,
    bool CanHandle, bool CanDecide, bool CanRespond, bool CanRevealPhone);

public sealed record ObjectionListItem(
    long Id, string Reference, long NoticeId, string NoticeTitle, long CandidateId, string CandidateName, string CandidateUnit, string ChannelName,
    bool Named, DateTimeOffset ReceivedAt, string? Investigator, string? FindingName, string State, string StateName);

/// <summary>One row of objections with its notice, campaign and candidate, and the paths that decide who sees and acts on it.</summary>
internal sealed record ObjectionRow(
    long Id, string Reference, long NoticeId, string NoticeTitle, string NoticeLevel, DateOnly NoticeOpensOn, DateOnly NoticeClosesOn,
    string NoticeUnitPath, long CampaignId, string CampaignTitleCode, string? CampaignRegionCode, int CampaignYear, string CampaignUnitPath, long CandidateId,
    string CandidateName, string CandidateUnit, string CandidateUnitPath, string CandidateState, string Channel, string Text,
    string? ObjectorName, string? ObjectorPhoneMasked, byte[]? ObjectorPhoneCipher, DateTimeOffset ReceivedAt, string? ReceivedBy,
    long? InvestigatorId, string? Investigator, DateTimeOffset? AssignedAt, string? Finding, string? FindingReason, string? FoundBy,
    DateTimeOffset? FoundAt, DateOnly? ResponseOn, string? ResponseText, string? RespondedBy, string? ContinueReason, string? ContinueBy,
    DateTimeOffset? ContinueAt, string State, int Version)
{
    public ObjectionFinding? FindingValue => Notices.ParseFinding(Finding);

    public bool Named => ObjectorName is not null;

    public string CampaignTitle => $"{CampaignYear}年{CampaignQueries.TitleName(CampaignTitleCode, CampaignRegionCode)}";
}
