using System.Text.Json.Serialization;
using Laurel.Rules.HonourRoll;
using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Public;

/// <summary>One line of the honour roll: a person's active honour. Photo and deeds only under a consent in force.</summary>
public sealed record HonourRollItem(string Name, string TitleName, int Year, string Unit, bool Deceased,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhotoUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Deeds)
{
    [JsonIgnore] public string TitleCode { get; init; } = "";
}

public sealed record HonourRollPage(long UnitId, string UnitName, IReadOnlyList<HonourRollItem> Items, int Total, int PageNumber, int PageSize,
    IReadOnlyList<(string Code, string Name)> Titles, IReadOnlyList<int> Years);

/// <summary>
/// The public honour roll (光荣榜, issue 12 §6): the active honours of the honorees whose unit lies in a federation's
/// subtree, name and unit by default. It reads honours.status, so an honour revoked (today's revocation, or a
/// revocation case's decision) is gone the moment that transaction commits. A photo and the deeds appear only while a
/// consent for that field is in force (Laurel.Rules' Consents.Publishes: the deceased's photo only with the family's).
/// Nothing else of a person is read: no resident ID, phone or birth date is ever selected here.
/// </summary>
public sealed class HonourRollQuery(NpgsqlDataSource dataSource, Attachments attachments, TimeProvider clock)
{
    public const string PhotoPath = "/public/honour-roll/photos/";
    public const int PageSize = 50;

    /// <summary>Units with a roll: every union federation and trade union, not a grassroots (enterprise) union.</summary>
    private const string RollUnit = "kind <> 'grassroots'";

    private sealed record Row(string Name, string TitleCode, string? AwardingRegionCode, int Year, string Unit, bool Deceased,
        string? Deeds, Guid? PhotoKey, string[] PhotoGivers, string[] DeedsGivers, long Total);

    /// <summary>A page of the roll, or null when the unit does not exist or keeps no roll (404).</summary>
    public async Task<HonourRollPage?> PageAsync(long unitId, string? titleCode, int? year, int? page, int? pageSize, CancellationToken ct = default)
    {
        await using var unitCommand = dataSource.CreateCommand($"SELECT path, name FROM org_units WHERE id = $1 AND {RollUnit}");
        unitCommand.Parameters.Add(new NpgsqlParameter { Value = unitId });
        string path, unitName;
        await using (var reader = await unitCommand.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }
            (path, unitName) = (reader.GetString(0), reader.GetString(1));
        }
        var (number, size) = Paging.Normalise(page, pageSize ?? PageSize);
        var title = TitleCatalogue.Find(titleCode)?.Code;
        var today = Dates.Today(clock);
        await using var command = dataSource.CreateCommand("""
            WITH roll AS (
                SELECT h.id AS honoree_id, h.name, o.id AS honour_id, o.title_code, o.awarding_region_code,
                       extract(year FROM o.awarded_on)::int AS year, u.name AS unit, h.died_on IS NOT NULL AS deceased
                FROM honours o
                JOIN honorees h ON h.id = o.honoree_id
                JOIN org_units u ON u.id = h.org_unit_id
                WHERE o.status = 'active' AND u.path LIKE $1
                  AND ($2::text IS NULL OR o.title_code = $2) AND ($3::int IS NULL OR extract(year FROM o.awarded_on) = $3)
            ), counted AS (SELECT *, count(*) OVER () AS total FROM roll)
            SELECT c.name, c.title_code, c.awarding_region_code, c.year, c.unit, c.deceased, p.deeds, a.public_key AS photo_key,
                   coalesce((SELECT array_agg(k.given_by) FROM honour_roll_consents k WHERE k.honoree_id = c.honoree_id AND k.field = 'photo'
                             AND k.withdrawn_at IS NULL AND k.given_on <= $6), '{}') AS photo_givers,
                   coalesce((SELECT array_agg(k.given_by) FROM honour_roll_consents k WHERE k.honoree_id = c.honoree_id AND k.field = 'deeds'
                             AND k.withdrawn_at IS NULL AND k.given_on <= $6), '{}') AS deeds_givers,
                   c.total
            FROM counted c
            LEFT JOIN honour_roll_profiles p ON p.honoree_id = c.honoree_id
            LEFT JOIN attachments a ON a.id = p.photo_attachment_id
            ORDER BY c.year DESC, c.title_code, c.name, c.honour_id
            LIMIT $4 OFFSET $5
            """);
        foreach (var value in new object?[] { path + "%", title, year, size, (number - 1) * size, today })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        command.Parameters[1].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        command.Parameters[2].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
        var rows = await Rows.ListAsync<Row>(command, ct);
        var items = rows.Select(r =>
        {
            var photo = r.PhotoKey is { } key && Consents.Publishes(ConsentField.Photo, r.Deceased, Givers(r.PhotoGivers));
            var deeds = r.Deeds is not null && Consents.Publishes(ConsentField.Deeds, r.Deceased, Givers(r.DeedsGivers));
            var name = TitleCatalogue.Find(r.TitleCode) is { } t ? TitleCatalogue.DisplayName(t, r.AwardingRegionCode) : r.TitleCode;
            return new HonourRollItem(r.Name, name, r.Year, r.Unit, r.Deceased, photo ? PhotoPath + r.PhotoKey : null, deeds ? r.Deeds : null)
            {
                TitleCode = r.TitleCode,
            };
        }).ToList();
        var (titles, years) = await FiltersAsync(path, ct);
        return new HonourRollPage(unitId, unitName, items, rows.Count > 0 ? (int)rows[0].Total : 0, number, size, titles, years);
    }

    /// <summary>The titles and years the subtree's roll holds, for the filters.</summary>
    private async Task<(IReadOnlyList<(string, string)>, IReadOnlyList<int>)> FiltersAsync(string path, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT o.title_code, extract(year FROM o.awarded_on)::int FROM honours o
            JOIN honorees h ON h.id = o.honoree_id JOIN org_units u ON u.id = h.org_unit_id
            WHERE o.status = 'active' AND u.path LIKE $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = path + "%" });
        var codes = new HashSet<string>();
        var years = new SortedSet<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            codes.Add(reader.GetString(0));
            years.Add(reader.GetInt32(1));
        }
        var titles = TitleCatalogue.All.Where(t => codes.Contains(t.Code)).Select(t => (t.Code, t.Name)).ToList();
        return (titles, years.Reverse().ToList());
    }

    /// <summary>
    /// A photo by its opaque key while it is published: the current photo of an honoree with an active honour, under a
    /// photo consent in force (the family's for the deceased). Otherwise null, so 404: a withdrawn consent takes it down.
    /// </summary>
    public Task<AttachmentFile?> PhotoAsync(Guid key, CancellationToken ct = default) =>
        attachments.ReadPublishedAsync(key, AttachmentOwners.HonoreePhoto, async info =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT h.died_on IS NOT NULL AS deceased,
                       coalesce((SELECT array_agg(k.given_by) FROM honour_roll_consents k WHERE k.honoree_id = h.id AND k.field = 'photo'
                                 AND k.withdrawn_at IS NULL AND k.given_on <= $3), '{}') AS givers
                FROM honorees h JOIN honour_roll_profiles p ON p.honoree_id = h.id AND p.photo_attachment_id = $2
                WHERE h.id = $1 AND EXISTS (SELECT 1 FROM honours o WHERE o.honoree_id = h.id AND o.status = 'active')
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = info.OwnerId });
            command.Parameters.Add(new NpgsqlParameter { Value = info.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = Dates.Today(clock) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                && Consents.Publishes(ConsentField.Photo, reader.GetBoolean(0), Givers(reader.GetFieldValue<string[]>(1)));
        }, ct);

    private static IEnumerable<ConsentGiver> Givers(string[] codes) => codes.Select(Consents.ParseGiver).OfType<ConsentGiver>();
}
