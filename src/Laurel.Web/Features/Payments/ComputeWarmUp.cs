using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Npgsql;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// Runs the compute's hot path once at start, in the background, on a few honorees and without writing anything: the
/// bulk read (<see cref="PersonLoader"/>'s COPY streams and row mapping), the month's view of each honoree, the engine
/// with explanations, the corrections, the offsets and the basis JSON. A fresh process otherwise compiles all of these
/// during the first compute after a start, and on two shared cores the tier-1 recompilation competes with the compute
/// itself (docs/decisions/0009-payment-compute-on-two-cores.md). Laurel:WarmUp=false turns it off (the tests do).
/// </summary>
public sealed class ComputeWarmUp(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, PolicyCatalog catalog, TimeProvider clock,
    IConfiguration configuration, ILogger<ComputeWarmUp> log) : BackgroundService
{
    /// <summary>How many honoree ids, from the lowest, the warm-up reads: enough for the hot methods' call counts.</summary>
    public const int Honorees = 4096;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Laurel:WarmUp", true))
        {
            return;
        }
        // Off the start-up path: the host finishes starting while this runs.
        await Task.Yield();
        try
        {
            var started = clock.GetTimestamp();
            var read = await RunAsync(stoppingToken);
            log.LogInformation("Compute warm-up: {Honorees} honorees read and evaluated in {Seconds:F2} s", read, clock.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A warm-up that fails costs only speed: the first compute compiles what it needs, as it would have.
            log.LogWarning(e, "Compute warm-up failed");
        }
    }

    /// <summary>The warm-up itself; returns the number of honorees read.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var packs = await scope.ServiceProvider.GetRequiredService<PolicyPacks>().CurrentAsync();
        var paying = packs.Where(p => p.Status == PackStatus.InForce).ToList();
        long? rootId, firstId;
        await using (var command = dataSource.CreateCommand(
            "SELECT (SELECT id FROM org_units WHERE parent_id IS NULL ORDER BY id LIMIT 1) AS root_id, (SELECT min(id) FROM honorees) AS first_id"))
        {
            (rootId, firstId) = await Rows.FirstOrDefaultAsync<WarmUpStart>(command, ct) is { } start ? (start.RootId, start.FirstId) : (null, null);
        }
        if (rootId is null || firstId is null || catalog.Packs.Count == 0)
        {
            return 0;
        }
        var month = DateBounds.BeijingMonth(clock.GetUtcNow());
        var earlier = month.AddMonths(-1);
        var stream = await PersonLoader.OpenAsync(dataSource, rootId.Value, EntitlementEngine.PayableTitles(paying), ct, (firstId.Value, firstId.Value + Honorees - 1));
        var (read, items, scratch) = (0, new List<ComputedItem>(), new List<Entitlement>(16));
        var nothingPaid = new Dictionary<(string, string), Recognised>();
        var noReceivables = new Dictionary<(long, string, string), decimal>();
        await foreach (var timeline in stream.People.WithCancellation(ct))
        {
            read++;
            items.Clear();
            if (stream.For(timeline, month) is { } now)
            {
                CycleComputation.Regular(paying, timeline.HonoreeId, now.ManagingUnitId, now.Person, month, items, scratch);
                _ = CycleBasis.Json(now.Person);
            }
            if (stream.For(timeline, earlier) is { } then)
            {
                CycleComputation.Corrections(paying, timeline.HonoreeId, then.ManagingUnitId, then.Person, earlier, nothingPaid, items);
            }
            CycleComputation.ApplyOffsets(items, noReceivables);
            foreach (var item in items)
            {
                _ = PaymentItems.InstructionId(rootId.Value, month, item.Key);
                _ = PaymentItems.Code(item.Key.Type);
            }
        }
        return read;
    }
}

internal sealed record WarmUpStart(long? RootId, long? FirstId);
