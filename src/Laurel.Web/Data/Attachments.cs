using System.Security.Cryptography;
using Laurel.Rules.Files;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>The owner kinds of attachments: each names the record a file belongs to (the owning feature checks its scope).</summary>
public static class AttachmentOwners
{
    /// <summary>The photo of an honoree for the honour roll (owner id: the honoree's).</summary>
    public const string HonoreePhoto = "honoree_photo";

    /// <summary>The deeds' attachments of a candidate (事迹材料附件; owner id: the candidate's).</summary>
    public const string CandidateDeeds = "candidate_deeds";

    /// <summary>The evidence of a revocation or reinstatement case (证据材料附件; owner id: the case's).</summary>
    public const string RevocationEvidence = "revocation_evidence";
}

/// <summary>An attachment's description, without its contents.</summary>
public sealed record AttachmentInfo(long Id, string OwnerKind, long OwnerId, Guid PublicKey, string FileName, string ContentType,
    int Size, byte[] Sha256, long? UploadedBy, DateTimeOffset UploadedAt)
{
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}

/// <summary>An attachment with its contents, to be sent.</summary>
public sealed record AttachmentFile(AttachmentInfo Info, byte[] Bytes)
{
    /// <summary>
    /// The download as the API sends it: always <c>Content-Disposition: attachment</c> (never shown inside Laurel's own
    /// pages) and <c>X-Content-Type-Options: nosniff</c>, with the content type the file's own bytes showed at upload.
    /// </summary>
    public IResult ToDownload(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        return Results.File(Bytes, Info.ContentType, Info.FileName);
    }
}

/// <summary>
/// The attachment store (issue 12, ADR 23): files in PostgreSQL (table attachments), each PDF, JPEG or PNG as its magic
/// bytes show, at most 10 MB, written in the request's unit of work and audited. The store never decides scope: a
/// reader passes the decision of the owner's feature (is the honoree, the candidate, the case in the user's scope?),
/// and a refused or mismatched read answers null, which the caller turns into 404. Every staff read is audited as a
/// sensitive read (查看附件).
/// </summary>
public sealed class Attachments(UnitOfWork work, NpgsqlDataSource dataSource, LaurelDb db, AuditLog audit, CurrentUser user, TimeProvider clock)
{
    private const string Columns = "id, owner_kind, owner_id, public_key, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

    /// <summary>
    /// Stores an uploaded file for its owner, or refuses it under <paramref name="field"/> with a message that names
    /// <paramref name="label"/> (empty, over 10 MB, not one of <paramref name="allowed"/> by content). Nothing is saved
    /// on a refusal. The declared content type and the extension are ignored; the stored name carries the content's extension.
    /// </summary>
    public async Task<Outcome<AttachmentInfo>> SaveAsync(string ownerKind, long ownerId, IFormFile? file, string field, string label,
        IReadOnlyList<AttachmentKind> allowed, CancellationToken ct = default)
    {
        if (file is null)
        {
            return Outcome<AttachmentInfo>.Invalid(field, $"请选择要上传的{label}");
        }
        await using var stream = file.OpenReadStream();
        return await SaveAsync(ownerKind, ownerId, file.FileName, file.Length, stream, field, label, allowed, ct);
    }

    public async Task<Outcome<AttachmentInfo>> SaveAsync(string ownerKind, long ownerId, string? fileName, long length, Stream content,
        string field, string label, IReadOnlyList<AttachmentKind> allowed, CancellationToken ct = default)
    {
        byte[] bytes = [];
        if (length is > 0 and <= AttachmentContent.MaxBytes)
        {
            bytes = await ReadAtMostAsync(content, AttachmentContent.MaxBytes + 1, ct);
            length = bytes.Length;
        }
        var (accepted, problem) = AttachmentContent.Check(label, fileName, length, bytes.AsSpan(0, Math.Min(bytes.Length, AttachmentContent.HeaderLength)), allowed);
        if (accepted is null)
        {
            return Outcome<AttachmentInfo>.Invalid(field, problem!);
        }
        var sha = SHA256.HashData(bytes);
        var now = clock.GetUtcNow();
        await using var command = work.Transaction.Command($"""
            INSERT INTO attachments (owner_kind, owner_id, file_name, content_type, size, sha256, bytes, uploaded_by, uploaded_at)
            VALUES (@kind, @owner, @name, @type, @size, @sha, @bytes, @by, @at)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("kind", ownerKind);
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("name", accepted.FileName);
        command.Parameters.AddWithValue("type", accepted.ContentType);
        command.Parameters.AddWithValue("size", bytes.Length);
        command.Parameters.AddWithValue("sha", sha);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.AddWithValue("by", (object?)user.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("at", now);
        var info = (await Rows.FirstOrDefaultAsync<AttachmentInfo>(command, ct))!;
        audit.Record(AuditActions.Create, AuditObjectTypes.Attachment, info.Id, null,
            new { ownerKind, ownerId, info.FileName, info.ContentType, info.Size, sha256 = info.Sha256Hex },
            $"上传{label}：{info.FileName}（{AttachmentContent.ChineseName(accepted.Kind)}，{info.Size} 字节）");
        await db.SaveChangesAsync(ct);
        return Outcome<AttachmentInfo>.Ok(info);
    }

    /// <summary>The owner's attachments, oldest first (descriptions only).</summary>
    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(string ownerKind, long ownerId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = ownerKind });
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        return await Rows.ListAsync<AttachmentInfo>(command, ct);
    }

    /// <summary>
    /// One attachment of the owner for a staff user, audited as a sensitive read; null (so 404) when the caller's scope
    /// decision <paramref name="ownerInScope"/> is no, or when the attachment is not the owner's.
    /// </summary>
    public async Task<AttachmentFile?> ReadAsync(long id, string ownerKind, long ownerId, bool ownerInScope, CancellationToken ct = default)
    {
        if (!ownerInScope)
        {
            return null;
        }
        var file = await ReadWhereAsync("id = $1 AND owner_kind = $2 AND owner_id = $3", ct, id, ownerKind, ownerId);
        if (file is not null)
        {
            await audit.RecordNowAsync(AuditActions.ViewAttachment, AuditObjectTypes.Attachment, id,
                $"下载附件：{file.Info.FileName}", after: new { ownerKind, ownerId });
        }
        return file;
    }

    /// <summary>
    /// An attachment served to the public by its opaque key (the honour roll's photos), when the caller's decision
    /// <paramref name="published"/> says its owner's file may be shown now; otherwise null. Not audited: nothing but what
    /// was published is read.
    /// </summary>
    public async Task<AttachmentFile?> ReadPublishedAsync(Guid key, string ownerKind, Func<AttachmentInfo, Task<bool>> published,
        CancellationToken ct = default)
    {
        var file = await ReadWhereAsync("public_key = $1 AND owner_kind = $2", ct, key, ownerKind);
        return file is not null && await published(file.Info) ? file : null;
    }

    private async Task<AttachmentFile?> ReadWhereAsync(string where, CancellationToken ct, params object[] values)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns}, bytes FROM attachments WHERE {where}");
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var info = new AttachmentInfo(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
            reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<byte[]>(7), reader.IsDBNull(8) ? null : reader.GetInt64(8),
            reader.GetFieldValue<DateTimeOffset>(9));
        return new AttachmentFile(info, reader.GetFieldValue<byte[]>(10));
    }

    /// <summary>The stream's bytes, up to <paramref name="limit"/> (a longer stream yields limit bytes, so the check refuses it).</summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream content, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (buffer.Length < limit && (n = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
