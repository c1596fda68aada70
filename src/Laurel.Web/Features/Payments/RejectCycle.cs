using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Payments;

/// <summary>Sends a computed cycle back to draft with the reviewer's comment.</summary>
public sealed class RejectCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, AuditLog audit)
{
    public async Task<Outcome<CycleStatusView>> RejectAsync(long id, CommentInput input, CancellationToken ct = default)
    {
        var commentErrors = new FieldErrors();
        var comment = TextFields.Required(input.Comment, "comment", "退回意见", 500, commentErrors, multiLine: true);
        if (commentErrors.Any)
        {
            return Outcome<CycleStatusView>.Invalid(commentErrors);
        }
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Reject);
        if (cycle is null)
        {
            return refusal!.As<CycleStatusView>();
        }
        var tx = work.Transaction;
        var status = cycle.StatusAfter(CycleAction.Reject);
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = @status, last_rejection = @comment, version = version + 1 WHERE id = @id",
            ct, ("comment", comment!), ("id", id), ("status", status));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status, comment },
            $"退回发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}，意见：{comment}");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, status));
    }
}
