using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>
/// The case of an objection (issue 12 §4): a cadre's entry by phone, letter or visit, the investigator, the notes
/// (append-only), the finding, the answer to a named objector, and after an upheld finding the campaign's decision —
/// to continue with a reason, or to reject the candidate through <see cref="CandidateSteps"/>. Each change locks the
/// case, checks its version (409 when someone changed it meanwhile) and is audited, in the request's unit of work.
/// </summary>
public sealed class ObjectionCommands(UnitOfWork work, ObjectionAccess access, ObjectionQueries queries, ObjectionIntake intake,
    CandidateSteps steps, AuditLog audit, LaurelDb db, TimeProvider clock)
{
    private const string Stale = "该异议已被他人更新，请刷新页面后重试";

    /// <summary>An objection taken by phone, letter or visit, by a manager of the notice's unit or a selection admin of the campaign.</summary>
    public async Task<Outcome<StoredObjection>> EnterAsync(ObjectionEntryInput input)
    {
        var errors = new FieldErrors();
        if (input.NoticeId is null)
        {
            return Outcome<StoredObjection>.Invalid("noticeId", "请选择异议所针对的公示");
        }
        var tx = work.Transaction;
        var notice = await intake.NoticeInAsync(tx, input.NoticeId.Value);
        var today = Dates.Today(clock);
        if (notice is null || !await access.CanEnterAsync(notice.UnitPath, notice.CampaignUnitPath))
        {
            return Outcome<StoredObjection>.Invalid("noticeId", "公示不存在或不在您的管理范围内");
        }
        var channel = Notices.ParseChannel(input.Channel?.Trim());
        if (channel is not (ObjectionChannel.Phone or ObjectionChannel.Letter or ObjectionChannel.Visit))
        {
            errors.Add("channel", "受理方式应为电话（phone）、来信（letter）或来访（visit）；网上异议由公示页面提交");
        }
        var receivedOn = input.ReceivedOn ?? today;
        if (receivedOn > today || receivedOn < notice.OpensOn)
        {
            errors.Add("receivedOn", $"收到日期应在公示开始（{notice.OpensOn:yyyy-MM-dd}）至今天之间");
        }
        if (notice.Withdrawn)
        {
            return Outcome<StoredObjection>.Conflict("该公示已撤回，不再登记异议");
        }
        if (errors.Any)
        {
            return Outcome<StoredObjection>.Invalid(errors);
        }
        var receivedAt = receivedOn == today ? clock.GetUtcNow() : new DateTimeOffset(receivedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        return await intake.StoreAsync(notice, new ObjectionSubmission(input.CandidateId, input.Text, input.Name, input.Phone), channel!.Value,
            access.UserId, receivedAt);
    }

    public Task<Outcome<ObjectionView>> AssignAsync(long id, AssignInput input) => ChangeAsync(id, input.Version, handle: true, async (tx, row) =>
    {
        if (row.Finding is not null)
        {
            return Outcome<string>.Conflict("已有调查结论，不能再更换调查人");
        }
        if (input.InvestigatorUserId is not { } userId)
        {
            return Outcome<string>.Invalid("investigatorUserId", "请选择调查人");
        }
        var found = await ObjectionAccess.InvestigatorsAsync(tx.Connection!, tx, row, userId);
        if (found.Count == 0)
        {
            return Outcome<string>.Invalid("investigatorUserId", "调查人应为本公示单位或人选所在单位的劳模工作管理员，或本次评选的评选管理员");
        }
        await ExecuteAsync(tx, "UPDATE objections SET investigator_id = @user, assigned_at = @now, version = version + 1 WHERE id = @id",
            ("user", userId), ("now", clock.GetUtcNow()), ("id", row.Id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Objection, row.Id, new { investigatorId = row.InvestigatorId }, new { investigatorId = userId },
            $"异议 {row.Reference}：指定调查人 {found[0].Name}");
        return Outcome<string>.Ok("");
    });

    public async Task<Outcome<ObjectionNoteView>> AddNoteAsync(long id, NoteInput input)
    {
        var tx = work.Transaction;
        var row = await access.ReadAsync(tx.Connection!, tx, id, forUpdate: true);
        if (row is null)
        {
            return Outcome<ObjectionNoteView>.NotFound();
        }
        if (!await access.CanHandleAsync(row))
        {
            return Outcome<ObjectionNoteView>.Forbidden("只有本公示单位的劳模工作管理员、评选管理员或调查人才能记录调查情况");
        }
        var errors = new FieldErrors();
        var note = TextFields.Required(input.Note, "note", "调查记录", 2000, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<ObjectionNoteView>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "INSERT INTO objection_notes (objection_id, note, recorded_by, recorded_at) VALUES (@id, @note, @by, @now) RETURNING id",
            ("id", row.Id), ("note", note), ("by", access.UserId), ("now", now));
        var noteId = (long)(await command.ExecuteScalarAsync())!;
        audit.Record(AuditActions.Create, AuditObjectTypes.ObjectionNote, noteId, null, new { objectionId = row.Id, note }, $"异议 {row.Reference}：记录调查情况");
        await db.SaveChangesAsync();
        return Outcome<ObjectionNoteView>.Ok(new ObjectionNoteView(noteId, note!, null, now));
    }

    public Task<Outcome<ObjectionView>> FindAsync(long id, FindingInput input) => ChangeAsync(id, input.Version, handle: true, async (tx, row) =>
    {
        if (row.Finding is not null)
        {
            return Outcome<string>.Conflict($"本异议已有调查结论（{Notices.ChineseName(row.FindingValue!.Value)}），不能更改");
        }
        if (row.InvestigatorId is null)
        {
            return Outcome<string>.Conflict("请先指定调查人，调查后再记录结论");
        }
        var errors = new FieldErrors();
        var finding = Notices.ParseFinding(input.Finding?.Trim());
        if (finding is null)
        {
            errors.Add("finding", "调查结论应为属实（upheld）、部分属实（partly_upheld）、不属实（not_upheld）或不予受理（inadmissible）");
        }
        var reason = TextFields.Required(input.Reason, "reason", finding == ObjectionFinding.Inadmissible ? "不予受理的理由" : "结论依据", 2000, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors);
        }
        await ExecuteAsync(tx, "UPDATE objections SET finding = @finding, finding_reason = @reason, found_by = @by, found_at = @now, version = version + 1 WHERE id = @id",
            ("finding", Notices.Code(finding!.Value)), ("reason", reason), ("by", access.UserId), ("now", clock.GetUtcNow()), ("id", row.Id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Objection, row.Id, new { finding = (string?)null },
            new { finding = Notices.Code(finding.Value), reason }, $"异议 {row.Reference}：调查结论 {Notices.ChineseName(finding.Value)}");
        return Outcome<string>.Ok("");
    });

    public Task<Outcome<ObjectionView>> RespondAsync(long id, ResponseInput input) => ChangeAsync(id, input.Version, handle: true, async (tx, row) =>
    {
        var refusal = !row.Named ? "匿名异议没有答复对象，无需答复"
            : row.Finding is null ? "请先记录调查结论，再答复反映人"
            : row.FindingValue == ObjectionFinding.Inadmissible ? "不予受理的异议无需答复"
            : row.ResponseOn is not null ? "已答复反映人，答复不能更改"
            : null;
        if (refusal is not null)
        {
            return Outcome<string>.Conflict(refusal);
        }
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        if (input.RespondedOn is not { } on)
        {
            errors.Add("respondedOn", "请填写答复日期");
        }
        else if (on > today || on < DateOnly.FromDateTime(row.FoundAt!.Value.ToOffset(TimeSpan.FromHours(8)).DateTime))
        {
            errors.Add("respondedOn", "答复日期应在调查结论之后、不晚于今天");
        }
        var text = TextFields.Required(input.Text, "text", "答复内容", 2000, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors);
        }
        await ExecuteAsync(tx, "UPDATE objections SET response_on = @on, response_text = @text, responded_by = @by, version = version + 1 WHERE id = @id",
            ("on", input.RespondedOn!.Value), ("text", text), ("by", access.UserId), ("id", row.Id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Objection, row.Id, null, new { respondedOn = input.RespondedOn, text },
            $"异议 {row.Reference}：已答复反映人（{input.RespondedOn:yyyy-MM-dd}）");
        return Outcome<string>.Ok("");
    });

    /// <summary>The campaign decides to continue with the candidate despite an upheld finding, with its reason; NoticeGate then lets them pass.</summary>
    public Task<Outcome<ObjectionView>> ContinueAsync(long id, DecisionReasonInput input) => ChangeAsync(id, input.Version, handle: false, async (tx, row) =>
    {
        if (UpheldRefusal(row) is { } refusal)
        {
            return Outcome<string>.Conflict(refusal);
        }
        var errors = new FieldErrors();
        var reason = TextFields.Required(input.Reason, "reason", "继续推荐的理由", 1000, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors);
        }
        await ExecuteAsync(tx, "UPDATE objections SET continue_reason = @reason, continue_by = @by, continue_at = @now, version = version + 1 WHERE id = @id",
            ("reason", reason), ("by", access.UserId), ("now", clock.GetUtcNow()), ("id", row.Id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Objection, row.Id, null, new { continueReason = reason },
            $"异议 {row.Reference}：经调查属实，评选办公室决定继续推荐 {row.CandidateName}，理由：{reason}");
        return Outcome<string>.Ok("");
    });

    /// <summary>The campaign rejects the candidate after an upheld finding: the candidate's step (不予通过) with the objection's id.</summary>
    public Task<Outcome<ObjectionView>> RejectCandidateAsync(long id, DecisionReasonInput input) => ChangeAsync(id, input.Version, handle: false, async (tx, row) =>
    {
        if (UpheldRefusal(row) is { } refusal)
        {
            return Outcome<string>.Conflict(refusal);
        }
        var candidate = await steps.LockAsync(row.CandidateId);
        var step = await steps.RecordAsync(candidate!, CandidateAction.Reject, input.Reason?.Trim() is { Length: > 0 } r ? r : null, new { objectionId = row.Id });
        if (!step.IsOk)
        {
            return step.Kind == OutcomeKind.Invalid ? Outcome<string>.Invalid(step.Errors!) : Outcome<string>.Conflict(step.Message!);
        }
        await ExecuteAsync(tx, "UPDATE objections SET version = version + 1 WHERE id = @id", ("id", row.Id));
        audit.Record(AuditActions.Update, AuditObjectTypes.Objection, row.Id, null, new { candidateRejected = true },
            $"异议 {row.Reference}：经调查属实，{row.CandidateName} 不予通过");
        return Outcome<string>.Ok("");
    });

    private static string? UpheldRefusal(ObjectionRow row) =>
        row.FindingValue != ObjectionFinding.Upheld ? "只有调查结论为属实的异议才需要评选办公室决定"
        : row.ContinueReason is not null ? "评选办公室已决定继续推荐该人选"
        : CandidateStates.Parse(row.CandidateState) is { } s && CandidateStates.IsFinal(s) ? $"该人选已{CandidateStates.ChineseName(s)}，无需再作决定"
        : null;

    /// <summary>
    /// Locks the case, checks who may act (404 out of sight, 403 without the right) and the version (409 when stale),
    /// runs <paramref name="change"/>, saves the audit entries and answers the case as it now is.
    /// </summary>
    private async Task<Outcome<ObjectionView>> ChangeAsync(long id, int? version, bool handle, Func<NpgsqlTransaction, ObjectionRow, Task<Outcome<string>>> change)
    {
        var tx = work.Transaction;
        var row = await access.ReadAsync(tx.Connection!, tx, id, forUpdate: true);
        if (row is null)
        {
            return Outcome<ObjectionView>.NotFound();
        }
        if (handle ? !await access.CanHandleAsync(row) : !await access.CanDecideAsync(row))
        {
            return Outcome<ObjectionView>.Forbidden(handle
                ? "只有本公示单位的劳模工作管理员、评选管理员或调查人才能办理本异议"
                : "需要本次评选所在单位的评选管理员权限");
        }
        if (version is null)
        {
            return Outcome<ObjectionView>.Invalid("version", "缺少版本号，请刷新页面后重试");
        }
        if (version != row.Version)
        {
            return Outcome<ObjectionView>.Conflict(Stale);
        }
        var outcome = await change(tx, row);
        if (!outcome.IsOk)
        {
            return new Outcome<ObjectionView>(outcome.Kind, Errors: outcome.Errors, Message: outcome.Message);
        }
        await db.SaveChangesAsync();
        var now = await access.ReadAsync(tx.Connection!, tx, id, forUpdate: false);
        return Outcome<ObjectionView>.Ok(await queries.ViewAsync(tx.Connection!, tx, now!));
    }

    private static async Task ExecuteAsync(NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }
}
