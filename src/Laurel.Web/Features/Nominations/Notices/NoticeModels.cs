namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>
/// A notice to publish (POST /campaigns/{id}/notices). <see cref="OrgUnitId"/> is only read at the recommending level
/// (the union on the path between the candidates' units and the campaign's); it defaults to their nearest common unit.
/// </summary>
public sealed record NoticeInput(
    string? Level, IReadOnlyList<long>? CandidateIds, DateOnly? OpensOn, int? WorkingDays, string? Title, string? ContactPhone,
    string? ContactAddress, string? ContactEmail, int? TakedownDays, long? OrgUnitId = null);

public sealed record NoticeReasonInput(string? Reason);

/// <summary>One notice in a campaign's list; the API answers of it the shape outside clients rely on (issue 12 §7).</summary>
public sealed record NoticeSummary(long Id, string Level, string LevelName, string Title, DateOnly OpensOn, DateOnly ClosesOn, string Status,
    string StatusName, string? Certificate);

/// <summary>What was published of one candidate (notice_candidates), with the candidate's state now.</summary>
public sealed record NoticeCandidateView(long CandidateId, int Position, string Name, string Gender, string Unit, string Post, string Summary,
    string State, string StateName);

/// <summary>A notice as the staff read it: window, contact, snapshot hash, certificate, withdrawal and candidates.</summary>
public sealed record NoticeView(
    long Id, long CampaignId, string CampaignName, long OrgUnitId, string OrgUnitName, string Level, string LevelName, string Title,
    DateOnly OpensOn, int WorkingDays, DateOnly ClosesOn, string Status, string StatusName, string ContactPhone, string ContactAddress,
    string? ContactEmail, int TakedownDays, DateOnly TakedownOn, string SnapshotSha256, string PublishedBy, DateTimeOffset PublishedAt,
    string? Certificate, string? ClosedBy, DateTimeOffset? ClosedAt, string? WithdrawnReason, string? WithdrawnBy, DateTimeOffset? WithdrawnAt,
    int Objections, bool CanManage, IReadOnlyList<NoticeCandidateView> Candidates);

/// <summary>A candidate moved on (or held back by a gate, with the reason) when a notice is closed out.</summary>
public sealed record HeldCandidate(long Id, string Name, string Reason);

public sealed record MovedCandidate(long Id, string Name);

public sealed record CloseOutView(long Id, string Certificate, IReadOnlyList<MovedCandidate> Advanced, IReadOnlyList<HeldCandidate> Held);

public sealed record WithdrawalView(long Id, string Reason, IReadOnlyList<MovedCandidate> SentBack);

/// <summary>A candidate the publish page offers: in the entry state of the level, in the user's scope.</summary>
public sealed record NoticeChoice(long Id, string Name, string Gender, string OrgUnitName, string Workplace, string Post);

/// <summary>What publishing answers: the new notice's window and the SHA-256 of its snapshot.</summary>
public sealed record PublishedView(long Id, string Level, string Title, DateOnly OpensOn, DateOnly ClosesOn, string Status, string SnapshotSha256,
    IReadOnlyList<long> CandidateIds);
