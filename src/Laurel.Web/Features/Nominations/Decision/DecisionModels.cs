namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>
/// POST /api/v1/campaigns/{id}/decision: the awarding body, the date (not in the future), the document number (文号) and,
/// optionally, the candidates it covers (by default every candidate in the final notice who passes its gates).
/// </summary>
public sealed record DecisionInput(string? AwardingBody, DateOnly? DecidedOn, string? DocumentNumber, IReadOnlyList<long>? CandidateIds = null);

/// <summary>One approved candidate of a decision: the person record that took the honour and the honour.</summary>
public sealed record DecisionItemView(long CandidateId, string Name, long OrgUnitId, string OrgUnitName, string Category, string CategoryName,
    long HonoreeId, long HonourId, bool CreatedHonoree);

/// <summary>An award decision (表彰决定) and its list.</summary>
public sealed record DecisionView(long Id, long CampaignId, string AwardingBody, DateOnly DecidedOn, string DocumentNumber, string TitleName,
    string DecidedBy, DateTimeOffset DecidedAt, IReadOnlyList<DecisionItemView> Items);

/// <summary>A candidate in the final notice, and whether the decision may approve them now (Refusal null) or why not.</summary>
public sealed record ReadyCandidate(long Id, string Name, long OrgUnitId, string OrgUnitName, string Category, string CategoryName, string? Refusal)
{
    /// <summary>The recommending unit's path: the page lists only the candidates the user reads.</summary>
    public string UnitPath { get; init; } = "";
}

/// <summary>What the campaign page shows of the decision: the candidates ready, the checks against the rules, or the decision made.</summary>
/// <remarks><see cref="Candidates"/> are those the user reads; <see cref="ReadyCount"/>, the seats and the composition count them all.</remarks>
public sealed record DecisionPanel(long CampaignId, string Status, string StatusName, bool CanDecide, string? StatusRefusal, int SeatTotal,
    IReadOnlyList<ReadyCandidate> Candidates, int ReadyCount, IReadOnlyList<CompositionStandingView> Composition, string? SeatRefusal, DecisionView? Decision)
{

    public bool CompositionMet => Composition.All(s => s.Warning is null);
}
