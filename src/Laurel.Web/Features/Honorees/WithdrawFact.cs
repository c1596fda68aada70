using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

public sealed record WithdrawFactInput(string? Reason);

/// <summary>
/// Withdraws a dated fact entered in error (wrong person, wrong date): the row stays with when, by whom and why, and
/// every computation ignores it from then on, for every month (ADR 17). Corrections of months already paid follow
/// as for any late news (ADR 8).
/// </summary>
public sealed class WithdrawFact(LaurelDb db, Scope scope, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> WithdrawAsync(long honoreeId, long factId, WithdrawFactInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        await db.Entry(honoree).Collection(h => h.Facts).LoadAsync();
        var fact = honoree.Facts.FirstOrDefault(f => f.Id == factId);
        if (fact is null)
        {
            return Outcome<long>.NotFound();
        }
        var what = $"{honoree.Name}的{FactCodes.KindName(fact.Kind)}记录（{fact.EffectiveOn:yyyy-MM-dd} 起）";
        if (fact.WithdrawnAt is not null)
        {
            return Outcome<long>.Conflict($"{what}已经撤回。");
        }
        var errors = new FieldErrors();
        var reason = Required(input.Reason, "reason", "撤回原因", 500, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var remaining = FactMapping.InRecordingOrder(honoree.Facts.Where(f => f.Id != fact.Id)).ToList();
        if (FactRules.CheckWithdrawal(FactCodes.ParseFactKind(fact.Kind)!.Value, remaining) is { } problem)
        {
            return Outcome<long>.Conflict(problem);
        }
        // Withdrawing a transfer gives the record back to its former unit: only to one the user may write.
        var unitAfter = FactTimeline.AsOf(remaining, DateOnly.MaxValue).OrgUnit?.OrgUnitId ?? honoree.OrgUnitId;
        if (unitAfter != honoree.OrgUnitId
            && !(await scope.UnitIdsUnderAsync((await user.GrantsAsync()).HonoreeWriteRoots)).Contains(unitAfter))
        {
            return Outcome<long>.Forbidden("撤回后档案将回到您管理范围以外的单位，请由上级单位撤回这条管理单位变更。");
        }
        var before = Snapshot(honoree);
        var now = clock.GetUtcNow();
        fact.WithdrawnAt = now;
        fact.WithdrawnBy = user.Id;
        fact.WithdrawalReason = reason;
        ApplySnapshot(honoree);
        honoree.Version++;
        honoree.UpdatedAt = now;
        audit.Record(AuditActions.Update, "honoree_fact", honoree.Id,
            new { factId = fact.Id, fact.Kind, fact.EffectiveOn, fact.RecordedAt, record = before },
            new { factId = fact.Id, fact.Kind, fact.EffectiveOn, fact.WithdrawnAt, reason, record = Snapshot(honoree) },
            $"撤回{what}：{reason}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(fact.Id);
    }
}
