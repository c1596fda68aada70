using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>
/// Recording the two reviews (ADR 25) in the request's unit of work, on the candidate locked FOR UPDATE: review one by
/// the managers who write nominations at the candidate's (recommending) unit, review two's opinions by the campaign's
/// selection admins. Nothing is edited in place: a second record for the same consent or department supersedes the
/// current one and must say why (correctionReason). Every record is audited.
/// </summary>
public sealed class ReviewCommands(LaurelDb db, UnitOfWork work, NominationAccess access, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<FirstReviewView>> RecordFirstReviewAsync(long candidateId, FirstReviewInput input)
    {
        var (candidate, refusal) = await ReviewRecords.LockAsync<FirstReviewView>(work, access, candidateId, c => access.CanWriteAtAsync(c.UnitPath),
            "记录审核一需要推荐单位（或其上级工会）的劳模工作管理员权限", CandidateState.FirstReview, "记录审核一");
        if (candidate is null)
        {
            return refusal!;
        }
        var tx = work.Transaction;
        var before = await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate);
        var current = before.FirstReview;
        var errors = new FieldErrors();
        var committee = TextFields.Required(input.CommitteeName, "committeeName", "党委名称", ReviewRules.MaxName, errors);
        CheckDate(input.ConsentedOn, "consentedOn", "同意日期", errors);
        var signer = TextFields.Required(input.Signer, "signer", "签署人", ReviewRules.MaxSigner, errors);
        var document = TextFields.Optional(input.Document, "document", "文号", ReviewRules.MaxDocument, errors);
        var note = TextFields.Optional(input.Note, "note", "备注", ReviewRules.MaxText, errors, multiLine: true);
        var correction = CorrectionReason(input.CorrectionReason, current is not null, "已记录审核一，更正须写明更正理由", errors);
        if (errors.Any)
        {
            return Outcome<FirstReviewView>.Invalid(errors);
        }
        var id = await tx.ScalarAsync<long>("""
            INSERT INTO first_reviews (candidate_id, committee_name, consented_on, signer, document, note, supersedes_id, correction_reason, recorded_by, recorded_at)
            VALUES (@candidate, @committee, @on, @signer, @document, @note, @supersedes, @correction, @by, @at) RETURNING id
            """, ("candidate", candidate.Id), ("committee", committee!), ("on", input.ConsentedOn!.Value), ("signer", signer!),
            ("document", (object?)document ?? DBNull.Value), ("note", (object?)note ?? DBNull.Value), ("supersedes", (object?)current?.Id ?? DBNull.Value),
            ("correction", (object?)correction ?? DBNull.Value), ("by", (object?)access.UserId ?? DBNull.Value), ("at", clock.GetUtcNow()));
        var after = new { candidateId = candidate.Id, committeeName = committee, consentedOn = input.ConsentedOn, signer, document, note, supersedesId = current?.Id, correctionReason = correction };
        audit.Record(AuditActions.Create, AuditObjectTypes.FirstReview, id,
            current is null ? null : new { current.Id, current.CommitteeName, current.ConsentedOn, current.Signer, current.Document, current.Note }, after,
            (current is null ? "记录" : "更正") + $"推荐人选 {candidate.Name} 的审核一：{committee}同意（{input.ConsentedOn:yyyy-MM-dd}，签署人 {signer}）"
            + (correction is null ? "" : "，更正理由：" + correction));
        await db.SaveChangesAsync();
        var view = await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate);
        return Outcome<FirstReviewView>.Ok(view.FirstReview!);
    }

    public async Task<Outcome<OpinionView>> RecordOpinionAsync(long candidateId, OpinionInput input)
    {
        var (candidate, refusal) = await ReviewRecords.LockAsync<OpinionView>(work, access, candidateId, c => access.CanAdministerAtAsync(c.CampaignUnitPath),
            "录入部门意见需要评选活动所在单位的评选管理员权限", CandidateState.SecondReview, "录入部门意见");
        if (candidate is null)
        {
            return refusal!;
        }
        var tx = work.Transaction;
        var before = await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate);
        var errors = new FieldErrors();
        var department = TextFields.Required(input.Department, "department", "征求意见部门", 50, errors);
        var listed = before.Departments.Select(d => d.Name).ToList();
        if (department is not null && !listed.Contains(department))
        {
            errors.Add("department", listed.Count == 0
                ? "本次评选尚未列出征求意见部门，请先在评选活动中设置"
                : "征求意见部门应为本次评选所列部门之一：" + string.Join("、", listed));
            department = null;
        }
        var authority = TextFields.Required(input.Authority, "authority", "机关名称", ReviewRules.MaxName, errors);
        var opinion = input.Opinion?.Trim();
        if (!ReviewRules.IsOpinion(opinion))
        {
            errors.Add("opinion", "意见应为同意或不同意");
        }
        var remarks = TextFields.Optional(input.Remarks, "remarks", "意见内容", ReviewRules.MaxText, errors, multiLine: true);
        if (opinion == ReviewRules.Disagree && remarks is null && !errors.For("remarks").Any())
        {
            errors.Add("remarks", "不同意的意见须写明意见内容");
        }
        CheckDate(input.SignedOn, "signedOn", "签署日期", errors);
        var signer = TextFields.Required(input.Signer, "signer", "签署人", ReviewRules.MaxSigner, errors);
        var current = department is null ? null : before.Opinions.FirstOrDefault(o => o.Current && o.Department == department);
        var correction = CorrectionReason(input.CorrectionReason, current is not null, "该部门意见已录入，更正须写明更正理由", errors);
        if (errors.Any)
        {
            return Outcome<OpinionView>.Invalid(errors);
        }
        var id = await tx.ScalarAsync<long>("""
            INSERT INTO review_opinions (candidate_id, department, authority, opinion, remarks, signed_on, signer, supersedes_id, correction_reason, recorded_by, recorded_at)
            VALUES (@candidate, @department, @authority, @opinion, @remarks, @on, @signer, @supersedes, @correction, @by, @at) RETURNING id
            """, ("candidate", candidate.Id), ("department", department!), ("authority", authority!), ("opinion", opinion!),
            ("remarks", (object?)remarks ?? DBNull.Value), ("on", input.SignedOn!.Value), ("signer", signer!), ("supersedes", (object?)current?.Id ?? DBNull.Value),
            ("correction", (object?)correction ?? DBNull.Value), ("by", (object?)access.UserId ?? DBNull.Value), ("at", clock.GetUtcNow()));
        audit.Record(AuditActions.Create, AuditObjectTypes.ReviewOpinion, id,
            current is null ? null : new { current.Id, current.Department, current.Authority, current.Opinion, current.Remarks, current.SignedOn, current.Signer },
            new { candidateId = candidate.Id, department, authority, opinion, remarks, signedOn = input.SignedOn, signer, supersedesId = current?.Id, correctionReason = correction },
            (current is null ? "录入" : "更正") + $"推荐人选 {candidate.Name} 的部门意见：{authority}（{department}）{ReviewRules.OpinionName(opinion!)}（{input.SignedOn:yyyy-MM-dd}，签署人 {signer}）"
            + (correction is null ? "" : "，更正理由：" + correction));
        await db.SaveChangesAsync();
        var view = await ReviewRecords.LoadAsync(tx.Connection!, tx, candidate);
        return Outcome<OpinionView>.Ok(view.Opinions.First(o => o.Id == id));
    }

    /// <summary>
    /// The departments the campaign requires for every candidate (enterprise heads and officials need all of them anyway),
    /// replaced as a whole, by the campaign's selection admins while its settings may change.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ReviewDepartmentView>>> SetRequiredDepartmentsAsync(long campaignId, ReviewDepartmentsInput input)
    {
        var tx = work.Transaction;
        var campaign = await NominationAccess.CampaignAsync(tx.Connection!, tx, campaignId, "FOR UPDATE OF c");
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<IReadOnlyList<ReviewDepartmentView>>.NotFound();
        }
        if (!await access.CanAdministerAtAsync(campaign.UnitPath))
        {
            return Outcome<IReadOnlyList<ReviewDepartmentView>>.Forbidden("需要评选活动所在单位的评选管理员权限");
        }
        if (!CampaignStatuses.SettingsEditable(campaign.StatusValue))
        {
            return Outcome<IReadOnlyList<ReviewDepartmentView>>.Conflict($"评选活动{CampaignStatuses.ChineseName(campaign.StatusValue)}，不能再修改设置");
        }
        var (listed, before) = await ReviewRecords.DepartmentsAsync(tx.Connection!, tx, campaignId);
        var errors = new FieldErrors();
        var required = new List<string>();
        if (input.Required is null)
        {
            errors.Add("required", "请列出必须征求意见的部门（可为空列表）");
        }
        else
        {
            foreach (var raw in input.Required)
            {
                var name = TextFields.Required(raw, "required", "部门名称", 50, errors);
                if (name is null)
                {
                    continue;
                }
                if (!listed.Contains(name))
                {
                    errors.Add("required", $"“{name}”不在本次评选的征求意见部门中（{string.Join("、", listed)}）");
                }
                else if (!required.Contains(name))
                {
                    required.Add(name);
                }
            }
        }
        if (errors.Any)
        {
            return Outcome<IReadOnlyList<ReviewDepartmentView>>.Invalid(errors);
        }
        await tx.ExecuteAsync("DELETE FROM campaign_required_departments WHERE campaign_id = @id", default, ("id", campaignId));
        foreach (var name in required)
        {
            await tx.ExecuteAsync("INSERT INTO campaign_required_departments (campaign_id, name, set_by, set_at) VALUES (@id, @name, @by, @at)", default,
                ("id", campaignId), ("name", name), ("by", (object?)access.UserId ?? DBNull.Value), ("at", clock.GetUtcNow()));
        }
        var ordered = listed.Where(required.Contains).ToList();
        audit.Record(AuditActions.Update, AuditObjectTypes.Campaign, campaignId,
            new { requiredDepartments = listed.Where(before.Contains).ToList() }, new { requiredDepartments = ordered },
            "修改审核二对所有人选必须征求意见的部门：" + (ordered.Count == 0 ? "无" : string.Join("、", ordered)));
        await db.SaveChangesAsync();
        return Outcome<IReadOnlyList<ReviewDepartmentView>>.Ok(listed.Select(d => new ReviewDepartmentView(d, required.Contains(d), required.Contains(d))).ToList());
    }

    /// <summary>A date of a signature: given, not after Beijing today, and not more than three years back.</summary>
    private void CheckDate(DateOnly? date, string field, string label, FieldErrors errors)
    {
        var today = Dates.Today(clock);
        if (date is null)
        {
            errors.Add(field, $"{label}不能为空");
        }
        else if (date > today)
        {
            errors.Add(field, $"{label}不能晚于今天（{today:yyyy-MM-dd}）");
        }
        else if (date < today.AddYears(-3))
        {
            errors.Add(field, $"{label}不能早于三年前");
        }
    }

    /// <summary>The reason of a correction: required when a record already stands, ignored for the first record.</summary>
    private static string? CorrectionReason(string? input, bool correcting, string missing, FieldErrors errors)
    {
        if (!correcting)
        {
            return null;
        }
        var reason = TextFields.Optional(input, "correctionReason", "更正理由", ReviewRules.MaxText, errors, multiLine: true);
        if (reason is null && !errors.For("correctionReason").Any())
        {
            errors.Add("correctionReason", missing);
        }
        return reason;
    }
}
