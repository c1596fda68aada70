using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Payments;

/// <summary>Closes a reconciled cycle once no bank payment of it is still unresolved.</summary>
public sealed class CloseCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CycleStatusView>> CloseAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Close);
        if (cycle is null)
        {
            return refusal!.As<CycleStatusView>();
        }
        var tx = work.Transaction;
        var status = cycle.StatusAfter(CycleAction.Close);
        var pending = await tx.ScalarAsync<long?>("SELECT count(*) FROM payment_items WHERE cycle_id = @id AND status = 'pending'", ("id", id)) ?? 0;
        if (pending > 0)
        {
            return Outcome<CycleStatusView>.Conflict($"还有 {pending} 笔银行结果未确认，不能关闭批次");
        }
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = @status, closed_at = @at, version = version + 1 WHERE id = @id",
            ct, ("at", clock.GetUtcNow()), ("id", id), ("status", status));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status },
            $"关闭发放批次：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, status));
    }
}
