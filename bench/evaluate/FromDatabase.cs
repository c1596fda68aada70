using System.Diagnostics;
using System.Globalization;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Npgsql;

/// <summary>
/// The second target: load every honoree's facts and honours from PostgreSQL and evaluate all packs for one
/// month, in one process, timed from the first query to the last evaluation (evaluate_seconds: the part of it spent
/// evaluating, overlapped with the reading).
/// </summary>
internal static class FromDatabase
{
    public static async Task<int> RunAsync(string monthText)
    {
        var month = DateOnly.ParseExact(monthText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Laurel")
            ?? throw new InvalidOperationException("ConnectionStrings__Laurel is not set.");
        var packs = PolicyPackLoader.LoadDirectory(PolicyPackLoader.DefaultDirectory);
        await using var dataSource = LaurelDataSource.Create(connectionString);
        long root;
        await using (var command = dataSource.CreateCommand("SELECT id FROM org_units WHERE parent_id IS NULL"))
        {
            root = (long)(await command.ExecuteScalarAsync())!;
        }

        var total = Stopwatch.StartNew();
        // Evaluated as the stream reads them in, as a payment cycle does: reading and evaluating overlap.
        var stream = await PersonLoader.OpenAsync(dataSource, root, titles: null, CancellationToken.None);
        var due = new List<DueAmount>(32);
        var (honorees, entitlements, payable) = (0, 0L, 0m);
        var evaluating = TimeSpan.Zero;
        await foreach (var timeline in stream.People)
        {
            if (stream.For(timeline, month) is not { } person)
            {
                continue;
            }
            honorees++;
            var started = Stopwatch.GetTimestamp();
            due.Clear();
            EntitlementEngine.DueAmounts(packs, person.Person, month, due);
            entitlements += due.Count;
            foreach (var d in due)
            {
                if (d.Payable)
                {
                    payable += d.Amount!.Value;
                }
            }
            evaluating += Stopwatch.GetElapsedTime(started);
        }
        total.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode=database honorees={honorees} month={month:yyyy-MM} packs={packs.Count} entitlements={entitlements} payable_total={payable:F2} " +
            $"evaluate_seconds={evaluating.TotalSeconds:F2} total_seconds={total.Elapsed.TotalSeconds:F2} " +
            $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}"));
        return 0;
    }
}
