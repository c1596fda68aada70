using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Revocations;

/// <summary>
/// The decision of a case by a selection admin of the awarding level who did not propose it, in the request's unit of
/// work: the case row is locked (FOR UPDATE), so two presses at once decide once and the second answers 409; the honour
/// becomes revoked from the effective date (revoked_on, a reason made of the grounds and the 文号) or, for a
/// reinstatement, active again; both changes are audited. From then on the policy engine counts the revoked honour for
/// nothing from the effective date, and the next payment cycle's corrections recover what was paid after it.
/// </summary>
public sealed class DecideCase(LaurelDb db, UnitOfWork work, RevocationAccess access, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CaseView>> DecideAsync(long id, DecisionInput input)
    {
        var (row, refusal) = await LockAsync(id, RevocationAction.Decide);
        if (row is null)
        {
            return refusal!;
        }
        var errors = new FieldErrors();
        var documentNumber = TextFields.Required(input.DocumentNumber, "documentNumber", "决定文号", RevocationRules.MaxDocumentNumber, errors);
        var today = Dates.Today(clock);
        var kind = row.KindValue;
        if (input.EffectiveOn is not { } effectiveOn)
        {
            errors.Add("effectiveOn", "生效日期不能为空");
        }
        else if (RevocationRules.EffectiveDateRefusal(kind, effectiveOn, row.AwardedOn, row.RevokedOn, today) is { } dateProblem)
        {
            errors.Add("effectiveOn", dateProblem);
        }
        if (errors.Any)
        {
            return Outcome<CaseView>.Invalid(errors);
        }
        var tx = work.Transaction;
        // The honour as it stands now, locked: nothing else changes it between the check and the update.
        var honourStatus = await tx.ScalarAsync<string>("SELECT status FROM honours WHERE id = @id FOR UPDATE", ("id", row.HonourId));
        if (RevocationRules.OpeningRefusal(kind, honourStatus == "revoked") is { } stale)
        {
            return Outcome<CaseView>.Conflict(stale);
        }
        var before = new { status = row.HonourStatus, revokedOn = row.RevokedOn, revocationReason = row.RevocationReason };
        object after;
        string summary;
        if (kind == RevocationKind.Revocation)
        {
            var reason = RevocationRules.HonourReason(RevocationRules.ParseGround(row.Grounds)!.Value, documentNumber!);
            await tx.ExecuteAsync("""
                UPDATE honours SET status = 'revoked', revoked_on = @on, revocation_reason = @reason, version = version + 1 WHERE id = @id
                """, default, ("on", input.EffectiveOn!.Value), ("reason", reason), ("id", row.HonourId));
            after = new { status = "revoked", revokedOn = input.EffectiveOn, revocationReason = reason };
            summary = $"撤销 {row.HonoreeName} 的“{row.HonourName}”，自 {input.EffectiveOn:yyyy-MM-dd} 起（{documentNumber}，案件 {id}）";
        }
        else
        {
            // A reinstatement ends the revocation as if it had not been made (ADR 22): the honour counts again from its
            // award, and the next cycle's corrections pay what the revocation withheld.
            await tx.ExecuteAsync("""
                UPDATE honours SET status = 'active', revoked_on = NULL, revocation_reason = NULL, version = version + 1 WHERE id = @id
                """, default, ("id", row.HonourId));
            after = new { status = "active", revokedOn = (DateOnly?)null, revocationReason = (string?)null };
            summary = $"恢复 {row.HonoreeName} 的“{row.HonourName}”，自 {input.EffectiveOn:yyyy-MM-dd} 起（{documentNumber}，案件 {id}）";
        }
        await tx.ExecuteAsync("""
            UPDATE revocation_cases SET status = 'decided', decided_by = @by, decided_at = @at, document_number = @number, effective_on = @on,
                version = version + 1 WHERE id = @id
            """, default, ("by", user.Id!.Value), ("at", clock.GetUtcNow()), ("number", documentNumber!), ("on", input.EffectiveOn!.Value), ("id", id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Honour, row.HonourId, before, after, summary);
        audit.Record(AuditActions.Update, AuditObjectTypes.RevocationCase, id, new { status = row.Status },
            new { status = "decided", documentNumber, effectiveOn = input.EffectiveOn }, "决定：" + summary);
        await db.SaveChangesAsync();
        return Outcome<CaseView>.Ok(await ReadBackAsync(id));
    }

    public async Task<Outcome<CaseView>> RejectAsync(long id, RejectionInput input)
    {
        var (row, refusal) = await LockAsync(id, RevocationAction.Reject);
        if (row is null)
        {
            return refusal!;
        }
        var errors = new FieldErrors();
        var reason = TextFields.Required(input.Reason, "reason", "驳回理由", RevocationRules.MaxReason, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<CaseView>.Invalid(errors);
        }
        await work.Transaction.ExecuteAsync("""
            UPDATE revocation_cases SET status = 'rejected', decided_by = @by, decided_at = @at, rejection_reason = @reason, version = version + 1
            WHERE id = @id
            """, default, ("by", user.Id!.Value), ("at", clock.GetUtcNow()), ("reason", reason!), ("id", id));
        audit.Record(AuditActions.Update, AuditObjectTypes.RevocationCase, id, new { status = row.Status }, new { status = "rejected", reason },
            $"驳回{RevocationRules.ChineseName(row.KindValue)}申请：{row.HonoreeName} 的“{row.HonourName}”（案件 {id}），理由：{reason}");
        await db.SaveChangesAsync();
        return Outcome<CaseView>.Ok(await ReadBackAsync(id));
    }

    /// <summary>The case locked for the decision, or the refusal: 404 out of sight, 403 not this user's to decide, 409 already done.</summary>
    private async Task<(CaseRow? Row, Outcome<CaseView>? Refusal)> LockAsync(long id, RevocationAction action)
    {
        var tx = work.Transaction;
        var row = await access.ReadAsync(tx.Connection!, tx, id, forUpdate: true);
        if (row is null)
        {
            return (null, Outcome<CaseView>.NotFound());
        }
        var (_, stateRefusal) = RevocationRules.Next(row.StatusValue, action);
        if (stateRefusal is not null)
        {
            return (null, Outcome<CaseView>.Conflict(stateRefusal));
        }
        if (await access.DeciderRefusalAsync(row) is { } notYours)
        {
            if (row.ProposedBy == user.Id)
            {
                // A proposer deciding their own case is recorded as self-service refusals are (ADR 18): the entry stands
                // although the refusal rolls the request's unit of work back.
                await audit.RecordRefusalAsync(AuditObjectTypes.RevocationCase, id,
                    $"拒绝：提出人试图审核本人提出的{RevocationRules.ChineseName(row.KindValue)}申请（{row.HonoreeName}，案件 {id}）");
            }
            return (null, Outcome<CaseView>.Forbidden(notYours));
        }
        return (row, null);
    }

    private async Task<CaseView> ReadBackAsync(long id)
    {
        var tx = work.Transaction;
        return await access.ViewAsync((await access.ReadAsync(tx.Connection!, tx, id, forUpdate: false))!);
    }
}
