using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// What must hold before a candidate leaves a state (ADR 24). Every forward step goes through
/// <see cref="CandidateSteps.RecordAsync"/>, which asks each gate that guards the state being left; a refusal is a 409
/// with the gate's reason. The notices guard the three notice states; the reviews guard the two review states.
/// </summary>
public interface ICandidateGate
{
    bool Guards(CandidateState leaving);

    /// <summary>Null when the candidate may move on; otherwise the Chinese reason.</summary>
    Task<string?> RefusalAsync(CandidateForStep candidate);
}

/// <summary>
/// A candidate leaves a notice only when the window of the latest notice they are on at that level has closed and every
/// objection raised against them on it is closed (finding recorded; for a named objector, the response too), and no
/// upheld objection stands without the campaign's reasoned decision to continue.
/// </summary>
public sealed class NoticeGate(UnitOfWork work, TimeProvider clock) : ICandidateGate
{
    public bool Guards(CandidateState leaving) => Notices.LevelOf(leaving) is not null;

    public async Task<string?> RefusalAsync(CandidateForStep candidate)
    {
        var level = Notices.LevelOf(candidate.StateValue)!.Value;
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT n.opens_on, n.closes_on, n.withdrawn_at IS NOT NULL AS withdrawn,
                   (SELECT count(*) FROM objections o WHERE o.notice_id = n.id AND o.candidate_id = @candidate
                      AND (o.finding IS NULL OR (o.objector_name IS NOT NULL AND o.response_on IS NULL AND o.finding <> 'inadmissible')))::int AS open_objections,
                   (SELECT count(*) FROM objections o WHERE o.notice_id = n.id AND o.candidate_id = @candidate
                      AND o.finding = 'upheld' AND o.continue_reason IS NULL)::int AS upheld
            FROM notices n JOIN notice_candidates nc ON nc.notice_id = n.id
            WHERE nc.candidate_id = @candidate AND n.level = @level
            ORDER BY n.published_at DESC, n.id DESC LIMIT 1
            """, ("candidate", candidate.Id), ("level", Notices.Code(level)));
        var row = await Rows.FirstOrDefaultAsync<GateRow>(command);
        var status = row is null ? (NoticeStatus?)null : Notices.StatusOn(Dates.Today(clock), row.OpensOn, row.ClosesOn, row.Withdrawn);
        return Notices.LeaveRefusal(status, row?.ClosesOn, row?.OpenObjections ?? 0, row?.Upheld ?? 0);
    }

    private sealed record GateRow(DateOnly OpensOn, DateOnly ClosesOn, bool Withdrawn, int OpenObjections, int Upheld);
}
