using Laurel.Rules.Honours;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// Campaigns (评选活动) by the selection admins (评选管理员) of the campaign's unit: creation with the seats, schedule,
/// departments and composition rules; the report (一报告) to the party committee; opening and closing nominations.
/// </summary>
public sealed class CampaignCommands(UnitOfWork work, NominationAccess access, AuditLog audit, LaurelDb db, TimeProvider clock)
{
    public const int MaxDepartments = 30;

    public async Task<Outcome<CampaignSummary>> CreateAsync(CampaignInput input)
    {
        var errors = new FieldErrors();
        var tx = work.Transaction;
        var today = Dates.Today(clock);
        var unit = await NominationAccess.CheckUnitAsync(tx, input.OrgUnitId, access.CanAdministerAtAsync, errors, "评选单位");
        var title = TitleCatalogue.Find(input.TitleCode?.Trim());
        var region = string.IsNullOrWhiteSpace(input.AwardingRegionCode) ? null : input.AwardingRegionCode.Trim();
        if (title is null)
        {
            errors.Add("titleCode", "请从称号目录中选择称号");
        }
        else if (TitleCatalogue.CheckAwardingRegion(title, region) is { } regionProblem)
        {
            errors.Add("awardingRegionCode", "授予地区：" + regionProblem);
        }
        var year = PoolCommands.CheckYear(input.Year, today, errors);
        var basis = TextFields.Required(input.BasisDocument, "basisDocument", "依据文件文号", 100, errors);
        if (input.SeatTotal is not (>= 1 and <= 10000))
        {
            errors.Add("seatTotal", "名额总数应为 1 至 10000 之间的整数");
        }
        if (input.NominationsOpenOn is null)
        {
            errors.Add("nominationsOpenOn", "推荐开始日期不能为空");
        }
        if (input.NominationsCloseOn is null)
        {
            errors.Add("nominationsCloseOn", "推荐截止日期不能为空");
        }
        else if (input.NominationsOpenOn is { } opens && input.NominationsCloseOn < opens)
        {
            errors.Add("nominationsCloseOn", "推荐截止日期不能早于开始日期");
        }
        var workingDays = input.NoticeWorkingDays ?? 5;
        if (workingDays is < 1 or > 30)
        {
            errors.Add("noticeWorkingDays", "公示期应为 1 至 30 个工作日");
        }
        var departments = CheckDepartments(input.Departments, errors);
        var rules = CheckRules(input.CompositionRules, errors);
        if (errors.Any)
        {
            return Outcome<CampaignSummary>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        long id;
        await using (var command = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO campaigns (org_unit_id, title_code, awarding_region_code, year, basis_document, seat_total, nominations_open_on,
                nominations_close_on, notice_working_days, created_by, created_at, updated_at)
            VALUES (@unit, @title, @region, @year, @basis, @seats, @opens, @closes, @days, @by, @now, @now) RETURNING id
            """, ("unit", unit!.Id), ("title", title!.Code), ("region", region), ("year", year!.Value), ("basis", basis), ("seats", input.SeatTotal!.Value),
            ("opens", input.NominationsOpenOn!.Value), ("closes", input.NominationsCloseOn!.Value), ("days", workingDays), ("by", access.UserId), ("now", now)))
        {
            id = (long)(await command.ExecuteScalarAsync())!;
        }
        // The campaign's unit holds the seat total; it hands seats down from there.
        await using (var command = NominationAccess.Command(tx.Connection!, tx,
            "INSERT INTO campaign_quotas (campaign_id, org_unit_id, seats, updated_by, updated_at) VALUES (@id, @unit, @seats, @by, @now)",
            ("id", id), ("unit", unit.Id), ("seats", input.SeatTotal.Value), ("by", access.UserId), ("now", now)))
        {
            await command.ExecuteNonQueryAsync();
        }
        await WriteSettingsAsync(tx, id, departments, rules);
        var titleName = TitleCatalogue.DisplayName(title, region);
        audit.Record(AuditActions.Create, AuditObjectTypes.Campaign, id, null,
            new { orgUnitId = unit.Id, titleCode = title.Code, region, year, basis, seatTotal = input.SeatTotal, input.NominationsOpenOn, input.NominationsCloseOn, workingDays, departments, rules },
            $"{unit.Name}创建评选活动：{year}年{titleName}（名额 {input.SeatTotal} 个）");
        await db.SaveChangesAsync();
        return Outcome<CampaignSummary>.Ok(new CampaignSummary(id, title.Code, year.Value, unit.Id, CampaignStatuses.Code(CampaignStatus.Draft)));
    }

    /// <summary>The departments to consult and the composition rules, replaced as a whole while the campaign runs.</summary>
    public async Task<Outcome<long>> SetSettingsAsync(long id, IReadOnlyList<string>? departmentsInput, IReadOnlyList<CompositionRuleInput>? rulesInput)
    {
        var (campaign, refusal) = await AdministrableAsync(id);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!CampaignStatuses.SettingsEditable(campaign!.StatusValue))
        {
            return Outcome<long>.Conflict($"评选活动{CampaignStatuses.ChineseName(campaign.StatusValue)}，不能再修改设置");
        }
        var errors = new FieldErrors();
        var departments = CheckDepartments(departmentsInput, errors);
        var rules = CheckRules(rulesInput, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var tx = work.Transaction;
        await using (var command = NominationAccess.Command(tx.Connection!, tx,
            "DELETE FROM campaign_departments WHERE campaign_id = @id; DELETE FROM campaign_composition_rules WHERE campaign_id = @id", ("id", id)))
        {
            await command.ExecuteNonQueryAsync();
        }
        await WriteSettingsAsync(tx, id, departments, rules);
        audit.Record(AuditActions.Update, AuditObjectTypes.Campaign, id, null, new { departments, rules }, "修改评选活动的征求意见部门和结构比例");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    /// <summary>The report to the party committee of the same level (一报告): date and document number, before opening.</summary>
    public async Task<Outcome<long>> RecordReportAsync(long id, CampaignReportInput input)
    {
        var (campaign, refusal) = await AdministrableAsync(id);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        if (input.ReportOn is null)
        {
            errors.Add("reportOn", "报告日期不能为空");
        }
        else if (input.ReportOn > today)
        {
            errors.Add("reportOn", "报告日期不能晚于今天");
        }
        else if (input.ReportOn < today.AddYears(-3))
        {
            errors.Add("reportOn", "报告日期不能早于三年前");
        }
        var document = TextFields.Required(input.ReportDocument, "reportDocument", "报告文号", 100, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (campaign!.StatusValue != CampaignStatus.Draft)
        {
            return Outcome<long>.Conflict($"评选活动{CampaignStatuses.ChineseName(campaign.StatusValue)}，报告须在开始推荐前记录");
        }
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            UPDATE campaigns SET report_on = @on, report_document = @document, report_recorded_by = @by, report_recorded_at = @now,
                updated_at = @now, version = version + 1 WHERE id = @id
            """, ("on", input.ReportOn!.Value), ("document", document), ("by", access.UserId), ("now", clock.GetUtcNow()), ("id", id));
        await command.ExecuteNonQueryAsync();
        audit.Record(AuditActions.Update, AuditObjectTypes.Campaign, id,
            new { reportOn = campaign.ReportOn, reportDocument = campaign.ReportDocument }, new { reportOn = input.ReportOn, reportDocument = document },
            $"记录评选活动向同级党委的报告（{document}，{input.ReportOn:yyyy-MM-dd}）");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    public Task<Outcome<CampaignSummary>> OpenAsync(long id) => MoveAsync(id, CampaignAction.Open);

    public Task<Outcome<CampaignSummary>> CloseAsync(long id) => MoveAsync(id, CampaignAction.Close);

    private async Task<Outcome<CampaignSummary>> MoveAsync(long id, CampaignAction action)
    {
        var (campaign, refusal) = await AdministrableAsync(id);
        if (refusal is not null)
        {
            return new Outcome<CampaignSummary>(refusal.Kind, Message: refusal.Message);
        }
        var status = campaign!.StatusValue;
        var problem = action == CampaignAction.Open
            ? CampaignStatuses.OpenRefusal(status, campaign.ReportOn is not null)
            : CampaignStatuses.Next(status, action) is null ? $"评选活动{CampaignStatuses.ChineseName(status)}，不能截止推荐" : null;
        if (problem is not null)
        {
            return Outcome<CampaignSummary>.Conflict(problem);
        }
        var next = CampaignStatuses.Next(status, action)!.Value;
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "UPDATE campaigns SET status = @status, updated_at = @now, version = version + 1 WHERE id = @id",
            ("status", CampaignStatuses.Code(next)), ("now", clock.GetUtcNow()), ("id", id));
        await command.ExecuteNonQueryAsync();
        audit.Record(AuditActions.Update, AuditObjectTypes.Campaign, id, new { status = campaign.Status }, new { status = CampaignStatuses.Code(next) },
            action == CampaignAction.Open ? "评选活动开始推荐" : "评选活动推荐截止");
        await db.SaveChangesAsync();
        return Outcome<CampaignSummary>.Ok(new CampaignSummary(id, campaign.TitleCode, campaign.Year, campaign.OrgUnitId, CampaignStatuses.Code(next)));
    }

    /// <summary>The campaign, locked, when the user administers selection at its unit; 404 out of sight, 403 when only seen.</summary>
    private async Task<(CampaignRow? Campaign, Outcome<long>? Refusal)> AdministrableAsync(long id)
    {
        var tx = work.Transaction;
        var campaign = await NominationAccess.CampaignAsync(tx.Connection!, tx, id, "FOR UPDATE OF c");
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return (null, Outcome<long>.NotFound());
        }
        return await access.CanAdministerAtAsync(campaign.UnitPath)
            ? (campaign, null)
            : (null, Outcome<long>.Forbidden("需要评选活动所在单位的评选管理员权限"));
    }

    private static List<string> CheckDepartments(IReadOnlyList<string>? input, FieldErrors errors)
    {
        if (input is null)
        {
            return [.. NominationCodes.DefaultDepartments];
        }
        var result = new List<string>();
        if (input.Count > MaxDepartments)
        {
            errors.Add("departments", $"征求意见部门最多 {MaxDepartments} 个");
            return result;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var name = TextFields.Required(input[i], $"departments[{i}]", "部门名称", 50, errors);
            if (name is null)
            {
                continue;
            }
            if (result.Contains(name))
            {
                errors.Add($"departments[{i}]", $"部门“{name}”重复");
                continue;
            }
            result.Add(name);
        }
        return result;
    }

    private static List<CompositionRule> CheckRules(IReadOnlyList<CompositionRuleInput>? input, FieldErrors errors)
    {
        var result = new List<CompositionRule>();
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var rule = new CompositionRule(input![i].Category?.Trim() ?? "", input[i].MinShare, input[i].MaxShare);
            if (Composition.RuleProblem(rule) is { } problem)
            {
                errors.Add($"compositionRules[{i}]", "结构比例：" + problem);
            }
            else if (result.Any(r => r.Category == rule.Category))
            {
                errors.Add($"compositionRules[{i}]", "结构比例：同一类别只能有一条规则");
            }
            else
            {
                result.Add(rule);
            }
        }
        return result;
    }

    private static async Task WriteSettingsAsync(NpgsqlTransaction tx, long id, List<string> departments, List<CompositionRule> rules)
    {
        for (var i = 0; i < departments.Count; i++)
        {
            await using var command = NominationAccess.Command(tx.Connection!, tx,
                "INSERT INTO campaign_departments (campaign_id, position, name) VALUES (@id, @position, @name)", ("id", id), ("position", i + 1), ("name", departments[i]));
            await command.ExecuteNonQueryAsync();
        }
        foreach (var rule in rules)
        {
            await using var command = NominationAccess.Command(tx.Connection!, tx,
                "INSERT INTO campaign_composition_rules (campaign_id, category, min_share, max_share) VALUES (@id, @category, @min, @max)",
                ("id", id), ("category", rule.Category), ("min", rule.MinShare), ("max", rule.MaxShare));
            await command.ExecuteNonQueryAsync();
        }
    }
}
