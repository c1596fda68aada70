using Laurel.Rules.HonourRoll;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.HonourRoll;

/// <summary>One consent record, withdrawn or not (the history stays).</summary>
public sealed record ConsentView(long Id, string Field, string GivenBy, string? FamilyMember, string Form, DateOnly GivenOn, string? Note,
    string? RecordedBy, DateTimeOffset RecordedAt, DateOnly? WithdrawnOn, string? WithdrawnBy, string? WithdrawalReason)
{
    public bool InForce => WithdrawnOn is null;
}

public sealed record PhotoView(long Id, string FileName, string ContentType, int Size, DateTimeOffset UploadedAt);

/// <summary>The honour roll's side of a record: what is stored, under which consents, and what the public roll shows now.</summary>
public sealed record HonourRollView(long HonoreeId, string Name, DateOnly? DiedOn, bool CanWrite, int ActiveHonours, string? Deeds,
    PhotoView? Photo, IReadOnlyList<ConsentView> Consents, bool PublishesPhoto, bool PublishesDeeds, long RollUnitId);

public sealed class HonourRollQueries(Scope scope, NpgsqlDataSource dataSource, Attachments attachments, TimeProvider clock)
{
    public async Task<Outcome<HonourRollView>> GetAsync(long honoreeId, CancellationToken ct = default)
    {
        var honoree = await scope.FindHonoreeAsync(honoreeId);
        if (honoree is null)
        {
            return Outcome<HonourRollView>.NotFound();
        }
        var canWrite = await scope.FindHonoreeAsync(honoreeId, HonoreeAccess.Write) is not null;
        await using var command = dataSource.CreateCommand("""
            SELECT c.id, c.field, c.given_by, c.family_member, c.form, c.given_on, c.note, r.display_name AS recorded_by, c.recorded_at,
                   c.withdrawn_on, w.display_name AS withdrawn_by, c.withdrawal_reason
            FROM honour_roll_consents c
            LEFT JOIN users r ON r.id = c.recorded_by
            LEFT JOIN users w ON w.id = c.withdrawn_by
            WHERE c.honoree_id = $1 ORDER BY c.id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = honoreeId });
        var consents = await Rows.ListAsync<ConsentView>(command, ct);
        await using var profile = dataSource.CreateCommand("""
            SELECT p.deeds, a.id, a.file_name, a.content_type, a.size, a.uploaded_at,
                   (SELECT count(*) FROM honours o WHERE o.honoree_id = $1 AND o.status = 'active')::int AS active,
                   (SELECT u.id FROM org_units u JOIN org_units mine ON mine.path LIKE u.path || '%'
                    WHERE mine.id = $2 AND u.kind <> 'grassroots' ORDER BY length(u.path) DESC LIMIT 1) AS roll_unit
            FROM (SELECT 1) one
            LEFT JOIN honour_roll_profiles p ON p.honoree_id = $1
            LEFT JOIN attachments a ON a.id = p.photo_attachment_id
            """);
        profile.Parameters.Add(new NpgsqlParameter { Value = honoreeId });
        profile.Parameters.Add(new NpgsqlParameter { Value = honoree.OrgUnitId });
        await using var reader = await profile.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var deeds = reader.IsDBNull(0) ? null : reader.GetString(0);
        var photo = reader.IsDBNull(1) ? null
            : new PhotoView(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5));
        var active = reader.GetInt32(6);
        var rollUnit = reader.IsDBNull(7) ? honoree.OrgUnitId : reader.GetInt64(7);
        var today = Dates.Today(clock);
        bool Publishes(ConsentField field) => Consents.Publishes(field, honoree.DiedOn is not null,
            consents.Where(c => c.InForce && c.Field == Consents.Code(field) && c.GivenOn <= today)
                .Select(c => Consents.ParseGiver(c.GivenBy)!.Value));
        return Outcome<HonourRollView>.Ok(new HonourRollView(honoree.Id, honoree.Name, honoree.DiedOn, canWrite, active, deeds, photo, consents,
            photo is not null && Publishes(ConsentField.Photo), deeds is not null && Publishes(ConsentField.Deeds), rollUnit));
    }

    /// <summary>The honoree's photo for a staff user in scope (audited); 404 out of scope or without a photo.</summary>
    public async Task<Outcome<AttachmentFile>> PhotoAsync(long honoreeId, CancellationToken ct = default)
    {
        var inScope = await scope.FindHonoreeAsync(honoreeId) is not null;
        await using var command = dataSource.CreateCommand("SELECT photo_attachment_id FROM honour_roll_profiles WHERE honoree_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = honoreeId });
        var id = await command.ExecuteScalarAsync(ct) as long?;
        var file = id is null ? null : await attachments.ReadAsync(id.Value, AttachmentOwners.HonoreePhoto, honoreeId, inScope, ct);
        return file is null ? Outcome<AttachmentFile>.NotFound() : Outcome<AttachmentFile>.Ok(file);
    }
}
