using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Payments;

/// <summary>Sends a computed cycle back to draft with the reviewer's comment; the one who computed it may not (they compute again).</summary>
public sealed class RejectCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, AuditLog audit)
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
        if (PaymentCycles.RejectionRefusal(cycle.ComputedBy, user.Id ?? 0) is { } makerChecker)
        {
            return Outcome<CycleStatusView>.Forbidden(makerChecker);
        }
        var tx = work.Transaction;
        var status = cycle.StatusAfter(CycleAction.Reject);
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = @status, last_rejection = @comment, version = version + 1 WHERE id = @id",
            ct, ("comment", comment!), ("id", id), ("status", status));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status, comment },
            $"退回发放批次：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}，意见：{comment}");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, status));
    }
}
