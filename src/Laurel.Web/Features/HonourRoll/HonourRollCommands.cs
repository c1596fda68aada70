using Laurel.Rules.Calendar;
using Laurel.Rules.Files;
using Laurel.Rules.HonourRoll;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.HonourRoll;

public sealed record ConsentInput(string? Field, string? GivenBy, string? FamilyMember, string? Form, DateOnly? GivenOn, string? Note);

public sealed record ConsentWithdrawalInput(DateOnly? WithdrawnOn, string? Reason);

public sealed record DeedsInput(string? Deeds);

/// <summary>
/// The honour roll's side of an honoree record (issue 12 §6): consents to publish the photo and the deeds, recorded
/// and withdrawn by a manager in scope, the deeds paragraph and the photo. Each change is audited, in the request's unit
/// of work; a consent is never edited or deleted, only withdrawn (migration 0023's trigger).
/// </summary>
public sealed class HonourRollCommands(Scope scope, UnitOfWork work, LaurelDb db, AuditLog audit, Attachments attachments,
    CurrentUser user, TimeProvider clock)
{
    public const string ReadOnly = "只读用户不能修改光荣榜公开信息";

    public async Task<Outcome<long>> RecordConsentAsync(long honoreeId, ConsentInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        var field = Consents.ParseField(input.Field);
        if (field is null)
        {
            errors.Add("field", "请选择同意公开的内容（照片或事迹简介）");
        }
        var giver = Consents.ParseGiver(input.GivenBy);
        if (giver is null)
        {
            errors.Add("givenBy", "请选择同意人（本人或家属）");
        }
        var form = Consents.ParseForm(input.Form);
        if (form is null)
        {
            errors.Add("form", "请选择同意形式");
        }
        var today = Dates.Today(clock);
        if (input.GivenOn is not { } givenOn)
        {
            errors.Add("givenOn", "同意日期不能为空");
        }
        else if (DateBounds.CheckFactDate(givenOn, today) is { } problem)
        {
            errors.Add("givenOn", "同意" + problem);
        }
        else if (giver == ConsentGiver.Honoree && honoree!.DiedOn is { } died && givenOn > died)
        {
            errors.Add("givenOn", $"本人同意的日期不能晚于去世日期 {died:yyyy-MM-dd}，去世后请记录家属同意");
        }
        var member = TextFields.Optional(input.FamilyMember, "familyMember", "家属姓名及关系", 50, errors);
        if (giver is { } g && Consents.GiverProblem(g, honoree!.DiedOn is not null, member) is { } giverProblem)
        {
            errors.Add(g == ConsentGiver.Family && honoree.DiedOn is not null ? "familyMember" : "givenBy", giverProblem);
        }
        var note = TextFields.Optional(input.Note, "note", "备注", 200, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var tx = work.Transaction;
        // One in force per field: the unique index decides under concurrency; this answers the ordinary case clearly.
        await tx.ExecuteAsync("SELECT pg_advisory_xact_lock(7423123, hashtext(@h::text))", default, ("h", honoreeId));
        var inForce = await tx.ScalarAsync<DateOnly?>(
            "SELECT given_on FROM honour_roll_consents WHERE honoree_id = @h AND field = @f AND withdrawn_at IS NULL",
            ("h", honoreeId), ("f", Consents.Code(field!.Value)));
        if (inForce is { } since)
        {
            return Outcome<long>.Conflict($"{Consents.ChineseName(field.Value)}已有有效的同意记录（{since:yyyy-MM-dd} 起），如需变更请先撤回原记录");
        }
        var id = await tx.ScalarAsync<long>("""
            INSERT INTO honour_roll_consents (honoree_id, field, given_by, family_member, form, given_on, note, recorded_by, recorded_at)
            VALUES (@h, @f, @g, @m, @form, @on, @note, @by, @at) RETURNING id
            """, ("h", honoreeId), ("f", Consents.Code(field.Value)), ("g", Consents.Code(giver!.Value)),
            ("m", (object?)(giver == ConsentGiver.Family ? member : null) ?? DBNull.Value), ("form", Consents.Code(form!.Value)),
            ("on", input.GivenOn!.Value), ("note", (object?)note ?? DBNull.Value), ("by", (object?)user.Id ?? DBNull.Value), ("at", clock.GetUtcNow()));
        audit.Record(AuditActions.Create, AuditObjectTypes.HonourRollConsent, id, null,
            new { honoreeId, field = Consents.Code(field.Value), givenBy = Consents.Code(giver.Value), familyMember = member, form = Consents.Code(form.Value), givenOn = input.GivenOn, note },
            $"记录 {honoree!.Name} 同意在光荣榜公开{Consents.ChineseName(field.Value)}（{Consents.ChineseName(giver.Value)}，{Consents.ChineseName(form.Value)}）");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    public async Task<Outcome<long>> WithdrawConsentAsync(long honoreeId, long consentId, ConsentWithdrawalInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var tx = work.Transaction;
        await using var command = tx.Command("""
            SELECT field, given_on, withdrawn_at IS NOT NULL AS withdrawn FROM honour_roll_consents WHERE id = @id AND honoree_id = @h FOR UPDATE
            """);
        command.Parameters.AddWithValue("id", consentId);
        command.Parameters.AddWithValue("h", honoreeId);
        var consent = await Rows.FirstOrDefaultAsync<ConsentState>(command);
        if (consent is null)
        {
            return Outcome<long>.NotFound();
        }
        var fieldName = Consents.ParseField(consent.Field) is { } f ? Consents.ChineseName(f) : consent.Field;
        if (consent.Withdrawn)
        {
            return Outcome<long>.Conflict($"该{fieldName}同意记录已撤回。");
        }
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        var withdrawnOn = input.WithdrawnOn ?? today;
        if (withdrawnOn < consent.GivenOn)
        {
            errors.Add("withdrawnOn", $"撤回日期不能早于同意日期 {consent.GivenOn:yyyy-MM-dd}");
        }
        else if (withdrawnOn > today)
        {
            errors.Add("withdrawnOn", "撤回日期不能晚于今天");
        }
        var reason = TextFields.Optional(input.Reason, "reason", "撤回说明", 200, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        await tx.ExecuteAsync("""
            UPDATE honour_roll_consents SET withdrawn_on = @on, withdrawn_at = @at, withdrawn_by = @by, withdrawal_reason = @reason WHERE id = @id
            """, default, ("on", withdrawnOn), ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value),
            ("reason", (object?)reason ?? DBNull.Value), ("id", consentId));
        audit.Record(AuditActions.Update, AuditObjectTypes.HonourRollConsent, consentId, new { withdrawnOn = (DateOnly?)null },
            new { withdrawnOn, reason }, $"撤回 {honoree.Name} 在光荣榜公开{fieldName}的同意");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(consentId);
    }

    public async Task<Outcome<string?>> SetDeedsAsync(long honoreeId, DeedsInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<string?>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        var deeds = TextFields.Optional(input.Deeds, "deeds", "事迹简介", Consents.MaxDeedsLength, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<string?>.Invalid(errors);
        }
        var before = await UpsertProfileAsync(honoreeId, "deeds = @value", deeds);
        audit.Record(AuditActions.Update, AuditObjectTypes.HonourRollProfile, honoreeId, new { deeds = before.Deeds }, new { deeds },
            $"修改 {honoree.Name} 的光荣榜事迹简介");
        await db.SaveChangesAsync();
        return Outcome<string?>.Ok(deeds);
    }

    public async Task<Outcome<AttachmentInfo>> UploadPhotoAsync(long honoreeId, IFormFile? file, CancellationToken ct = default)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<AttachmentInfo>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var saved = await attachments.SaveAsync(AttachmentOwners.HonoreePhoto, honoreeId, file, "photo", "照片", AttachmentContent.Images, ct);
        if (!saved.IsOk)
        {
            return saved;
        }
        var before = await UpsertProfileAsync(honoreeId, "photo_attachment_id = @value", saved.Value!.Id);
        audit.Record(AuditActions.Update, AuditObjectTypes.HonourRollProfile, honoreeId, new { photoAttachmentId = before.PhotoAttachmentId },
            new { photoAttachmentId = saved.Value.Id }, $"更换 {honoree.Name} 的光荣榜照片");
        await db.SaveChangesAsync(ct);
        return saved;
    }

    private sealed record ConsentState(string Field, DateOnly GivenOn, bool Withdrawn);

    private sealed record ProfileBefore(string? Deeds, long? PhotoAttachmentId);

    /// <summary>Sets one column of the honoree's profile (creating it), returning what it held before.</summary>
    private async Task<ProfileBefore> UpsertProfileAsync(long honoreeId, string assignment, object? value)
    {
        var tx = work.Transaction;
        await using var read = tx.Command("SELECT deeds, photo_attachment_id FROM honour_roll_profiles WHERE honoree_id = @h FOR UPDATE");
        read.Parameters.AddWithValue("h", honoreeId);
        var before = await Rows.FirstOrDefaultAsync<ProfileBefore>(read) ?? new ProfileBefore(null, null);
        await using var write = tx.Command($"""
            INSERT INTO honour_roll_profiles (honoree_id, updated_at, updated_by) VALUES (@h, @at, @by)
            ON CONFLICT (honoree_id) DO UPDATE SET updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                version = honour_roll_profiles.version + 1;
            UPDATE honour_roll_profiles SET {assignment} WHERE honoree_id = @h;
            """);
        write.Parameters.AddWithValue("h", honoreeId);
        write.Parameters.AddWithValue("at", clock.GetUtcNow());
        write.Parameters.AddWithValue("by", (object?)user.Id ?? DBNull.Value);
        write.Parameters.AddWithValue("value", value ?? DBNull.Value);
        await write.ExecuteNonQueryAsync();
        return before;
    }
}
