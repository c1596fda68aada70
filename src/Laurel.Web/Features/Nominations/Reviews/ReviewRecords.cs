using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>A candidate as the reviews see it: its campaign, category, state and the two units whose powers count.</summary>
public sealed record ReviewCandidate(long Id, long CampaignId, string Name, string Category, string State, string UnitPath, string CampaignUnitPath)
{
    public CandidateState StateValue => CandidateStates.Parse(State)!.Value;
}

/// <summary>
/// Reads a candidate's review records and computes what is missing (ADR 25): the one piece of code behind
/// <see cref="ReviewGate"/> and GET /candidates/{id}/reviews. Current rows are those no later row supersedes.
/// </summary>
public static class ReviewRecords
{
    private sealed record FirstRow(long Id, string CommitteeName, DateOnly ConsentedOn, string Signer, string? Document, string? Note,
        long? SupersedesId, string? CorrectionReason, bool Current, string RecordedByName, DateTimeOffset RecordedAt);

    private sealed record OpinionRow(long Id, string Department, string Authority, string Opinion, string? Remarks, DateOnly SignedOn, string Signer,
        long? SupersedesId, string? CorrectionReason, bool Current, bool Overridden, string RecordedByName, DateTimeOffset RecordedAt);

    private sealed record OverrideRow(long Id, long OpinionId, string Department, string Reason, string Status, long ProposedBy, string ProposerName,
        DateTimeOffset ProposedAt, string? DeciderName, DateTimeOffset? DecidedAt, string? RejectionReason);

    private sealed record NameRow(string Name);

    public const string CandidateSql = """
        SELECT k.id, k.campaign_id, k.name, k.category, k.state, u.path AS unit_path, cu.path AS campaign_unit_path
        FROM candidates k JOIN org_units u ON u.id = k.org_unit_id
             JOIN campaigns c ON c.id = k.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
        WHERE k.id = @id
        """;

    /// <summary>The candidate (locked FOR UPDATE when <paramref name="forUpdate"/>), or null.</summary>
    public static async Task<ReviewCandidate?> CandidateAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, bool forUpdate)
    {
        await using var command = NominationAccess.Command(connection, tx, CandidateSql + (forUpdate ? " FOR UPDATE OF k" : ""), ("id", id));
        return await Rows.FirstOrDefaultAsync<ReviewCandidate>(command);
    }

    /// <summary>
    /// The candidate locked for a review command in the request's unit of work, or the refusal: 404 out of sight, 403
    /// when <paramref name="allowed"/> says no (<paramref name="forbidden"/>), 409 outside <paramref name="state"/>
    /// ("…只能在“审核一（同级党委）”环节" + <paramref name="what"/>).
    /// </summary>
    public static async Task<(ReviewCandidate? Candidate, Outcome<T>? Refusal)> LockAsync<T>(UnitOfWork work, NominationAccess access, long id,
        Func<ReviewCandidate, Task<bool>> allowed, string forbidden, CandidateState state, string what)
    {
        var tx = work.Transaction;
        var candidate = await CandidateAsync(tx.Connection!, tx, id, forUpdate: true);
        if (candidate is null || !await access.CanReadAtAsync(candidate.UnitPath))
        {
            return (null, Outcome<T>.NotFound());
        }
        if (!await allowed(candidate))
        {
            return (null, Outcome<T>.Forbidden(forbidden));
        }
        return candidate.StateValue == state
            ? (candidate, null)
            : (null, Outcome<T>.Conflict($"该人选处于“{CandidateStates.ChineseName(candidate.StateValue)}”，只能在“{CandidateStates.ChineseName(state)}”环节{what}"));
    }

    /// <summary>The campaign's departments in order and the set it requires for every candidate.</summary>
    public static async Task<(IReadOnlyList<string> Listed, IReadOnlySet<string> RequiredForAll)> DepartmentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId)
    {
        await using var listed = NominationAccess.Command(connection, tx,
            "SELECT name FROM campaign_departments WHERE campaign_id = @id ORDER BY position", ("id", campaignId));
        var names = (await Rows.ListAsync<NameRow>(listed)).Select(r => r.Name).ToList();
        await using var required = NominationAccess.Command(connection, tx,
            "SELECT name FROM campaign_required_departments WHERE campaign_id = @id", ("id", campaignId));
        var set = (await Rows.ListAsync<NameRow>(required)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return (names, set);
    }

    /// <summary>Everything recorded on the candidate's reviews, and what the review it is in still lacks.</summary>
    public static async Task<CandidateReviewsView> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, ReviewCandidate candidate,
        bool canRecordFirstReview = false, bool canRecordOpinions = false)
    {
        await using var firstCommand = NominationAccess.Command(connection, tx, """
            SELECT f.id, f.committee_name, f.consented_on, f.signer, f.document, f.note, f.supersedes_id, f.correction_reason,
                   NOT EXISTS (SELECT 1 FROM first_reviews s WHERE s.supersedes_id = f.id) AS current,
                   coalesce(u.display_name, '') AS recorded_by_name, f.recorded_at
            FROM first_reviews f LEFT JOIN users u ON u.id = f.recorded_by
            WHERE f.candidate_id = @id ORDER BY f.id DESC
            """, ("id", candidate.Id));
        var firsts = (await Rows.ListAsync<FirstRow>(firstCommand)).Select(f => new FirstReviewView(f.Id, f.CommitteeName, f.ConsentedOn, f.Signer,
            f.Document, f.Note, f.SupersedesId, f.CorrectionReason, f.Current, f.RecordedByName, f.RecordedAt)).ToList();

        await using var opinionCommand = NominationAccess.Command(connection, tx, """
            SELECT o.id, o.department, o.authority, o.opinion, o.remarks, o.signed_on, o.signer, o.supersedes_id, o.correction_reason,
                   NOT EXISTS (SELECT 1 FROM review_opinions s WHERE s.supersedes_id = o.id) AS current,
                   EXISTS (SELECT 1 FROM opinion_overrides v WHERE v.opinion_id = o.id AND v.status = 'approved') AS overridden,
                   coalesce(u.display_name, '') AS recorded_by_name, o.recorded_at
            FROM review_opinions o LEFT JOIN users u ON u.id = o.recorded_by
            WHERE o.candidate_id = @id ORDER BY o.id DESC
            """, ("id", candidate.Id));
        var opinions = (await Rows.ListAsync<OpinionRow>(opinionCommand)).Select(o => new OpinionView(o.Id, o.Department, o.Authority, o.Opinion,
            ReviewRules.OpinionName(o.Opinion), o.Remarks, o.SignedOn, o.Signer, o.SupersedesId, o.CorrectionReason, o.Current, o.Overridden,
            o.RecordedByName, o.RecordedAt)).ToList();

        await using var overrideCommand = NominationAccess.Command(connection, tx, """
            SELECT v.id, v.opinion_id, o.department, v.reason, v.status, v.proposed_by, pu.display_name AS proposer_name, v.proposed_at,
                   du.display_name AS decider_name, v.decided_at, v.rejection_reason
            FROM opinion_overrides v JOIN review_opinions o ON o.id = v.opinion_id
                 JOIN users pu ON pu.id = v.proposed_by LEFT JOIN users du ON du.id = v.decided_by
            WHERE v.candidate_id = @id ORDER BY v.id DESC
            """, ("id", candidate.Id));
        var overrides = (await Rows.ListAsync<OverrideRow>(overrideCommand)).Select(v => new OverrideView(v.Id, v.OpinionId, v.Department, v.Reason,
            v.Status, ReviewRules.OverrideStatusName(v.Status), v.ProposedBy, v.ProposerName, v.ProposedAt, v.DeciderName, v.DecidedAt,
            v.RejectionReason)).ToList();

        var (listed, requiredForAll) = await DepartmentsAsync(connection, tx, candidate.CampaignId);
        // Current opinions first, in the campaign's order of departments, then the superseded ones, latest first.
        opinions = [.. opinions.OrderByDescending(o => o.Current).ThenBy(o => IndexOf(listed, o.Department)).ThenByDescending(o => o.Id)];
        var required = ReviewRules.RequiredDepartments(candidate.Category, listed, requiredForAll);
        var current = firsts.FirstOrDefault(f => f.Current);
        var state = candidate.StateValue;
        // A review counts for the candidate's present stay in the state: after going back to redo it, records made
        // before count for nothing until corrected.
        DateTimeOffset? since = null;
        if (ReviewRules.Guards(state))
        {
            await using var entered = NominationAccess.Command(connection, tx,
                "SELECT max(occurred_at) FROM candidate_steps WHERE candidate_id = @id AND to_state = @state", ("id", candidate.Id), ("state", candidate.State));
            since = await entered.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
        }
        bool Counts(DateTimeOffset recordedAt) => since is null || recordedAt >= since;
        IReadOnlyList<string> missing = state switch
        {
            CandidateState.FirstReview => ReviewRules.FirstReviewMissing(current is not null, current is not null && !Counts(current.RecordedAt)),
            CandidateState.SecondReview => ReviewRules.SecondReviewMissing(required, opinions.Where(o => o.Current && Counts(o.RecordedAt))
                .Select(o => new OpinionStanding(o.Department, o.Opinion == ReviewRules.Agree, o.Overridden)).ToList()),
            _ => [],
        };
        var stage = ReviewRules.Guards(state) ? candidate.State : null;
        return new CandidateReviewsView(candidate.Id, candidate.CampaignId, candidate.State, candidate.Category, stage, since, current, firsts,
            opinions,
            listed.Select(d => new ReviewDepartmentView(d, requiredForAll.Contains(d), required.Contains(d))).ToList(), required, overrides, missing,
            missing.Count == 0, ReviewRules.Refusal(state, missing),
            canRecordFirstReview && state == CandidateState.FirstReview, canRecordOpinions && state == CandidateState.SecondReview);
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == name)
            {
                return i;
            }
        }
        return list.Count;
    }
}
