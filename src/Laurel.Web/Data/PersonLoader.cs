using System.Threading.Channels;
using Laurel.Rules.Calendar;
using Laurel.Rules.Organisation;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Data;

internal sealed record UnitRow(long Id, long? ParentId, string? RegionCode, string Path);

internal sealed record IdRange(long? First, long? Last);

/// <summary>An honoree as the engine sees them for one month, with the unit that manages them in that month.</summary>
public sealed record LoadedPerson(long HonoreeId, long ManagingUnitId, PersonRecord Person);

/// <summary>One honoree's whole dated timeline, as read; <see cref="PersonStream.For"/> turns it into a month's view.</summary>
public sealed record PersonTimeline(long HonoreeId, DateOnly BirthDate, long CurrentUnitId, IReadOnlyList<Fact> Facts, IReadOnlyList<HonourFact> Honours,
    IReadOnlyList<ApprovedPayment> Approvals);

/// <summary>
/// The honorees a subtree manages now or managed at some time, streamed in honoree order with their whole timelines,
/// so that any month can be evaluated from one read while the reading goes on.
/// </summary>
public sealed class PersonStream(HashSet<long> subtree, IReadOnlyDictionary<long, string> unitRegions, IAsyncEnumerable<PersonTimeline> people)
{
    public IAsyncEnumerable<PersonTimeline> People => people;

    /// <summary>The honoree as the engine sees them on the first day of the month, or null when the subtree did not manage them then.</summary>
    public LoadedPerson? For(PersonTimeline t, DateOnly month)
    {
        var unit = PersonLoader.ManagingUnit(t.Facts, PayMonth.Of(month), t.CurrentUnitId);
        return subtree.Contains(unit)
            ? new LoadedPerson(t.HonoreeId, unit, new PersonRecord(t.BirthDate, unitRegions.GetValueOrDefault(unit, "000000"), t.Facts, t.Honours, t.Approvals))
            : null;
    }
}

/// <summary>
/// Reads in bulk the honorees a unit's subtree manages, with their dated facts and honours, for runs over many people
/// (payment cycles, benchmarks). The managing unit of a month is the honoree's org-unit fact in force on its first
/// day, else their current unit (as EntitlementQueries.ToPerson decides), so an honoree who moved away
/// since is still found for the months the subtree managed them. No scope filter: callers authorise the subtree first.
/// </summary>
public static class PersonLoader
{
    /// <param name="titles">
    /// When given, only honorees who hold or held one of these titles, or have payment items, are read (see
    /// EntitlementEngine.PayableTitles): a payment cycle needs no one else.
    /// </param>
    /// <param name="ids">When given, only honorees whose id lies in this range are read (the start-up warm-up reads a few).</param>
    public static async Task<PersonStream> OpenAsync(NpgsqlDataSource dataSource, long rootUnitId, IReadOnlyCollection<string>? titles, CancellationToken ct,
        (long First, long Last)? ids = null)
    {
        List<UnitRow> units;
        await using (var command = dataSource.CreateCommand("SELECT id, parent_id, region_code, path FROM org_units"))
        {
            units = await Rows.ListAsync<UnitRow>(command, ct);
        }
        var root = units.FirstOrDefault(u => u.Id == rootUnitId)
            ?? throw new ArgumentException($"No org unit {rootUnitId}.", nameof(rootUnitId));
        var subtree = units.Where(u => u.Path.StartsWith(root.Path, StringComparison.Ordinal)).Select(u => u.Id).ToArray();
        var regions = UnitRegions.Resolve(units.Select(u => (u.Id, u.ParentId, u.RegionCode)));

        // Everyone the subtree manages now or managed at some time (the month's managing unit is decided per month).
        // The whole tree needs no filter, and one would only slow the plans down. COPY takes no parameters: the unit ids
        // (a few thousand at most) and title codes go in as literal arrays.
        var unitArray = "'{" + string.Join(',', subtree) + "}'::bigint[]";
        // Title codes come from the catalogue (letters and underscores): safe to inline.
        var titleArray = titles is null ? null
            : "'{" + string.Join(',', titles.Where(t => t.All(c => char.IsAsciiLetterLower(c) || c == '_'))) + "}'::text[]";
        var filtered = root.ParentId is not null || titleArray is not null || ids is not null;

        // The honorees of ids first to last, each subquery held to the same range (so that its hash holds that range only).
        string Selection(long first, long last)
        {
            var range = $"BETWEEN {first} AND {last}";
            var where = $"h.id {range}";
            if (root.ParentId is not null)
            {
                where += $"""
                     AND (h.org_unit_id = ANY({unitArray})
                          OR EXISTS (SELECT 1 FROM honoree_facts m WHERE m.honoree_id = h.id AND m.honoree_id {range} AND m.kind = 'org_unit' AND m.org_unit_id = ANY({unitArray}) AND {FactMapping.InForceSql("m")}))
                    """;
            }
            if (titleArray is not null)
            {
                where += $"""
                     AND (EXISTS (SELECT 1 FROM honours t WHERE t.honoree_id = h.id AND t.honoree_id {range} AND t.title_code = ANY({titleArray}))
                          OR EXISTS (SELECT 1 FROM payment_items p WHERE p.honoree_id = h.id AND p.honoree_id {range}))
                    """;
            }
            return $"COPY (SELECT h.id, h.birth_date, h.org_unit_id FROM honorees h WHERE {where} ORDER BY h.id) TO STDOUT (FORMAT BINARY)";
        }

        // Binary COPY (the fastest way out of PostgreSQL), each query in honoree order on a connection of its own. The
        // honorees come first: the id range in two halves read side by side, as PostgreSQL runs each query on one core.
        // Their facts, honours and approved applications then follow their ids (a literal array), three streams side by
        // side, joined to the honorees as they arrive. Facts come in recording order (their ids), as the timeline wants them. Employer
        // names are left out: no cash formula reads them.
        (long First, long Last)[] halves = [];
        await using (var command = dataSource.CreateCommand("SELECT min(id) AS first, max(id) AS last FROM honorees"))
        {
            if (await Rows.FirstOrDefaultAsync<IdRange>(command, ct) is { First: { } min, Last: { } max })
            {
                var (first, last) = ids is { } window ? (Math.Max(min, window.First), Math.Min(max, window.Last)) : (min, max);
                var middle = first + (last - first) / 2;
                halves = first <= last ? [(first, middle), (middle + 1, last)] : [];
            }
        }
        var read = await Task.WhenAll(halves.Select(half => OnOwnThread(() =>
        {
            var rows = new List<(long Id, DateOnly Birth, long Unit)>();
            using var connection = dataSource.OpenConnection();
            using var transaction = BeginStream(connection);
            using var row = connection.BeginBinaryExport(Selection(half.First, half.Last));
            while (row.StartRow() != -1)
            {
                rows.Add((row.Read<long>(NpgsqlDbType.Bigint), row.Read<DateOnly>(NpgsqlDbType.Date), row.Read<long>(NpgsqlDbType.Bigint)));
            }
            return rows;
        }, ct)));
        var honorees = read.SelectMany(rows => rows).ToList();
        var filter = filtered ? "WHERE honoree_id = ANY('{" + string.Join(',', honorees.Select(h => h.Id)) + "}'::bigint[])" : "";
        // The readers stop when the consumer stops early (an error, a cancelled request), not only when they are done.
        var readers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var facts = Grouped(dataSource, $"""
            SELECT honoree_id, kind, effective_on, employment_status, employer_type, pension_scheme, pension_monthly, region_code, org_unit_id
            FROM honoree_facts {(filtered ? filter + " AND " : "WHERE ") + FactMapping.InForceSql()} ORDER BY honoree_id, id
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
            return FactMapping.ToRule(kind, on, status, null, employerType, scheme, monthly, region is null ? null : Shared(strings, region), unit);
        }, readers.Token);
        var honours = Grouped(dataSource, $"""
            SELECT honoree_id, title_code, awarding_region_code, awarded_on, revoked_on
            FROM honours {filter} ORDER BY honoree_id, id
            """, (row, strings) =>
        {
            var title = Shared(strings, row.Read<string>(NpgsqlDbType.Text));
            var region = NullableText(row) is { } r ? Shared(strings, r) : null;
            var awarded = row.Read<DateOnly>(NpgsqlDbType.Date);
            DateOnly? revoked = row.IsNull ? Skip<DateOnly?>(row) : row.Read<DateOnly>(NpgsqlDbType.Date);
            return new HonourFact(title, region, awarded, revoked);
        }, readers.Token);
        var approvals = Grouped(dataSource, $"""
            SELECT honoree_id, pack_code, benefit_code, month, amount, reference FROM approved_payments {filter} ORDER BY honoree_id, id
            """, (row, strings) => new ApprovedPayment(Shared(strings, row.Read<string>(NpgsqlDbType.Text)), Shared(strings, row.Read<string>(NpgsqlDbType.Text)),
                row.Read<DateOnly>(NpgsqlDbType.Date), row.Read<decimal>(NpgsqlDbType.Numeric), row.Read<string>(NpgsqlDbType.Text)), readers.Token);
        return new PersonStream(subtree.ToHashSet(), regions, Join(honorees, facts, honours, approvals, readers));
    }

    private static async IAsyncEnumerable<PersonTimeline> Join(List<(long Id, DateOnly Birth, long Unit)> honorees,
        ChannelReader<List<(long Id, List<Fact> Values)>> facts, ChannelReader<List<(long Id, List<HonourFact> Values)>> honours,
        ChannelReader<List<(long Id, List<ApprovedPayment> Values)>> approvals, CancellationTokenSource readers)
    {
        using var _ = readers;
        try
        {
            var ct = readers.Token;
            var factGroups = new GroupCursor<Fact>(facts);
            var honourGroups = new GroupCursor<HonourFact>(honours);
            var approvalGroups = new GroupCursor<ApprovedPayment>(approvals);
            foreach (var (id, birth, unit) in honorees)
            {
                yield return new PersonTimeline(id, birth, unit, await factGroups.TakeAsync(id, ct), await honourGroups.TakeAsync(id, ct),
                    await approvalGroups.TakeAsync(id, ct));
            }
            // Let the readers finish (and surface their errors).
            await factGroups.DrainAsync(ct);
            await honourGroups.DrainAsync(ct);
            await approvalGroups.DrainAsync(ct);
        }
        finally
        {
            await readers.CancelAsync();
        }
    }

    /// <summary>
    /// Walks groups that arrive in honoree order, in batches, handing each honoree theirs (none when they have no rows).
    /// </summary>
    private sealed class GroupCursor<T>(ChannelReader<List<(long Id, List<T> Values)>> reader)
    {
        private List<(long Id, List<T> Values)> _batch = [];
        private int _next;

        public async ValueTask<IReadOnlyList<T>> TakeAsync(long honoreeId, CancellationToken ct)
        {
            while (true)
            {
                if (_next == _batch.Count)
                {
                    if (!await reader.WaitToReadAsync(ct) || !reader.TryRead(out var batch))
                    {
                        await reader.Completion;
                        return [];
                    }
                    (_batch, _next) = (batch, 0);
                    continue;
                }
                var (id, values) = _batch[_next];
                if (id > honoreeId)
                {
                    return [];
                }
                _next++;
                if (id == honoreeId)
                {
                    return values;
                }
                // Rows of an honoree not among those read (added meanwhile): skipped.
            }
        }

        public async Task DrainAsync(CancellationToken ct)
        {
            while (await reader.WaitToReadAsync(ct))
            {
                reader.TryRead(out _);
            }
            await reader.Completion;
        }
    }

    /// <summary>
    /// The rows of "SELECT honoree_id, … ORDER BY honoree_id, …" grouped by honoree, produced on a thread of their own
    /// into a bounded channel (so reading runs ahead of the consumer by a few thousand honorees at most). The groups go
    /// in batches: one hand-over per honoree would cost a thread switch each time the consumer has caught up.
    /// </summary>
    private static ChannelReader<List<(long Id, List<T> Values)>> Grouped<T>(NpgsqlDataSource dataSource, string select,
        Func<NpgsqlBinaryExporter, Dictionary<string, string>, T> read, CancellationToken ct)
    {
        const int BatchSize = 256;
        var channel = Channel.CreateBounded<List<(long Id, List<T> Values)>>(new BoundedChannelOptions(4096 / BatchSize) { SingleReader = true, SingleWriter = true });
        _ = OnOwnThread(() =>
        {
            try
            {
                // Codes and region strings are shared rather than one string per row.
                var strings = new Dictionary<string, string>(StringComparer.Ordinal);
                using var connection = dataSource.OpenConnection();
                using var transaction = BeginStream(connection);
                using var row = connection.BeginBinaryExport($"COPY ({select}) TO STDOUT (FORMAT BINARY)");
                var batch = new List<(long Id, List<T> Values)>(BatchSize);
                while (row.StartRow() != -1)
                {
                    ct.ThrowIfCancellationRequested();
                    var honoree = row.Read<long>(NpgsqlDbType.Bigint);
                    if (batch.Count == 0 || batch[^1].Id != honoree)
                    {
                        if (batch.Count == BatchSize)
                        {
                            Write(channel.Writer, batch, ct);
                            batch = new List<(long Id, List<T> Values)>(BatchSize);
                        }
                        batch.Add((honoree, new List<T>(4)));
                    }
                    batch[^1].Values.Add(read(row, strings));
                }
                if (batch.Count > 0)
                {
                    Write(channel.Writer, batch, ct);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);
        return channel.Reader;

        static void Write(ChannelWriter<List<(long Id, List<T> Values)>> writer, List<(long Id, List<T> Values)> item, CancellationToken ct)
        {
            if (!writer.TryWrite(item))
            {
                writer.WriteAsync(item, ct).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// Runs one of the streams on a thread of its own. They block on the network and on full channels for seconds at a
    /// time; on the thread pool they would hold its few threads (two on two cores), and every other continuation would
    /// wait until it added more.
    /// </summary>
    private static Task<T> OnOwnThread<T>(Func<T> stream, CancellationToken ct) =>
        Task.Factory.StartNew(stream, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task OnOwnThread(Action stream, CancellationToken ct) =>
        Task.Factory.StartNew(stream, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// The read-only transaction of one of the streams, whose query gets no parallel workers: the streams already run side
    /// by side, each on a connection of its own, and PostgreSQL's workers would only compete with them for the same cores
    /// (see bench/README.md). SET LOCAL: the setting ends with the transaction, not with the pooled connection.
    /// </summary>
    private static NpgsqlTransaction BeginStream(NpgsqlConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand("SET TRANSACTION READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0", connection, transaction);
        command.ExecuteNonQuery();
        return transaction;
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
