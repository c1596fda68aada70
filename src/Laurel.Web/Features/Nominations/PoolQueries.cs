using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>Reading the pool: a unit's list by year (search by name or workplace, paged), and one entry with its follow-ups.</summary>
public sealed class PoolQueries(NominationAccess access)
{
    private sealed record EntryRow(
        long Id, long OrgUnitId, string OrgUnitName, int Year, string Name, string ResidentIdMasked, string Gender, string Workplace, string Post,
        string Category, string SelectionKind, string Achievements, long? HonoreeId, int Version);

    private const string Select = """
        SELECT p.id, p.org_unit_id, u.name AS org_unit_name, p.year, p.name, p.resident_id_masked, p.gender, p.workplace, p.post,
               p.category, p.selection_kind, p.achievements, p.honoree_id, p.version
        FROM pool_entries p JOIN org_units u ON u.id = p.org_unit_id
        """;

    /// <summary>
    /// The entries of the unit and the year (or, without a unit, of everything the user reads), including the units below
    /// it when <paramref name="withDescendants"/>; out of scope the unit answers 404.
    /// </summary>
    public async Task<Outcome<PoolPage>> ListAsync(long? orgUnitId, int? year, string? q, int? page, int? pageSize, bool withDescendants = true)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        await using var connection = await access.OpenAsync();
        var patterns = await access.ReadPatternsAsync();
        UnitRow? unit = null;
        if (orgUnitId is { } id)
        {
            unit = await NominationAccess.UnitAsync(connection, null, id);
            if (unit is null || !await access.CanReadAtAsync(unit.Path))
            {
                return Outcome<PoolPage>.NotFound();
            }
        }
        var where = "u.path LIKE ANY(@roots)";
        var parameters = new List<(string, object?)> { ("roots", patterns) };
        if (unit is not null)
        {
            where += withDescendants ? " AND u.path LIKE @under" : " AND p.org_unit_id = @unit";
            parameters.Add(withDescendants ? ("under", unit.Path + "%") : ("unit", unit.Id));
        }
        if (year is not null)
        {
            where += " AND p.year = @year";
            parameters.Add(("year", year.Value));
        }
        var search = q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            where += " AND (strpos(p.name, @q) > 0 OR strpos(p.workplace, @q) > 0 OR strpos(p.post, @q) > 0)";
            parameters.Add(("q", search));
        }
        int total;
        await using (var count = NominationAccess.Command(connection, null, $"SELECT count(*)::int FROM pool_entries p JOIN org_units u ON u.id = p.org_unit_id WHERE {where}", [.. parameters]))
        {
            total = (int)(await count.ExecuteScalarAsync())!;
        }
        List<EntryRow> rows;
        await using (var list = NominationAccess.Command(connection, null,
            $"{Select} WHERE {where} ORDER BY p.year DESC, u.path, p.name, p.id LIMIT @limit OFFSET @offset",
            [.. parameters, ("limit", size), ("offset", (number - 1) * size)]))
        {
            rows = await Rows.ListAsync<EntryRow>(list);
        }
        PoolReportView? report = null;
        if (unit is not null && year is not null)
        {
            await using var command = NominationAccess.Command(connection, null,
                "SELECT org_unit_id, year, entry_count, reported_on, reported_at FROM pool_reports WHERE org_unit_id = @unit AND year = @year",
                ("unit", unit.Id), ("year", year));
            report = await Rows.FirstOrDefaultAsync<PoolReportView>(command);
        }
        return Outcome<PoolPage>.Ok(new PoolPage(rows.Select(r => View(r, [])).ToList(), total, number, size, report));
    }

    public async Task<Outcome<PoolEntryView>> GetAsync(long id)
    {
        await using var connection = await access.OpenAsync();
        await using var command = NominationAccess.Command(connection, null, $"{Select} WHERE p.id = @id AND u.path LIKE ANY(@roots)",
            ("id", id), ("roots", await access.ReadPatternsAsync()));
        var row = await Rows.FirstOrDefaultAsync<EntryRow>(command);
        if (row is null)
        {
            return Outcome<PoolEntryView>.NotFound();
        }
        await using var followUps = NominationAccess.Command(connection, null,
            "SELECT id, year, note, recorded_at FROM pool_follow_ups WHERE pool_entry_id = @id ORDER BY year, id", ("id", id));
        return Outcome<PoolEntryView>.Ok(View(row, await Rows.ListAsync<FollowUpView>(followUps)));
    }

    private static PoolEntryView View(EntryRow r, IReadOnlyList<FollowUpView> followUps) => new(
        r.Id, r.OrgUnitId, r.OrgUnitName, r.Year, r.Name, r.ResidentIdMasked, r.Gender, r.Workplace, r.Post, r.Category,
        NominationCodes.Name(NominationCodes.Categories, r.Category) ?? r.Category, r.SelectionKind,
        NominationCodes.Name(NominationCodes.SelectionKinds, r.SelectionKind) ?? r.SelectionKind, r.Achievements, r.HonoreeId,
        r.HonoreeId is not null, r.Version, followUps);
}
