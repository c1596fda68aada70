using Laurel.Rules.Organisation;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Features.Policies;

/// <summary>An honoree as the engine sees them for one month, with the unit that manages them in that month.</summary>
public sealed record LoadedPerson(long HonoreeId, long ManagingUnitId, PersonRecord Person);

/// <summary>
/// What <see cref="PersonLoader"/> read: every honoree the subtree manages now or managed at some time, with their whole
/// dated timeline, so that any month can be evaluated from one load.
/// </summary>
public sealed class LoadedRegistry(
    long[] ids, DateOnly[] births, long[] currentUnits, IReadOnlyList<Fact>[] facts, IReadOnlyList<HonourFact>[] honours,
    HashSet<long> subtree, IReadOnlyDictionary<long, string> unitRegions)
{
    public int Count => ids.Length;

    /// <summary>The honorees the subtree manages on the first day of the month, as the engine sees them then.</summary>
    public List<LoadedPerson> PeopleFor(DateOnly month)
    {
        month = new DateOnly(month.Year, month.Month, 1);
        var people = new List<LoadedPerson>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var unit = PersonLoader.ManagingUnit(facts[i], month, currentUnits[i]);
            if (subtree.Contains(unit))
            {
                people.Add(new LoadedPerson(ids[i], unit, new PersonRecord(births[i], unitRegions.GetValueOrDefault(unit, "000000"), facts[i], honours[i])));
            }
        }
        return people;
    }
}

/// <summary>
/// Reads in bulk the honorees a unit's subtree manages, with their dated facts and honours, for runs over many people
/// (payment cycles, benchmarks). The managing unit of a month is the honoree's org-unit fact in force on its first
/// day, else their current unit (as <see cref="EntitlementQueries.ToPerson"/> decides), so an honoree who moved away
/// since is still found for the months the subtree managed them. No scope filter: callers authorise the subtree first.
/// </summary>
public static class PersonLoader
{
    /// <param name="titles">
    /// When given, only honorees who hold or held one of these titles, or have payment items, are read (see
    /// EntitlementEngine.PayableTitles): a payment cycle needs no one else.
    /// </param>
    public static async Task<LoadedRegistry> LoadAsync(NpgsqlDataSource dataSource, long rootUnitId, CancellationToken ct = default,
        IReadOnlyCollection<string>? titles = null)
    {
        var units = new List<(long Id, long? ParentId, string? RegionCode, string Path)>();
        await using (var command = dataSource.CreateCommand("SELECT id, parent_id, region_code, path FROM org_units"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                units.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
            }
        }
        var root = units.FirstOrDefault(u => u.Id == rootUnitId);
        if (root.Path is null)
        {
            throw new ArgumentException($"No org unit {rootUnitId}.", nameof(rootUnitId));
        }
        var subtree = units.Where(u => u.Path.StartsWith(root.Path, StringComparison.Ordinal)).Select(u => u.Id).ToArray();
        var regions = UnitRegions.Resolve(units.Select(u => (u.Id, u.ParentId, u.RegionCode)));

        // Everyone the subtree manages now or managed at some time (the month's managing unit is decided per month).
        // The whole tree needs no filter, and one would only slow the plans down. COPY takes no parameters: the unit ids
        // (a few thousand at most) go in as a literal array.
        var unitArray = "'{" + string.Join(',', subtree) + "}'::bigint[]";
        var inScope = root.ParentId is null ? "true" : $"""
            (h.org_unit_id = ANY({unitArray})
             OR EXISTS (SELECT 1 FROM honoree_facts m WHERE m.honoree_id = h.id AND m.kind = 'org_unit' AND m.org_unit_id = ANY({unitArray})))
            """;
        if (titles is not null)
        {
            // Title codes come from the catalogue (letters and underscores): safe to inline.
            var titleArray = "'{" + string.Join(',', titles.Where(t => t.All(c => char.IsAsciiLetterLower(c) || c == '_'))) + "}'::text[]";
            inScope += $"""
                 AND (EXISTS (SELECT 1 FROM honours t WHERE t.honoree_id = h.id AND t.title_code = ANY({titleArray}))
                      OR EXISTS (SELECT 1 FROM payment_items p WHERE p.honoree_id = h.id))
                """;
        }
        var filter = inScope == "true" ? "" : $"WHERE honoree_id IN (SELECT h.id FROM honorees h WHERE {inScope})";

        // Three binary COPY streams side by side on three connections, each in honoree order (the fastest way out of
        // PostgreSQL, and the server's work spread over its cores), then joined on the honoree id. Facts come in
        // recording order (their ids), as the timeline wants them. Employer names are left out: no cash formula reads them.
        var honoreesTask = Task.Run(() => ReadGrouped(dataSource, $"""
            SELECT h.id, h.birth_date, h.org_unit_id FROM honorees h WHERE {inScope} ORDER BY h.id
            """, (row, _) => (Birth: row.Read<DateOnly>(NpgsqlDbType.Date), Unit: row.Read<long>(NpgsqlDbType.Bigint)), ct), ct);
        var factsTask = Task.Run(() => ReadGrouped(dataSource, $"""
            SELECT honoree_id, kind, effective_on, employment_status, employer_type, pension_scheme, pension_monthly, region_code, org_unit_id
            FROM honoree_facts {filter} ORDER BY honoree_id, id
            """, (row, strings) =>
        {
            var kind = row.Read<string>(NpgsqlDbType.Text);
            var on = row.Read<DateOnly>(NpgsqlDbType.Date);
            var status = NullableText(row);
            var employerType = NullableText(row);
            var scheme = NullableText(row);
            decimal? monthly = row.IsNull ? Skip<decimal?>(row) : row.Read<decimal>(NpgsqlDbType.Numeric);
            var region = NullableText(row);
            long? unit = row.IsNull ? Skip<long?>(row) : row.Read<long>(NpgsqlDbType.Bigint);
            return (Fact)(kind switch
            {
                "employment" => new EmploymentFact(on, FactCodes.ParseEmploymentStatus(status)!.Value, null, FactCodes.ParseEmployerType(employerType)),
                "pension" => new PensionFact(on, FactCodes.ParsePensionScheme(scheme)!.Value, monthly!.Value),
                "hukou" => new HukouFact(on, Shared(strings, region!)),
                "org_unit" => new OrgUnitFact(on, unit!.Value),
                _ => new DeathFact(on),
            });
        }, ct), ct);
        var honoursTask = Task.Run(() => ReadGrouped(dataSource, $"""
            SELECT honoree_id, title_code, awarding_region_code, awarded_on, revoked_on
            FROM honours {filter} ORDER BY honoree_id, id
            """, (row, strings) =>
        {
            var title = Shared(strings, row.Read<string>(NpgsqlDbType.Text));
            var region = NullableText(row) is { } r ? Shared(strings, r) : null;
            var awarded = row.Read<DateOnly>(NpgsqlDbType.Date);
            DateOnly? revoked = row.IsNull ? Skip<DateOnly?>(row) : row.Read<DateOnly>(NpgsqlDbType.Date);
            return new HonourFact(title, region, awarded, revoked);
        }, ct), ct);
        var honorees = await honoreesTask;
        var facts = Align(honorees.Ids, await factsTask);
        var honours = Align(honorees.Ids, await honoursTask);
        return new LoadedRegistry(honorees.Ids.ToArray(), honorees.Values.Select(v => v[0].Birth).ToArray(), honorees.Values.Select(v => v[0].Unit).ToArray(),
            facts, honours, subtree.ToHashSet(), regions);
    }

    /// <summary>The rows of "SELECT honoree_id, … ORDER BY honoree_id, …" grouped by honoree, in honoree order.</summary>
    private static (List<long> Ids, List<List<T>> Values) ReadGrouped<T>(NpgsqlDataSource dataSource, string select,
        Func<NpgsqlBinaryExporter, Dictionary<string, string>, T> read, CancellationToken ct)
    {
        var ids = new List<long>();
        var values = new List<List<T>>();
        // Codes and region strings are shared rather than one string per row.
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = dataSource.OpenConnection();
        using var row = connection.BeginBinaryExport($"COPY ({select}) TO STDOUT (FORMAT BINARY)");
        var current = long.MinValue;
        while (row.StartRow() != -1)
        {
            ct.ThrowIfCancellationRequested();
            var honoree = row.Read<long>(NpgsqlDbType.Bigint);
            if (honoree != current)
            {
                current = honoree;
                ids.Add(honoree);
                values.Add(new List<T>(4));
            }
            values[^1].Add(read(row, strings));
        }
        return (ids, values);
    }

    /// <summary>The groups for each of the honorees (both sorted by id); none for an honoree without rows, or rows of an honoree not read.</summary>
    private static IReadOnlyList<T>[] Align<T>(List<long> honorees, (List<long> Ids, List<List<T>> Values) grouped)
    {
        var result = new IReadOnlyList<T>[honorees.Count];
        var j = 0;
        for (var i = 0; i < honorees.Count; i++)
        {
            while (j < grouped.Ids.Count && grouped.Ids[j] < honorees[i])
            {
                j++;
            }
            result[i] = j < grouped.Ids.Count && grouped.Ids[j] == honorees[i] ? grouped.Values[j] : [];
        }
        return result;
    }

    private static string? NullableText(NpgsqlBinaryExporter row) => row.IsNull ? Skip<string>(row) : row.Read<string>(NpgsqlDbType.Text);

    private static T? Skip<T>(NpgsqlBinaryExporter row)
    {
        row.Skip();
        return default;
    }

    /// <summary>The unit managing the honoree on the first day of the month: the org-unit fact then in force, else the current unit.</summary>
    public static long ManagingUnit(IReadOnlyList<Fact> factsInRecordingOrder, DateOnly month, long currentUnitId) =>
        FactTimeline.AsOf(factsInRecordingOrder, month).OrgUnit?.OrgUnitId ?? currentUnitId;

    private static string Shared(Dictionary<string, string> strings, string value)
    {
        if (!strings.TryGetValue(value, out var shared))
        {
            strings[value] = shared = value;
        }
        return shared;
    }
}
