using System.Text.RegularExpressions;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;

namespace Laurel.Web.Features.Shared;

/// <summary>What an objector gives (异议): the candidate objected to, the facts, and optionally a name and a phone.</summary>
public sealed record ObjectionSubmission(long? CandidateId, string? Text, string? Name, string? Phone);

/// <summary>A stored objection: its id (for the cadres) and the number the objector can quote (the public's only answer).</summary>
public sealed record StoredObjection(long Id, string Reference);

/// <summary>A notice as the objection form sees it: its window and contact, and whether it takes objections on a day.</summary>
public sealed record NoticeForObjection(
    long Id, long CampaignId, long OrgUnitId, string UnitPath, string CampaignUnitPath, string Title, DateOnly OpensOn, DateOnly ClosesOn,
    int TakedownDays, bool Withdrawn, string ContactPhone, string ContactAddress, string? ContactEmail)
{
    public NoticeStatus StatusOn(DateOnly today) => Notices.StatusOn(today, OpensOn, ClosesOn, Withdrawn);

    public bool IsPublicOn(DateOnly today) => Notices.IsPublicOn(today, OpensOn, ClosesOn, TakedownDays, Withdrawn);
}

/// <summary>A candidate exactly as the notice published them (notice_candidates), and nothing else.</summary>
public sealed record PublishedCandidate(long CandidateId, string Name, string Unit, string Post);

/// <summary>
/// How an objection comes in (issue 12 §4, ADR 24), shared by the public form page, the public API and the cadres'
/// entry by phone, letter or visit: the checks of the text, the name and the phone, the reference number from
/// <c>objection_reference_seq</c>, the encrypted and masked phone, the row and its audit entry, all in the request's
/// unit of work. The public path takes objections only while the notice is open, and only against a candidate on it;
/// its answer is the reference alone.
/// </summary>
public sealed partial class ObjectionIntake(UnitOfWork work, NpgsqlDataSource dataSource, AuditLog audit, LaurelDb db, FieldProtector protector,
    TimeProvider clock)
{
    public const int MaxText = 2000;
    public const int MaxName = 50;

    private const string NoticeSql = """
        SELECT n.id, n.campaign_id, n.org_unit_id, u.path AS unit_path, cu.path AS campaign_unit_path, n.title, n.opens_on, n.closes_on,
               n.takedown_days, n.withdrawn_at IS NOT NULL AS withdrawn, n.contact_phone, n.contact_address, n.contact_email
        FROM notices n JOIN org_units u ON u.id = n.org_unit_id
             JOIN campaigns c ON c.id = n.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
        WHERE n.id = @id
        """;

    private const string CandidateSql =
        "SELECT candidate_id, name, unit, post FROM notice_candidates WHERE notice_id = @notice AND candidate_id = @candidate";

    public DateOnly Today => Dates.Today(clock);

    /// <summary>The notice, read outside any transaction (the form page), or null when there is none.</summary>
    public async Task<NoticeForObjection?> NoticeAsync(long noticeId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = NominationCommand(connection, null, NoticeSql, ("id", noticeId));
        return await Rows.FirstOrDefaultAsync<NoticeForObjection>(command);
    }

    /// <summary>The notice, read in the request's transaction, or null when there is none.</summary>
    public async Task<NoticeForObjection?> NoticeInAsync(NpgsqlTransaction tx, long noticeId)
    {
        await using var command = NominationCommand(tx.Connection!, tx, NoticeSql, ("id", noticeId));
        return await Rows.FirstOrDefaultAsync<NoticeForObjection>(command);
    }

    /// <summary>The candidate as published on the notice, or null when they are not on it.</summary>
    public async Task<PublishedCandidate?> PublishedAsync(long noticeId, long candidateId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = NominationCommand(connection, null, CandidateSql, ("notice", noticeId), ("candidate", candidateId));
        return await Rows.FirstOrDefaultAsync<PublishedCandidate>(command);
    }

    /// <summary>
    /// An objection from the public (the form page and POST /api/public/v1/notices/{id}/objections): 404 when the notice
    /// is not on public display, 409 when its window is not open today, 422 naming the field otherwise.
    /// </summary>
    public async Task<Outcome<StoredObjection>> SubmitOnlineAsync(long noticeId, ObjectionSubmission input)
    {
        var notice = await NoticeInAsync(work.Transaction, noticeId);
        var today = Today;
        if (notice is null || !notice.IsPublicOn(today))
        {
            return Outcome<StoredObjection>.NotFound();
        }
        if (notice.StatusOn(today) != NoticeStatus.Open)
        {
            return Outcome<StoredObjection>.Conflict(
                $"公示期已于 {notice.ClosesOn:yyyy年M月d日} 届满，网上不再受理异议；如有情况反映，请联系 {notice.ContactPhone}。");
        }
        return await StoreAsync(notice, input, ObjectionChannel.Online, null, clock.GetUtcNow());
    }

    /// <summary>
    /// Checks and stores an objection against a candidate on <paramref name="notice"/> (the caller has checked who may
    /// enter it and when); <paramref name="receivedBy"/> is the cadre who took it by phone, letter or visit, null online.
    /// </summary>
    public async Task<Outcome<StoredObjection>> StoreAsync(NoticeForObjection notice, ObjectionSubmission input, ObjectionChannel channel,
        long? receivedBy, DateTimeOffset receivedAt)
    {
        var errors = new FieldErrors();
        var tx = work.Transaction;
        PublishedCandidate? candidate = null;
        if (input.CandidateId is not { } candidateId)
        {
            errors.Add("candidateId", "请选择提出异议的人选");
        }
        else
        {
            await using var command = NominationCommand(tx.Connection!, tx, CandidateSql, ("notice", notice.Id), ("candidate", candidateId));
            candidate = await Rows.FirstOrDefaultAsync<PublishedCandidate>(command);
            if (candidate is null)
            {
                errors.Add("candidateId", "该人选不在本公示名单中");
            }
        }
        var text = TextFields.Required(input.Text, "text", "异议内容", MaxText, errors, multiLine: true);
        var name = TextFields.Optional(input.Name, "name", "姓名", MaxName, errors);
        var phone = CheckPhone(input.Phone, errors);
        if (errors.Any)
        {
            return Outcome<StoredObjection>.Invalid(errors);
        }

        var sequence = await tx.ScalarAsync<long>("SELECT nextval('objection_reference_seq')");
        var reference = Notices.Reference(Today.Year, sequence);
        var (cipher, masked) = Phones.Protect(protector, phone);
        await using var insert = NominationCommand(tx.Connection!, tx, """
            INSERT INTO objections (reference, notice_id, candidate_id, channel, text, objector_name, objector_phone_cipher, objector_phone_masked,
                                    received_at, received_by)
            VALUES (@reference, @notice, @candidate, @channel, @text, @name, @cipher, @masked, @at, @by) RETURNING id
            """, ("reference", reference), ("notice", notice.Id), ("candidate", candidate!.CandidateId), ("channel", Notices.Code(channel)),
            ("text", text), ("name", name), ("cipher", cipher), ("masked", masked), ("at", receivedAt), ("by", receivedBy));
        var id = (long)(await insert.ExecuteScalarAsync())!;
        audit.Record(AuditActions.Create, AuditObjectTypes.Objection, id, null,
            new { reference, noticeId = notice.Id, candidateId = candidate.CandidateId, channel = Notices.Code(channel), named = name is not null, phone = masked },
            $"收到对公示人选 {candidate.Name} 的异议 {reference}（{Notices.ChineseName(channel)}，{(name is null ? "匿名" : "署名")}）");
        await db.SaveChangesAsync();
        return Outcome<StoredObjection>.Ok(new StoredObjection(id, reference));
    }

    /// <summary>A mobile number of 11 digits or a landline with its area code; null when none was given.</summary>
    public static string? CheckPhone(string? input, FieldErrors errors)
    {
        var phone = input?.Trim();
        if (string.IsNullOrEmpty(phone))
        {
            return null;
        }
        if (!PhonePattern().IsMatch(phone))
        {
            errors.Add("phone", "联系电话格式不正确（手机号11位，或区号-座机号）");
            return null;
        }
        return phone;
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();

    private static NpgsqlCommand NominationCommand(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}

/// <summary>The public objection endpoint, mapped from Public/PublicApi.cs into the public group, and the intake's wiring.</summary>
public static class PublicObjectionApi
{
    /// <summary>The public form page's address under the pages' root; its POST counts against <see cref="RateLimits.Objections"/>.</summary>
    public const string FormPage = "/Public/Objection";

    /// <summary>
    /// The intake, and the objection form page under the Objections limit. After every other configuration, so that the
    /// page's limit comes after the public folder's in its metadata (the last one is the one that applies).
    /// </summary>
    public static IServiceCollection AddObjectionIntake(this IServiceCollection services) => services
        .AddScoped<ObjectionIntake>()
        .PostConfigure<RazorPagesOptions>(o => o.Conventions.AddPageApplicationModelConvention(FormPage,
            page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Objections))));

    /// <summary>POST /api/public/v1/notices/{id}/objections → 201 { reference }, under its own per-address limit.</summary>
    public static void MapPublicObjections(this RouteGroupBuilder group) =>
        group.MapPost("/notices/{id:long}/objections", async (long id, ObjectionSubmission input, ObjectionIntake intake) =>
                (await intake.SubmitOnlineAsync(id, input)).ToApi(s => Results.Json(new { reference = s.Reference }, statusCode: StatusCodes.Status201Created)))
            .RequireRateLimiting(RateLimits.Objections);
}
