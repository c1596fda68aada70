using Laurel.Rules.Calendar;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.AspNetCore.OutputCaching;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>
/// Publishing, closing out and withdrawing a notice (公示, issue 12 §4, ADR 24), each in the request's unit of work:
/// the notice, its published copy and every candidate's step are saved together or not at all. Publishing is the forward
/// step of each candidate into the notice state; the close-out after the window moves on (公示一/二) each candidate the
/// gates let pass; a withdrawal sends each candidate still on it back one step.
/// </summary>
public sealed class NoticeCommands(UnitOfWork work, NominationAccess access, CandidateSteps steps, WorkingCalendarStore calendar, AuditLog audit,
    LaurelDb db, TimeProvider clock, IOutputCacheStore publicPages)
{
    public const int MaxCandidates = 1000;

    private sealed record CandidateRow(long Id, long CampaignId, long OrgUnitId, string UnitPath, string Name, string Gender, string Workplace,
        string Post, string Deeds, string State);

    public async Task<Outcome<PublishedView>> PublishAsync(long campaignId, NoticeInput input)
    {
        var tx = work.Transaction;
        var campaign = await NominationAccess.CampaignAsync(tx.Connection!, tx, campaignId);
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<PublishedView>.NotFound();
        }
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        var level = Notices.ParseLevel(input.Level?.Trim());
        if (level is null)
        {
            errors.Add("level", "公示层级应为单位公示（unit）、推荐单位公示（recommending）或评选层级公示（campaign）");
        }
        var ids = (input.CandidateIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            errors.Add("candidateIds", "请选择要公示的人选");
        }
        else if (ids.Count > MaxCandidates)
        {
            errors.Add("candidateIds", $"一次公示最多 {MaxCandidates} 名人选");
        }
        if (input.OpensOn is not { } opensOn)
        {
            errors.Add("opensOn", "公示开始日期不能为空");
        }
        else if (opensOn < today)
        {
            errors.Add("opensOn", $"公示开始日期不能早于今天（{today:yyyy年M月d日}）");
        }
        else if (opensOn > DateBounds.Latest(today))
        {
            errors.Add("opensOn", $"公示开始日期不能晚于 {DateBounds.Latest(today):yyyy年M月d日}");
        }
        var workingDays = input.WorkingDays ?? campaign.NoticeWorkingDays;
        if (workingDays is < 1 or > 30)
        {
            errors.Add("workingDays", "公示期应为 1 至 30 个工作日");
        }
        var takedownDays = input.TakedownDays ?? Notices.DefaultTakedownDays;
        if (takedownDays is < 0 or > 365)
        {
            errors.Add("takedownDays", "期满后撤下天数应为 0 至 365 天");
        }
        var title = TextFields.Optional(input.Title, "title", "标题", 200, errors)
            ?? $"关于{campaign.Year}年{CampaignQueries.TitleName(campaign.TitleCode, campaign.AwardingRegionCode)}推荐人选的公示";
        var phone = TextFields.Required(input.ContactPhone, "contactPhone", "联系电话", 50, errors);
        var address = TextFields.Required(input.ContactAddress, "contactAddress", "通讯地址", 200, errors);
        var email = TextFields.Optional(input.ContactEmail, "contactEmail", "电子邮箱", 100, errors);
        if (email is not null && (email.Length < 3 || !email.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add("contactEmail", "电子邮箱格式不正确，例如 pingxuan@example.cn");
        }
        if (errors.Any)
        {
            return Outcome<PublishedView>.Invalid(errors);
        }
        if (campaign.StatusValue is not (CampaignStatus.Open or CampaignStatus.Closed))
        {
            return Outcome<PublishedView>.Conflict($"评选活动{CampaignQueries.StatusName(campaign.Status)}，不能发布公示");
        }

        // Lock every candidate (in id order, so that two publications at once cannot deadlock), then read what is published.
        var locked = new Dictionary<long, CandidateForStep>();
        foreach (var id in ids.Order())
        {
            if (await steps.LockAsync(id) is { } c)
            {
                locked[id] = c;
            }
        }
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT k.id, k.campaign_id, k.org_unit_id, u.path AS unit_path, k.name, k.gender, k.workplace, k.post, k.deeds, k.state
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id WHERE k.id = ANY(@ids)
            """, ("ids", ids.ToArray()));
        var rows = (await Rows.ListAsync<CandidateRow>(command)).ToDictionary(r => r.Id);
        var grants = await access.GrantsAsync();
        var missing = ids.Where(id => !rows.TryGetValue(id, out var r) || r.CampaignId != campaignId || !grants.CanReadNominationsAt(r.UnitPath)).ToList();
        if (missing.Count > 0)
        {
            return Outcome<PublishedView>.Invalid("candidateIds", $"人选（编号 {string.Join("、", missing)}）不在本次评选中，或不在您的管理范围内");
        }
        var entry = Notices.EntryState(level!.Value);
        foreach (var id in ids)
        {
            if (rows[id].State != CandidateStates.Code(entry))
            {
                var state = CandidateStates.Parse(rows[id].State)!.Value;
                return Outcome<PublishedView>.Conflict(
                    $"{rows[id].Name}处于“{CandidateStates.ChineseName(state)}”，不能列入{Notices.ChineseName(level.Value)}（须处于“{CandidateStates.ChineseName(entry)}”）");
            }
        }

        var (unit, refusal) = await PublishingUnitAsync(level.Value, campaign, input.OrgUnitId, ids.Select(id => rows[id]).ToList());
        if (refusal is not null)
        {
            return refusal;
        }

        var closesOn = (await calendar.LoadAsync()).WindowClosesOn(input.OpensOn!.Value, workingDays);
        var published = ids.Select((id, i) => new
        {
            candidateId = id, position = i + 1, name = rows[id].Name, gender = rows[id].Gender, unit = rows[id].Workplace,
            post = rows[id].Post, summary = Notices.Summary(rows[id].Deeds),
        }).ToList();
        var snapshot = NoticeSnapshot.Canonical(new
        {
            campaignId, level = Notices.Code(level.Value), orgUnitId = unit!.Id, orgUnit = unit.Name, title,
            opensOn = Show.Date(input.OpensOn), closesOn = Show.Date(closesOn), workingDays,
            contact = new { phone, address, email }, candidates = published,
        });
        var hash = NoticeSnapshot.Sha256(snapshot);
        var noticeId = await tx.ScalarAsync<long>("""
            INSERT INTO notices (campaign_id, org_unit_id, level, title, opens_on, working_days, closes_on, contact_phone, contact_address,
                                 contact_email, takedown_days, snapshot, snapshot_sha256, published_by, published_at)
            VALUES (@campaign, @unit, @level, @title, @opens, @days, @closes, @phone, @address, @email, @takedown, @snapshot, @sha, @by, @at)
            RETURNING id
            """, ("campaign", campaignId), ("unit", unit.Id), ("level", Notices.Code(level.Value)), ("title", title), ("opens", input.OpensOn.Value),
            ("days", workingDays), ("closes", closesOn), ("phone", phone!), ("address", address!), ("email", (object?)email ?? DBNull.Value),
            ("takedown", takedownDays), ("snapshot", snapshot), ("sha", hash), ("by", (object?)access.UserId ?? DBNull.Value), ("at", clock.GetUtcNow()));
        await using (var insert = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO notice_candidates (notice_id, candidate_id, position, name, gender, unit, post, summary)
            SELECT @notice, * FROM unnest(@ids, @positions, @names, @genders, @units, @posts, @summaries)
            """, ("notice", noticeId), ("ids", published.Select(p => p.candidateId).ToArray()), ("positions", published.Select(p => p.position).ToArray()),
            ("names", published.Select(p => p.name).ToArray()), ("genders", published.Select(p => p.gender).ToArray()),
            ("units", published.Select(p => p.unit).ToArray()), ("posts", published.Select(p => p.post).ToArray()),
            ("summaries", published.Select(p => p.summary).ToArray())))
        {
            await insert.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.Notice, noticeId, null,
            new { campaignId, level = Notices.Code(level.Value), orgUnitId = unit.Id, opensOn = input.OpensOn, closesOn, workingDays, takedownDays, candidateIds = ids, sha256 = NoticeSnapshot.Hex(hash) },
            $"{unit.Name}发布{Notices.ChineseName(level.Value)}：{title}，{ids.Count} 名人选，公示期 {input.OpensOn:yyyy-MM-dd} 至 {closesOn:yyyy-MM-dd}");
        foreach (var id in ids)
        {
            var step = await steps.RecordAsync(locked[id], CandidateAction.Advance, null, new { noticeId, level = Notices.Code(level.Value) });
            if (!step.IsOk)
            {
                return step.Kind == OutcomeKind.Conflict ? Outcome<PublishedView>.Conflict($"{rows[id].Name}：{step.Message}") : Outcome<PublishedView>.Invalid(step.Errors!);
            }
        }
        await db.SaveChangesAsync();
        var status = Notices.StatusOn(today, input.OpensOn.Value, closesOn, false);
        return Outcome<PublishedView>.Ok(new PublishedView(noticeId, Notices.Code(level.Value), title, input.OpensOn.Value, closesOn,
            Notices.Code(status), NoticeSnapshot.Hex(hash), ids));
    }

    /// <summary>
    /// The union that publishes a notice of the level, and whether the user may: the candidates' own unit (公示一, all of
    /// one unit), a unit on the path from their units up to the campaign's (公示二, by default their nearest common unit),
    /// or the campaign's unit (公示三, its selection admins).
    /// </summary>
    private async Task<(UnitRow? Unit, Outcome<PublishedView>? Refusal)> PublishingUnitAsync(NoticeLevel level, CampaignRow campaign, long? chosen,
        IReadOnlyList<CandidateRow> candidates)
    {
        var tx = work.Transaction;
        switch (level)
        {
            case NoticeLevel.Unit:
                if (candidates.Select(c => c.OrgUnitId).Distinct().Count() > 1)
                {
                    return (null, Outcome<PublishedView>.Invalid("candidateIds", "单位公示（公示一）的人选须属于同一推荐单位，请按单位分别发布"));
                }
                var own = await NominationAccess.UnitAsync(tx.Connection!, tx, candidates[0].OrgUnitId);
                return await access.CanWriteAtAsync(own!.Path)
                    ? (own, null)
                    : (null, Outcome<PublishedView>.Forbidden($"发布单位公示需要{own.Name}的劳模工作管理员权限"));
            case NoticeLevel.Recommending:
                var unitId = chosen ?? CommonUnit(candidates.Select(c => c.UnitPath));
                var unit = await NominationAccess.UnitAsync(tx.Connection!, tx, unitId);
                if (unit is null || !unit.Path.StartsWith(campaign.UnitPath, StringComparison.Ordinal)
                    || candidates.Any(c => !c.UnitPath.StartsWith(unit.Path, StringComparison.Ordinal)))
                {
                    return (null, Outcome<PublishedView>.Invalid("orgUnitId", "推荐单位应是人选所在单位至评选活动单位之间的工会"));
                }
                return await access.CanWriteAtAsync(unit.Path)
                    ? (unit, null)
                    : (null, Outcome<PublishedView>.Forbidden($"发布推荐单位公示需要{unit.Name}的劳模工作管理员权限"));
            default:
                var top = await NominationAccess.UnitAsync(tx.Connection!, tx, campaign.OrgUnitId);
                return await access.CanAdministerAtAsync(campaign.UnitPath)
                    ? (top, null)
                    : (null, Outcome<PublishedView>.Forbidden($"发布评选层级公示需要{campaign.UnitName}的评选管理员权限"));
        }
    }

    /// <summary>The deepest unit whose path every one of <paramref name="paths"/> starts with.</summary>
    private static long CommonUnit(IEnumerable<string> paths)
    {
        var split = paths.Select(p => p.Trim('/').Split('/')).ToList();
        var common = split[0].TakeWhile((segment, i) => split.All(s => s.Length > i && s[i] == segment)).ToList();
        return long.Parse(common[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record NoticeLock(long Id, long CampaignId, string UnitPath, string UnitName, string CampaignUnitPath, string Level, string Title,
        DateOnly OpensOn, DateOnly ClosesOn, string? Certificate, bool Withdrawn);

    private sealed record OnNotice(long CandidateId, string Name);

    /// <summary>The notice locked for a close-out or withdrawal, with whether the user may do it (null: not found or out of sight).</summary>
    private async Task<(NoticeLock? Notice, Outcome<T>? Refusal)> LockNoticeAsync<T>(long id, string what)
    {
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT n.id, n.campaign_id, u.path AS unit_path, u.name AS unit_name, cu.path AS campaign_unit_path, n.level, n.title, n.opens_on,
                   n.closes_on, n.certificate, n.withdrawn_at IS NOT NULL AS withdrawn
            FROM notices n JOIN org_units u ON u.id = n.org_unit_id JOIN campaigns c ON c.id = n.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
            WHERE n.id = @id FOR UPDATE OF n
            """, ("id", id));
        var notice = await Rows.FirstOrDefaultAsync<NoticeLock>(command);
        if (notice is null || !await NoticeQueries.VisibleAsync(access, tx.Connection!, tx, id, notice.UnitPath))
        {
            return (null, Outcome<T>.NotFound());
        }
        if (!await CanManageAsync(access, notice.Level, notice.UnitPath, notice.CampaignUnitPath))
        {
            return (null, Outcome<T>.Forbidden(notice.Level == "campaign"
                ? $"{what}需要评选活动所在单位的评选管理员权限"
                : $"{what}需要{notice.UnitName}的劳模工作管理员权限"));
        }
        if (notice.Withdrawn)
        {
            return (null, Outcome<T>.Conflict("该公示已撤回"));
        }
        if (notice.Certificate is not null)
        {
            return (null, Outcome<T>.Conflict($"该公示已结束（{notice.Certificate}）"));
        }
        return (notice, null);
    }

    /// <summary>Who closes out or withdraws a notice: who may publish it (the level's unit), and the campaign's selection admins.</summary>
    public static async Task<bool> CanManageAsync(NominationAccess access, string level, string unitPath, string campaignUnitPath) =>
        await access.CanAdministerAtAsync(campaignUnitPath) || (level != "campaign" && await access.CanWriteAtAsync(unitPath));

    private async Task<List<OnNotice>> StillOnAsync(long noticeId, string level)
    {
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT nc.candidate_id, nc.name FROM notice_candidates nc JOIN candidates k ON k.id = nc.candidate_id
            WHERE nc.notice_id = @id AND k.state = @state ORDER BY nc.position
            """, ("id", noticeId), ("state", CandidateStates.Code(Notices.NoticeState(Notices.ParseLevel(level)!.Value))));
        return await Rows.ListAsync<OnNotice>(command);
    }

    /// <summary>
    /// 公示结束: after the window only (the refusal names the closing date), writes the certificate line from the count of
    /// objections on the notice; then, for 公示一 and 公示二, moves on each candidate still on it whom the gates let pass;
    /// the others stay, listed with the gate's reason. 公示三 moves no one: the award decision does.
    /// </summary>
    public async Task<Outcome<CloseOutView>> CloseAsync(long id)
    {
        var (notice, refusal) = await LockNoticeAsync<CloseOutView>(id, "结束公示");
        if (notice is null)
        {
            return refusal!;
        }
        if (Notices.EarlyCloseRefusal(Dates.Today(clock), notice.ClosesOn) is { } early)
        {
            return Outcome<CloseOutView>.Conflict(early);
        }
        var tx = work.Transaction;
        var objections = await tx.ScalarAsync<long>("SELECT count(*) FROM objections WHERE notice_id = @id", ("id", id));
        var certificate = Notices.Certificate((int)objections);
        await using (var command = NominationAccess.Command(tx.Connection!, tx,
            "UPDATE notices SET certificate = @certificate, closed_by = @by, closed_at = @at WHERE id = @id",
            ("certificate", certificate), ("by", access.UserId), ("at", clock.GetUtcNow()), ("id", id)))
        {
            await command.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Update, AuditObjectTypes.Notice, id, new { certificate = (string?)null }, new { certificate, objections },
            $"{notice.Title}：公示结束，{certificate}");
        var advanced = new List<MovedCandidate>();
        var held = new List<HeldCandidate>();
        if (notice.Level != "campaign")
        {
            foreach (var on in await StillOnAsync(id, notice.Level))
            {
                var candidate = await steps.LockAsync(on.CandidateId);
                var step = await steps.RecordAsync(candidate!, CandidateAction.Advance, null, new { noticeId = id, level = notice.Level, certificate });
                if (step.IsOk)
                {
                    advanced.Add(new MovedCandidate(on.CandidateId, on.Name));
                }
                else
                {
                    held.Add(new HeldCandidate(on.CandidateId, on.Name, step.Message ?? "未通过"));
                }
            }
        }
        await db.SaveChangesAsync();
        return Outcome<CloseOutView>.Ok(new CloseOutView(id, certificate, advanced, held));
    }

    /// <summary>撤回公示 before its close-out, with a reason: every candidate still on it goes back one step with that reason.</summary>
    public async Task<Outcome<WithdrawalView>> WithdrawAsync(long id, NoticeReasonInput input)
    {
        var errors = new FieldErrors();
        var reason = TextFields.Required(input.Reason, "reason", "撤回理由", 1000, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<WithdrawalView>.Invalid(errors);
        }
        var (notice, refusal) = await LockNoticeAsync<WithdrawalView>(id, "撤回公示");
        if (notice is null)
        {
            return refusal!;
        }
        var tx = work.Transaction;
        await using (var command = NominationAccess.Command(tx.Connection!, tx,
            "UPDATE notices SET withdrawn_reason = @reason, withdrawn_by = @by, withdrawn_at = @at WHERE id = @id",
            ("reason", reason), ("by", access.UserId), ("at", clock.GetUtcNow()), ("id", id)))
        {
            await command.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Update, AuditObjectTypes.Notice, id, new { withdrawn = false }, new { withdrawn = true, reason },
            $"{notice.Title}：撤回公示，理由：{reason}");
        var sentBack = new List<MovedCandidate>();
        foreach (var on in await StillOnAsync(id, notice.Level))
        {
            var candidate = await steps.LockAsync(on.CandidateId);
            var step = await steps.RecordAsync(candidate!, CandidateAction.Back, reason, new { noticeId = id, level = notice.Level, withdrawn = true });
            if (!step.IsOk)
            {
                return Outcome<WithdrawalView>.Conflict($"{on.Name}：{step.Message}");
            }
            sentBack.Add(new MovedCandidate(on.CandidateId, on.Name));
        }
        await db.SaveChangesAsync();
        await PublicNoticeCache.EvictAsync(publicPages);
        return Outcome<WithdrawalView>.Ok(new WithdrawalView(id, reason!, sentBack));
    }
}
