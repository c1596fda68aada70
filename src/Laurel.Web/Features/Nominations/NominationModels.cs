namespace Laurel.Web.Features.Nominations;

public sealed record PoolEntryInput(
    long? OrgUnitId, int? Year, string? Name, string? ResidentId, string? Workplace, string? Post, string? Category,
    string? SelectionKind, string? Achievements);

/// <summary>The fields of a pool entry that may change (the person and the unit's year stay).</summary>
public sealed record PoolEntryUpdate(string? Workplace, string? Post, string? Category, string? SelectionKind, string? Achievements, int? Version);

public sealed record FollowUpInput(int? Year, string? Note);

public sealed record PoolReportInput(long? OrgUnitId, int? Year);

public sealed record PoolEntryView(
    long Id, long OrgUnitId, string OrgUnitName, int Year, string Name, string ResidentIdMasked, string Gender, string Workplace,
    string Post, string Category, string CategoryName, string SelectionKind, string SelectionKindName, string Achievements,
    long? HonoreeId, bool LinkedToRegistry, int Version, IReadOnlyList<FollowUpView> FollowUps);

public sealed record FollowUpView(long Id, int Year, string Note, DateTimeOffset RecordedAt);

public sealed record PoolReportView(long OrgUnitId, int Year, int EntryCount, DateOnly ReportedOn, DateTimeOffset ReportedAt);

public sealed record PoolPage(IReadOnlyList<PoolEntryView> Items, int Total, int Page, int PageSize, PoolReportView? Report);

public sealed record CompositionRuleInput(string? Category, decimal? MinShare, decimal? MaxShare);

public sealed record CampaignInput(
    long? OrgUnitId, string? TitleCode, string? AwardingRegionCode, int? Year, string? BasisDocument, int? SeatTotal,
    DateOnly? NominationsOpenOn, DateOnly? NominationsCloseOn, int? NoticeWorkingDays, IReadOnlyList<string>? Departments,
    IReadOnlyList<CompositionRuleInput>? CompositionRules);

public sealed record CampaignReportInput(DateOnly? ReportOn, string? ReportDocument);

public sealed record QuotaInput(long? OrgUnitId, int? Seats);

public sealed record CampaignSummary(long Id, string TitleCode, int Year, long OrgUnitId, string Status);

public sealed record CampaignListItem(
    long Id, string TitleCode, string TitleName, int Year, long OrgUnitId, string OrgUnitName, string Status, string StatusName,
    int SeatTotal, DateOnly NominationsOpenOn, DateOnly NominationsCloseOn);

public sealed record CampaignView(
    long Id, long OrgUnitId, string OrgUnitName, string TitleCode, string TitleName, string? AwardingRegionCode, int Year,
    string BasisDocument, int SeatTotal, DateOnly NominationsOpenOn, DateOnly NominationsCloseOn, int NoticeWorkingDays,
    string Status, string StatusName, DateOnly? ReportOn, string? ReportDocument, IReadOnlyList<string> Departments,
    IReadOnlyList<CompositionStandingView> Composition, IReadOnlyList<QuotaView> Quotas, IReadOnlyList<PipelineRow> Pipeline,
    bool CanAdminister, int Version);

public sealed record CompositionStandingView(string Category, string CategoryName, decimal? MinShare, decimal? MaxShare, int Count, int Total, string? Warning);

/// <summary>A unit's seats: held, handed to its children, used by its own candidates, free.</summary>
public sealed record QuotaView(long OrgUnitId, string OrgUnitName, long? ParentOrgUnitId, int Seats, int AllocatedToChildren, int Used, int Free);

/// <summary>How many candidates of a unit are in each state.</summary>
public sealed record PipelineRow(long OrgUnitId, string OrgUnitName, IReadOnlyDictionary<string, int> Counts);

public sealed record VoteInput(string? MeetingKind, DateOnly? HeldOn, int? Present, int? For, int? Against, int? Abstaining);

public sealed record CandidateInput(
    long? CampaignId, long? OrgUnitId, long? PoolEntryId, string? Name, string? ResidentId, string? Workplace, string? Post,
    string? Category, string? Deeds, VoteInput? Vote);

public sealed record StepInput(string? Action, string? Reason);

public sealed record CandidateCreated(long Id, string State, long? HonoreeId, IReadOnlyList<string> CompositionWarnings);

public sealed record StepView(
    int Seq, string Action, string ActionName, string? FromState, string? FromStateName, string ToState, string ToStateName,
    string? Reason, string Payload, string ActorName, DateTimeOffset OccurredAt);

public sealed record CandidateView(
    long Id, long CampaignId, string CampaignTitle, long OrgUnitId, string OrgUnitName, long? PoolEntryId, long? HonoreeId, string Name,
    string ResidentIdMasked, string Gender, string Workplace, string Post, string Category, string CategoryName, string Deeds,
    string State, string StateName, VoteView Vote, IReadOnlyList<StepView> Steps);

public sealed record VoteView(string MeetingKind, string MeetingKindName, DateOnly HeldOn, int Present, int For, int Against, int Abstaining);

public sealed record CandidateListItem(long Id, long CampaignId, long OrgUnitId, string OrgUnitName, string Name, string Category, string CategoryName, string State, string StateName);
