using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>
/// The campaign's reasoned decision to continue with a candidate despite a department's negative opinion (ADR 25),
/// maker-checker as in the payments and revocations: a selection admin of the campaign unit proposes it with a reason,
/// a different one approves or rejects it. The candidate is locked first, then the override, as every step locks them.
/// </summary>
public sealed class OpinionOverrides(LaurelDb db, UnitOfWork work, NominationAccess access, AuditLog audit, TimeProvider clock)
{
    private sealed record OverrideRow(long Id, long CandidateId, long OpinionId, string Status, long ProposedBy, string Department, string Reason);

    public async Task<Outcome<OverrideView>> ProposeAsync(long candidateId, OverrideInput input)
    {
        var (candidate, refusal) = await ReviewRecords.LockAsync<OverrideView>(work, access, candidateId, c => access.CanAdministerAtAsync(c.CampaignUnitPath),
            "继续推荐的决定需要评选活动所在单位的评选管理员提出", CandidateState.SecondReview, "提出继续推荐的决定");
        if (candidate is null)
        {
            return refusal!;
        }
        var tx = work.Transaction;
        var view = await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate);
        var errors = new FieldErrors();
        var opinion = input.OpinionId is { } opinionId ? view.Opinions.FirstOrDefault(o => o.Id == opinionId) : null;
        if (input.OpinionId is null)
        {
            errors.Add("opinionId", "请选择不同意的部门意见");
        }
        else if (opinion is null)
        {
            errors.Add("opinionId", "该人选没有这条部门意见");
        }
        else if (!opinion.Current)
        {
            errors.Add("opinionId", "这条部门意见已被更正，请对更正后的意见提出");
        }
        else if (opinion.Opinion != ReviewRules.Disagree)
        {
            errors.Add("opinionId", "这条部门意见为同意，无需作出继续推荐的决定");
        }
        var reason = TextFields.Required(input.Reason, "reason", "继续推荐的理由", ReviewRules.MaxText, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<OverrideView>.Invalid(errors);
        }
        if (opinion!.Overridden)
        {
            return Outcome<OverrideView>.Conflict($"对{opinion.Department}的不同意意见已有批准的继续推荐决定");
        }
        if (view.Overrides.FirstOrDefault(v => v.OpinionId == opinion.Id && v.Status == "proposed") is { } open)
        {
            return Outcome<OverrideView>.Conflict($"对{opinion.Department}的不同意意见已有待批准的继续推荐申请（编号 {open.Id}），请等待批准或驳回");
        }
        var id = await tx.ScalarAsync<long>("""
            INSERT INTO opinion_overrides (candidate_id, opinion_id, reason, proposed_by, proposed_at) VALUES (@candidate, @opinion, @reason, @by, @at) RETURNING id
            """, ("candidate", candidate.Id), ("opinion", opinion.Id), ("reason", reason!), ("by", access.UserId!.Value), ("at", clock.GetUtcNow()));
        audit.Record(AuditActions.Create, AuditObjectTypes.OpinionOverride, id, null,
            new { candidateId = candidate.Id, opinionId = opinion.Id, department = opinion.Department, reason, status = "proposed" },
            $"提出继续推荐：推荐人选 {candidate.Name} 的{opinion.Department}意见为不同意，理由：{reason}（待另一名评选管理员批准）");
        await db.SaveChangesAsync();
        return Outcome<OverrideView>.Ok(await ReadBackAsync(candidate, id));
    }

    public async Task<Outcome<OverrideView>> ApproveAsync(long id) => await DecideAsync(id, approve: true, null);

    public async Task<Outcome<OverrideView>> RejectAsync(long id, OverrideRejection input) => await DecideAsync(id, approve: false, input.Reason);

    private async Task<Outcome<OverrideView>> DecideAsync(long id, bool approve, string? rejectionInput)
    {
        var tx = work.Transaction;
        var candidateId = await tx.ScalarAsync<long?>("SELECT candidate_id FROM opinion_overrides WHERE id = @id", ("id", id));
        var candidate = candidateId is null ? null : await ReviewRecords.CandidateAsync(tx.Connection!, tx, candidateId.Value, forUpdate: true);
        if (candidate is null || !await access.CanReadAtAsync(candidate.UnitPath))
        {
            return Outcome<OverrideView>.NotFound();
        }
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT v.id, v.candidate_id, v.opinion_id, v.status, v.proposed_by, o.department, v.reason
            FROM opinion_overrides v JOIN review_opinions o ON o.id = v.opinion_id WHERE v.id = @id FOR UPDATE OF v
            """, ("id", id));
        var row = (await Rows.FirstOrDefaultAsync<OverrideRow>(command))!;
        var verb = approve ? "批准" : "驳回";
        if (!await access.CanAdministerAtAsync(candidate.CampaignUnitPath))
        {
            return Outcome<OverrideView>.Forbidden($"{verb}继续推荐的决定需要评选活动所在单位的评选管理员权限");
        }
        if (row.Status != "proposed")
        {
            return Outcome<OverrideView>.Conflict($"该继续推荐申请{ReviewRules.OverrideStatusName(row.Status)}，不能再{verb}");
        }
        if (row.ProposedBy == access.UserId)
        {
            // Recorded as self-service refusals are (ADR 18): the entry stands although the 403 rolls the unit of work back.
            await audit.RecordRefusalAsync(AuditObjectTypes.OpinionOverride, id, $"拒绝：提出人试图{verb}本人提出的继续推荐申请（推荐人选 {candidate.Name}，{row.Department}意见）");
            return Outcome<OverrideView>.Forbidden($"不能{verb}本人提出的继续推荐申请，须由另一名评选管理员{verb}");
        }
        string? rejection = null;
        if (!approve)
        {
            var errors = new FieldErrors();
            rejection = TextFields.Required(rejectionInput, "reason", "驳回理由", ReviewRules.MaxText, errors, multiLine: true);
            if (errors.Any)
            {
                return Outcome<OverrideView>.Invalid(errors);
            }
        }
        else
        {
            if (candidate.StateValue != CandidateState.SecondReview)
            {
                return Outcome<OverrideView>.Conflict($"该人选处于“{CandidateStates.ChineseName(candidate.StateValue)}”，不能再批准继续推荐");
            }
            var superseded = await tx.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM review_opinions WHERE supersedes_id = @id)", ("id", row.OpinionId));
            if (superseded)
            {
                return Outcome<OverrideView>.Conflict($"{row.Department}的意见已被更正，该申请针对的是更正前的意见，请驳回后对更正后的意见另行提出");
            }
        }
        await tx.ExecuteAsync("""
            UPDATE opinion_overrides SET status = @status, decided_by = @by, decided_at = @at, rejection_reason = @reason, version = version + 1 WHERE id = @id
            """, default, ("status", approve ? "approved" : "rejected"), ("by", access.UserId!.Value), ("at", clock.GetUtcNow()),
            ("reason", (object?)rejection ?? DBNull.Value), ("id", id));
        audit.Record(AuditActions.Update, AuditObjectTypes.OpinionOverride, id, new { status = row.Status },
            new { status = approve ? "approved" : "rejected", rejectionReason = rejection },
            approve
                ? $"批准继续推荐：推荐人选 {candidate.Name} 的{row.Department}意见为不同意，理由：{row.Reason}"
                : $"驳回继续推荐申请：推荐人选 {candidate.Name} 的{row.Department}意见，驳回理由：{rejection}");
        await db.SaveChangesAsync();
        return Outcome<OverrideView>.Ok(await ReadBackAsync(candidate, id));
    }

    private async Task<OverrideView> ReadBackAsync(ReviewCandidate candidate, long id)
    {
        var tx = work.Transaction;
        return (await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate)).Overrides.First(v => v.Id == id);
    }
}
