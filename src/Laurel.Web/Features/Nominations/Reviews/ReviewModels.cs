namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>Review one (审核一): the party committee's consent. <c>CorrectionReason</c> is required when one is already recorded.</summary>
public sealed record FirstReviewInput(string? CommitteeName, DateOnly? ConsentedOn, string? Signer, string? Document, string? Note, string? CorrectionReason);

/// <summary>One department's signed opinion (审核二). <c>CorrectionReason</c> is required when the department's opinion is already recorded.</summary>
public sealed record OpinionInput(string? Department, string? Authority, string? Opinion, string? Remarks, DateOnly? SignedOn, string? Signer,
    string? CorrectionReason);

public sealed record OverrideInput(long? OpinionId, string? Reason);

public sealed record OverrideRejection(string? Reason);

/// <summary>The departments the campaign requires for every candidate (names from its list).</summary>
public sealed record ReviewDepartmentsInput(IReadOnlyList<string>? Required);

public sealed record FirstReviewView(long Id, string CommitteeName, DateOnly ConsentedOn, string Signer, string? Document, string? Note,
    long? SupersedesId, string? CorrectionReason, bool Current, string RecordedByName, DateTimeOffset RecordedAt);

public sealed record OpinionView(long Id, string Department, string Authority, string Opinion, string OpinionName, string? Remarks, DateOnly SignedOn,
    string Signer, long? SupersedesId, string? CorrectionReason, bool Current, bool Overridden, string RecordedByName, DateTimeOffset RecordedAt);

public sealed record OverrideView(long Id, long OpinionId, string Department, string Reason, string Status, string StatusName, long ProposedBy,
    string ProposerName, DateTimeOffset ProposedAt, string? DeciderName, DateTimeOffset? DecidedAt, string? RejectionReason);

public sealed record ReviewDepartmentView(string Name, bool RequiredForAll, bool RequiredForCandidate);

/// <summary>
/// A candidate's two reviews as the gate sees them (GET /candidates/{id}/reviews): the current consent and its history,
/// every opinion (current ones first by department), the departments and which this candidate needs, the overrides, and
/// what is missing for the review the candidate is in (stage, entered at StageSince: only records made since count),
/// with the gate's refusal.
/// </summary>
public sealed record CandidateReviewsView(
    long CandidateId, long CampaignId, string State, string Category, string? Stage, DateTimeOffset? StageSince, FirstReviewView? FirstReview,
    IReadOnlyList<FirstReviewView> FirstReviewHistory, IReadOnlyList<OpinionView> Opinions, IReadOnlyList<ReviewDepartmentView> Departments,
    IReadOnlyList<string> RequiredDepartments, IReadOnlyList<OverrideView> Overrides, IReadOnlyList<string> Missing, bool CanProceed,
    string? Refusal, bool CanRecordFirstReview, bool CanRecordOpinions);
