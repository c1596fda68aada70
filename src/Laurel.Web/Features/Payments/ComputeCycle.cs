using System.Globalization;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// Computes the items: the month's regular payments and the corrections of the months earlier cycles paid, with
/// open receivables offset. Replaces the items of a draft or computed cycle; freezes the facts and parameters used.
/// </summary>
public sealed class ComputeCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, PolicyPacks packs, AuditLog audit,
    NpgsqlDataSource dataSource, CrashPoints crash, TimeProvider clock, ILogger<ComputeCycle> log)
{
    public async Task<Outcome<CycleStatusView>> ComputeAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Compute);
        if (cycle is null)
        {
            return refusal!.As<CycleStatusView>();
        }
        var tx = work.Transaction;
        var status = cycle.StatusAfter(CycleAction.Compute);
        var unitId = cycle.PayingOrgUnitId;
        var earlier = await tx.ScalarAsync<DateOnly?>("SELECT min(month) FROM payment_cycles WHERE paying_org_unit_id = @unit AND month < @month AND status = ANY(@unapproved)",
            ("unit", unitId), ("month", cycle.Month), ("unapproved", PaymentSql.UnapprovedStatuses));
        if (earlier is { } pending)
        {
            return Outcome<CycleStatusView>.Conflict($"请先审批 {PayMonth.ChineseFormat(pending)} 的发放批次，再计算 {PayMonth.ChineseFormat(cycle.Month)} 的批次（补发和追回按月份顺序核算）");
        }
        var started = clock.GetTimestamp();
        var paying = PaymentCycleActions.PayingPacks(await packs.CurrentAsync(), cycle);
        // Corrections: every earlier month an approved cycle of this unit paid, recomputed with today's facts and values.
        var recognised = await RecognisedAsync(tx, unitId, ct);
        var periods = recognised.Values.SelectMany(months => months.Keys).Distinct().Order().ToList();
        var receivables = await OpenReceivablesAsync(tx, unitId, ct);
        await tx.ExecuteAsync("DELETE FROM payment_items WHERE cycle_id = @id", ct, ("id", id));
        crash.Reach("compute.deleted");

        // One honoree at a time, as the reading streams them in: their items (regular, corrections, offsets) depend on no
        // one else's, and go to COPY at once, so PostgreSQL writes while the next honorees are read and evaluated.
        var stream = await PersonLoader.OpenAsync(dataSource, unitId, EntitlementEngine.PayableTitles(paying), ct);
        var opened = clock.GetElapsedTime(started);
        var evaluated = opened;
        var (count, total, paidTotal, read) = (0, 0m, 0m, 0);
        var scratch = new List<Entitlement>(16);
        var personItems = new List<ComputedItem>();
        var seen = new HashSet<long>();
        await using (var writer = await tx.Connection!.BeginBinaryImportAsync(
            "COPY payment_items (cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, period, type, amount, paid_amount, " +
            "instruction_id, status, explanation, original_item_id, basis) FROM STDIN (FORMAT BINARY)", ct))
        {
            await foreach (var timeline in stream.People.WithCancellation(ct))
            {
                read++;
                var now = stream.For(timeline, cycle.Month);
                personItems.Clear();
                if (now is not null)
                {
                    CycleComputation.Regular(paying, timeline.HonoreeId, now.ManagingUnitId, now.Person, cycle.Month, personItems, scratch);
                }
                var paidBefore = recognised.GetValueOrDefault(timeline.HonoreeId);
                if (paidBefore is not null)
                {
                    seen.Add(timeline.HonoreeId);
                }
                foreach (var period in periods)
                {
                    var then = stream.For(timeline, period);
                    var before = paidBefore?.GetValueOrDefault(period);
                    if (then is not null || before is not null)
                    {
                        CycleComputation.Corrections(paying, timeline.HonoreeId, then?.ManagingUnitId ?? unitId, then?.Person, period, before ?? NothingPaid, personItems);
                    }
                }
                if (personItems.Count > 0)
                {
                    var basis = CycleBasis.Json((now ?? stream.For(timeline, personItems[0].Key.Period))?.Person
                        ?? new PersonRecord(timeline.BirthDate, "000000", timeline.Facts, timeline.Honours, timeline.Approvals));
                    (count, total, paidTotal) = WriteItems(writer, id, unitId, cycle.Month, personItems, receivables, basis, (count, total, paidTotal));
                }
            }
            // Paid earlier and not read now (no longer on record under this unit): every such month is recovered.
            foreach (var (honoreeId, months) in recognised.Where(r => !seen.Contains(r.Key)))
            {
                personItems.Clear();
                foreach (var (period, before) in months)
                {
                    CycleComputation.Corrections(paying, honoreeId, unitId, null, period, before, personItems);
                }
                (count, total, paidTotal) = WriteItems(writer, id, unitId, cycle.Month, personItems, receivables, "{}", (count, total, paidTotal));
            }
            evaluated = clock.GetElapsedTime(started);
            await writer.CompleteAsync(ct);
        }
        crash.Reach("compute.copied");
        var written = clock.GetElapsedTime(started);
        await tx.ExecuteAsync("""
            UPDATE payment_cycles SET status = @status, item_count = @count, total = @total, paid_total = @paid, pack_versions = @packs::jsonb,
                computed_at = @at, computed_by = @by, version = version + 1 WHERE id = @id
            """, ct, ("count", count), ("total", total), ("paid", paidTotal), ("packs", PackVersions(paying)),
            ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value), ("id", id), ("status", status));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status },
            new { status, itemCount = count, total, paidTotal },
            $"计算发放批次：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}，{count} 条，合计 {total:0.00} 元");
        await db.SaveChangesAsync(ct);
        crash.Reach("compute.saved");
        log.LogInformation("Cycle {Cycle} computed: honorees selected by {Opened:F2} s; {Honorees} read and evaluated by {Evaluated:F2} s; {Items} items written by {Written:F2} s; committed at {Total:F2} s",
            id, opened.TotalSeconds, read, evaluated.TotalSeconds, count, written.TotalSeconds, clock.GetElapsedTime(started).TotalSeconds);
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, status));
    }

    private static readonly IReadOnlyDictionary<(string, string), Recognised> NothingPaid = new Dictionary<(string, string), Recognised>();

    /// <summary>
    /// Offsets one honoree's items against their open receivables and writes them; returns the running count and totals.
    /// Synchronous writes: the importer only buffers, and flushes a full buffer to PostgreSQL as it goes.
    /// </summary>
    private static (int Count, decimal Total, decimal PaidTotal) WriteItems(NpgsqlBinaryImporter writer, long cycleId, long unitId,
        DateOnly month, List<ComputedItem> items, IReadOnlyDictionary<(long, string, string), decimal> receivables, string basis,
        (int Count, decimal Total, decimal PaidTotal) sums)
    {
        CycleComputation.ApplyOffsets(items, receivables);
        foreach (var item in items)
        {
            writer.StartRow();
            writer.Write(cycleId, NpgsqlDbType.Bigint);
            writer.Write(item.Key.HonoreeId, NpgsqlDbType.Bigint);
            writer.Write(item.OrgUnitId, NpgsqlDbType.Bigint);
            writer.Write(item.Key.PackCode, NpgsqlDbType.Text);
            writer.Write(item.Key.BenefitCode, NpgsqlDbType.Text);
            writer.Write(item.Key.Period, NpgsqlDbType.Date);
            writer.Write(PaymentItems.Code(item.Key.Type), NpgsqlDbType.Text);
            writer.Write(item.Amount, NpgsqlDbType.Numeric);
            writer.Write(item.PaidAmount, NpgsqlDbType.Numeric);
            writer.Write(PaymentItems.InstructionId(unitId, month, item.Key), NpgsqlDbType.Text);
            writer.Write(item.PaidAmount > 0 ? "pending" : "none", NpgsqlDbType.Text);
            writer.Write(item.Explanation, NpgsqlDbType.Text);
            if (item.OriginalItemId is { } original)
            {
                writer.Write(original, NpgsqlDbType.Bigint);
            }
            else
            {
                writer.WriteNull();
            }
            writer.Write(basis, NpgsqlDbType.Jsonb);
            sums = (sums.Count + 1, sums.Total + item.Amount, sums.PaidTotal + item.PaidAmount);
        }
        return sums;
    }

    /// <summary>
    /// What approved cycles of the unit recognised, by honoree, month, and (pack, benefit): returned bank payments count
    /// only for what was withheld.
    /// </summary>
    private static async Task<Dictionary<long, Dictionary<DateOnly, IReadOnlyDictionary<(string, string), Recognised>>>> RecognisedAsync(
        NpgsqlTransaction tx, long unitId, CancellationToken ct)
    {
        var result = new Dictionary<long, Dictionary<DateOnly, IReadOnlyDictionary<(string, string), Recognised>>>();
        await using var command = tx.Command($"""
            SELECT i.honoree_id, i.pack_code, i.benefit_code, i.period,
                   sum(CASE WHEN i.status = 'returned' THEN i.amount - i.paid_amount ELSE i.amount END) AS amount,
                   (array_agg(i.id ORDER BY i.id DESC))[1] AS item_id, (array_agg(i.instruction_id ORDER BY i.id DESC))[1] AS instruction_id
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id
            WHERE c.paying_org_unit_id = @unit AND c.status = ANY(@approved)
            GROUP BY 1, 2, 3, 4
            """);
        command.Parameters.AddWithValue("unit", unitId);
        command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
        await foreach (var row in Rows.StreamAsync<RecognisedRow>(command, ct))
        {
            if (!result.TryGetValue(row.HonoreeId, out var months))
            {
                result[row.HonoreeId] = months = [];
            }
            if (!months.TryGetValue(row.Period, out var benefits))
            {
                months[row.Period] = benefits = new Dictionary<(string, string), Recognised>();
            }
            ((Dictionary<(string, string), Recognised>)benefits)[(row.PackCode, row.BenefitCode)] = new Recognised(row.Amount, row.ItemId, row.InstructionId);
        }
        return result;
    }

    /// <summary>What honorees owe back per benefit from the unit's approved cycles: recoveries less what was since withheld.</summary>
    private static async Task<Dictionary<(long Honoree, string Pack, string Benefit), decimal>> OpenReceivablesAsync(
        NpgsqlTransaction tx, long unitId, CancellationToken ct)
    {
        var result = new Dictionary<(long, string, string), decimal>();
        await using var command = tx.Command($"""
            SELECT i.honoree_id, i.pack_code, i.benefit_code, {Receivables.OpenSql} AS amount
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id
            WHERE c.paying_org_unit_id = @unit AND c.status = ANY(@approved)
            GROUP BY 1, 2, 3 HAVING {Receivables.OpenSql} > 0
            """);
        command.Parameters.AddWithValue("unit", unitId);
        command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
        await foreach (var row in Rows.StreamAsync<BenefitAmount>(command, ct))
        {
            result[(row.HonoreeId, row.PackCode, row.BenefitCode)] = row.Amount;
        }
        return result;
    }

    private static string PackVersions(IReadOnlyList<PolicyPack> packs) => JsonSerializer.Serialize(packs.ToDictionary(p => p.Code, p => new
    {
        p.SourceFile,
        Parameters = p.Parameters.Values.ToDictionary(x => x.Name, x => x.Values.Select(v => new { From = v.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.Value, v.Reference.Clause })),
    }));
}

internal sealed record RecognisedRow(long HonoreeId, string PackCode, string BenefitCode, DateOnly Period, decimal Amount, long ItemId, string InstructionId);
