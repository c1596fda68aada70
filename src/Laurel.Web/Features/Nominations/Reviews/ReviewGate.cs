using Laurel.Rules.Nominations;
using Laurel.Web.Data;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>
/// Leaving first_review needs the party committee's current consent; leaving second_review needs an opinion of every
/// required department and no negative opinion without an approved override (ADR 25). The refusal is the same sentence
/// GET /candidates/{id}/reviews shows, from the same code (<see cref="ReviewRecords.LoadAsync"/>).
/// </summary>
public sealed class ReviewGate(UnitOfWork work) : ICandidateGate
{
    public bool Guards(CandidateState leaving) => ReviewRules.Guards(leaving);

    public async Task<string?> RefusalAsync(CandidateForStep candidate)
    {
        var tx = work.Transaction;
        var row = await ReviewRecords.CandidateAsync(tx.Connection!, tx, candidate.Id, forUpdate: false);
        return row is null ? "推荐人选不存在" : (await ReviewRecords.LoadAsync(tx.Connection!, tx, row)).Refusal;
    }
}
