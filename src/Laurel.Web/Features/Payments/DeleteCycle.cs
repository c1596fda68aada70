using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// Deletes a draft or computed cycle with its items (a cycle created for a wrong month, say), audited; an approved
/// cycle answers 409 with the reason.
/// </summary>
public sealed class DeleteCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, AuditLog audit)
{
    public async Task<Outcome<CycleStatusView>> DeleteAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Delete);
        if (cycle is null)
        {
            return refusal!.As<CycleStatusView>();
        }
        var tx = work.Transaction;
        await tx.ExecuteAsync("DELETE FROM payment_items WHERE cycle_id = @id", ct, ("id", id));
        await tx.ExecuteAsync("DELETE FROM payment_cycles WHERE id = @id", ct, ("id", id));
        audit.Record(AuditActions.Delete, "payment_cycle", id,
            new { payingOrgUnitId = cycle.PayingOrgUnitId, month = PayMonth.Format(cycle.Month), status = cycle.Status, cycle.ItemCount, cycle.Total }, null,
            $"删除发放批次：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}（{PaymentCycles.ChineseName(PaymentCycles.Parse(cycle.Status)!.Value)}，{cycle.ItemCount} 条明细）");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, "deleted"));
    }
}
