using System.Globalization;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Rules.Organisation;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Policies;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Features.Payments;

public sealed record CycleInput(long? PayingOrgUnitId, string? Month);
public sealed record CycleCreated(long Id, string Status);
public sealed record CommentInput(string? Comment);
public sealed record SpecialFundInput(decimal? Amount);
public sealed record CycleChange(long HonoreeId, string BenefitCode, string Kind, decimal? Before, decimal? After, string Reason);
public sealed record ApprovalView(long Id, string Status, decimal Total, IReadOnlyList<CycleChange> ChangesSinceCompute);

/// <summary>
/// The actions on payment cycles. Each runs in the request's unit of work and first locks the cycle's row, so that two people
/// pressing the same button at once are served one after the other: the second sees the new status and gets a clear
/// message. Killing the process at any point rolls the transaction back; the action can simply be run again.
/// </summary>
public sealed class PaymentCycleCommands(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, PolicyPacks packs, AuditLog audit,
    NpgsqlDataSource dataSource, CrashPoints crash, TimeProvider clock, ILogger<PaymentCycleCommands> log)
{
    public async Task<Outcome<CycleCreated>> CreateAsync(CycleInput input)
    {
        var errors = new FieldErrors();
        var month = Dates.Month(input.Month, "month", clock, errors);
        if (input.PayingOrgUnitId is null)
        {
            errors.Add("payingOrgUnitId", "请选择发放单位");
        }
        if (errors.Any)
        {
            return Outcome<CycleCreated>.Invalid(errors);
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == input.PayingOrgUnitId);
        if (unit is null || !await access.CanReadAtAsync(unit.Path))
        {
            return Outcome<CycleCreated>.Invalid("payingOrgUnitId", "发放单位不存在或不在您的管理范围内");
        }
        if (!await access.CanActAtAsync(unit.Path))
        {
            return Outcome<CycleCreated>.Forbidden("需要该单位的财务人员权限");
        }
        if (unit.RegionCode is null)
        {
            return Outcome<CycleCreated>.Invalid("payingOrgUnitId", "发放单位应为地方总工会（有行政区划代码的单位）");
        }
        var tx = work.Transaction;
        long id;
        await using (var command = tx.Command("""
            INSERT INTO payment_cycles (paying_org_unit_id, month, created_by, created_at) VALUES (@unit, @month, @by, @at)
            ON CONFLICT (paying_org_unit_id, month) DO NOTHING RETURNING id
            """))
        {
            command.Parameters.AddWithValue("unit", unit.Id);
            command.Parameters.AddWithValue("month", month!.Value);
            command.Parameters.AddWithValue("by", (object?)user.Id ?? DBNull.Value);
            command.Parameters.AddWithValue("at", clock.GetUtcNow());
            if (await command.ExecuteScalarAsync() is not long created)
            {
                return Outcome<CycleCreated>.Conflict($"{unit.Name} {month:yyyy-MM} 的发放批次已存在，不能重复创建");
            }
            id = created;
        }
        audit.Record(AuditActions.Create, "payment_cycle", id, null, new { payingOrgUnitId = unit.Id, month = PayMonth.Format(month.Value) },
            $"创建发放批次：{unit.Name} {PayMonth.Format(month.Value)}");
        await db.SaveChangesAsync();
        return Outcome<CycleCreated>.Ok(new CycleCreated(id, PaymentCycles.Code(CycleStatus.Draft)));
    }

    /// <summary>
    /// Computes the items: the month's regular payments and the corrections of the months earlier cycles paid, with
    /// open receivables offset. Replaces the items of a draft or computed cycle; freezes the facts and parameters used.
    /// </summary>
    public async Task<Outcome<CycleCreated>> ComputeAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Compute);
        if (cycle is null)
        {
            return refusal!.As<CycleCreated>();
        }
        var tx = work.Transaction;
        var unitId = cycle.PayingOrgUnitId;
        var earlier = await tx.ScalarAsync<DateOnly?>("SELECT min(month) FROM payment_cycles WHERE paying_org_unit_id = @unit AND month < @month AND status IN ('draft', 'computed')",
            ("unit", unitId), ("month", cycle.Month));
        if (earlier is { } pending)
        {
            return Outcome<CycleCreated>.Conflict($"请先审批 {PayMonth.Format(pending)} 的发放批次，再计算 {PayMonth.Format(cycle.Month)} 的批次（补发和追回按月份顺序核算）");
        }
        var started = clock.GetTimestamp();
        var paying = PayingPacks(await packs.CurrentAsync(), cycle);
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
            UPDATE payment_cycles SET status = 'computed', item_count = @count, total = @total, paid_total = @paid, pack_versions = @packs::jsonb,
                computed_at = @at, computed_by = @by, version = version + 1 WHERE id = @id
            """, ct, ("count", count), ("total", total), ("paid", paidTotal), ("packs", PackVersions(paying)),
            ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value), ("id", id));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status },
            new { status = "computed", itemCount = count, total, paidTotal },
            $"计算发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}，{count} 条，合计 {total:0.00} 元");
        await db.SaveChangesAsync(ct);
        crash.Reach("compute.saved");
        log.LogInformation("Cycle {Cycle} computed: honorees selected by {Opened:F2} s; {Honorees} read and evaluated by {Evaluated:F2} s; {Items} items written by {Written:F2} s; committed at {Total:F2} s",
            id, opened.TotalSeconds, read, evaluated.TotalSeconds, count, written.TotalSeconds, clock.GetElapsedTime(started).TotalSeconds);
        return Outcome<CycleCreated>.Ok(new CycleCreated(id, PaymentCycles.Code(CycleStatus.Computed)));
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
    /// Approves a computed cycle: by finance staff other than the one who computed it, within the year's special fund. Lists
    /// what changed in the current facts since the compute (those differences are corrected by the next cycle). Posts
    /// the approval to the ledger.
    /// </summary>
    public async Task<Outcome<ApprovalView>> ApproveAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Approve);
        if (cycle is null)
        {
            return refusal!.As<ApprovalView>();
        }
        var tx = work.Transaction;
        if (PaymentCycles.ApprovalRefusal(cycle.ComputedBy, user.Id ?? 0) is { } makerChecker)
        {
            return Outcome<ApprovalView>.Forbidden(makerChecker);
        }
        var year = cycle.Month.Year;
        var specialFund = await tx.ScalarAsync<decimal?>("SELECT amount FROM payment_budgets WHERE org_unit_id = @unit AND year = @year",
            ("unit", cycle.PayingOrgUnitId), ("year", year));
        var spent = await tx.ScalarAsync<decimal?>($"""
            SELECT sum(total) FROM payment_cycles WHERE paying_org_unit_id = @unit AND extract(year FROM month) = @year
                AND status IN {PaymentSql.ApprovedStatuses}
            """, ("unit", cycle.PayingOrgUnitId), ("year", year)) ?? 0;
        if (PaymentCycles.SpecialFundRefusal(specialFund, spent, cycle.Total, year) is { } overFund)
        {
            return Outcome<ApprovalView>.Conflict(overFund);
        }
        var (missing, examples) = (0L, "");
        await using (var command = tx.Command("""
            SELECT count(*), string_agg(name, '、') FILTER (WHERE n <= 5) FROM (
                SELECT DISTINCT h.id, h.name, dense_rank() OVER (ORDER BY h.id) AS n
                FROM payment_items i JOIN honorees h ON h.id = i.honoree_id
                WHERE i.cycle_id = @id AND i.paid_amount > 0
                  AND NOT EXISTS (SELECT 1 FROM honoree_bank_accounts a WHERE a.honoree_id = i.honoree_id)) m
            """))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (missing, examples) = (reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1));
        }
        if (missing > 0)
        {
            return Outcome<ApprovalView>.Conflict($"有 {missing} 名劳模未登记银行账户（{examples}{(missing > 5 ? "等" : "")}），请先登记后再审批");
        }
        // The accounts as they are now go with the cycle: a change after approval does not alter its instructions.
        await tx.ExecuteAsync("""
            INSERT INTO payment_accounts (cycle_id, honoree_id, bank_name, account_cipher)
            SELECT @id, a.honoree_id, a.bank_name, a.account_cipher FROM honoree_bank_accounts a
            WHERE a.honoree_id IN (SELECT honoree_id FROM payment_items WHERE cycle_id = @id AND paid_amount > 0)
            """, ct, ("id", id));
        var changes = await ChangesSinceComputeAsync(tx, cycle, ct);
        crash.Reach("approve.accounts");

        decimal owed = 0, recovered = 0, offset = 0;
        await using (var command = tx.Command("""
            SELECT coalesce(sum(amount) FILTER (WHERE amount > 0), 0), coalesce(-sum(amount) FILTER (WHERE amount < 0), 0),
                   coalesce(sum(amount - paid_amount) FILTER (WHERE amount > 0), 0)
            FROM payment_items WHERE cycle_id = @id
            """))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (owed, recovered, offset) = (reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2));
        }
        await tx.PostLedgerEntryAsync(id, "approval", $"审批发放批次 {cycle.UnitName} {PayMonth.Format(cycle.Month)}", Ledger.Approval(owed, recovered, offset), ct);
        crash.Reach("approve.posted");
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = 'approved', approved_at = @at, approved_by = @by, version = version + 1 WHERE id = @id",
            ct, ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value), ("id", id));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status = "approved", cycle.Total, changes = changes.Count },
            $"审批发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}，合计 {cycle.Total:0.00} 元");
        await db.SaveChangesAsync(ct);
        crash.Reach("approve.saved");
        return Outcome<ApprovalView>.Ok(new ApprovalView(id, PaymentCycles.Code(CycleStatus.Approved), cycle.Total, changes));
    }

    /// <summary>
    /// Deletes a draft or computed cycle with its items (a cycle created for a wrong month, say), audited; an approved
    /// cycle answers 409 with the reason.
    /// </summary>
    public async Task<Outcome<CycleCreated>> DeleteAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Delete);
        if (cycle is null)
        {
            return refusal!.As<CycleCreated>();
        }
        var tx = work.Transaction;
        await tx.ExecuteAsync("DELETE FROM payment_items WHERE cycle_id = @id", ct, ("id", id));
        await tx.ExecuteAsync("DELETE FROM payment_cycles WHERE id = @id", ct, ("id", id));
        audit.Record(AuditActions.Delete, "payment_cycle", id,
            new { payingOrgUnitId = cycle.PayingOrgUnitId, month = PayMonth.Format(cycle.Month), status = cycle.Status, cycle.ItemCount, cycle.Total }, null,
            $"删除发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}（{PaymentCycles.ChineseName(PaymentCycles.Parse(cycle.Status)!.Value)}，{cycle.ItemCount} 条明细）");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleCreated>.Ok(new CycleCreated(id, "deleted"));
    }

    /// <summary>Sends a computed cycle back to draft with the reviewer's comment.</summary>
    public async Task<Outcome<CycleCreated>> RejectAsync(long id, CommentInput input, CancellationToken ct = default)
    {
        var commentErrors = new FieldErrors();
        var comment = TextFields.Required(input.Comment, "comment", "退回意见", 500, commentErrors, multiLine: true);
        if (commentErrors.Any)
        {
            return Outcome<CycleCreated>.Invalid(commentErrors);
        }
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Reject);
        if (cycle is null)
        {
            return refusal!.As<CycleCreated>();
        }
        var tx = work.Transaction;
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = 'draft', last_rejection = @comment, version = version + 1 WHERE id = @id",
            ct, ("comment", comment!), ("id", id));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status = "draft", comment },
            $"退回发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}，意见：{comment}");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleCreated>.Ok(new CycleCreated(id, PaymentCycles.Code(CycleStatus.Draft)));
    }

    /// <summary>Closes a reconciled cycle once no bank payment of it is still unresolved.</summary>
    public async Task<Outcome<CycleCreated>> CloseAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Close);
        if (cycle is null)
        {
            return refusal!.As<CycleCreated>();
        }
        var tx = work.Transaction;
        var pending = await tx.ScalarAsync<long?>("SELECT count(*) FROM payment_items WHERE cycle_id = @id AND status = 'pending'", ("id", id)) ?? 0;
        if (pending > 0)
        {
            return Outcome<CycleCreated>.Conflict($"还有 {pending} 笔银行结果未确认，不能关闭批次");
        }
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = 'closed', closed_at = @at, version = version + 1 WHERE id = @id",
            ct, ("at", clock.GetUtcNow()), ("id", id));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status = "closed" },
            $"关闭发放批次：{cycle.UnitName} {PayMonth.Format(cycle.Month)}");
        await db.SaveChangesAsync(ct);
        return Outcome<CycleCreated>.Ok(new CycleCreated(id, PaymentCycles.Code(CycleStatus.Closed)));
    }

    /// <summary>Sets a paying unit's special fund for a year (finance staff of the unit).</summary>
    public async Task<Outcome<SpecialFundInput>> SetSpecialFundAsync(long unitId, int year, SpecialFundInput input)
    {
        // The org tree is no secret: a unit that exists but is not the user's to fund answers 403, not 404.
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId);
        if (unit is null)
        {
            return Outcome<SpecialFundInput>.NotFound();
        }
        if (!await access.CanActAtAsync(unit.Path))
        {
            return Outcome<SpecialFundInput>.Forbidden("需要该单位的财务人员权限");
        }
        var errors = new FieldErrors();
        // Special funds start in 2000 (as the table's check says) and reach as far ahead as a month may.
        var lastYear = DateBounds.Latest(Dates.Today(clock)).Year;
        if (year < 2000 || year > lastYear)
        {
            errors.Add("year", $"年度应在 2000 至 {lastYear} 之间");
        }
        if (input.Amount is not { } amount || amount < 0 || decimal.Round(amount, 2) != amount || amount >= 100_000_000_000_000m)
        {
            errors.Add("amount", "专项经费金额应为不小于 0 的金额，最多两位小数");
        }
        if (errors.Any)
        {
            return Outcome<SpecialFundInput>.Invalid(errors);
        }
        var tx = work.Transaction;
        var before = await tx.ScalarAsync<decimal?>(
            "SELECT amount FROM payment_budgets WHERE org_unit_id = @unit AND year = @year FOR UPDATE", ("unit", unitId), ("year", year));
        await tx.ExecuteAsync("""
            INSERT INTO payment_budgets (org_unit_id, year, amount, updated_at, updated_by) VALUES (@unit, @year, @amount, @at, @by)
            ON CONFLICT (org_unit_id, year) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, default, ("unit", unitId), ("year", year), ("amount", input.Amount!.Value), ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value));
        audit.Record(before is null ? AuditActions.Create : AuditActions.Update, "payment_budget", $"{unitId}/{year}",
            before is null ? null : new { amount = before }, new { amount = input.Amount },
            $"设置 {unit.Name} {year} 年度劳模专项经费：{input.Amount:0.00} 元");
        await db.SaveChangesAsync();
        return Outcome<SpecialFundInput>.Ok(new SpecialFundInput(input.Amount));
    }

    /// <summary>The in-force packs as the cycle's unit pays them (see PaymentCycles.Pays).</summary>
    public static IReadOnlyList<PolicyPack> PayingPacks(IReadOnlyList<PolicyPack> packs, CycleRow cycle) =>
        cycle.UnitRegion is { } region && OrgUnitKinds.Parse(cycle.UnitKind) is { } kind ? PaymentCycles.PaidBy(packs, kind, region) : [];

    /// <summary>
    /// The regular items against what the engine says now with the current facts: honorees gained, lost, or changed
    /// in amount since the compute.
    /// </summary>
    private async Task<List<CycleChange>> ChangesSinceComputeAsync(NpgsqlTransaction tx, CycleRow cycle, CancellationToken ct)
    {
        // By honoree, then (pack, benefit): each honoree's are taken out as the stream reaches them.
        var stored = new Dictionary<long, Dictionary<(string Pack, string Benefit), decimal>>();
        await using (var command = tx.Command(
            "SELECT honoree_id, pack_code, benefit_code, amount FROM payment_items WHERE cycle_id = @id AND type = 'regular'"))
        {
            command.Parameters.AddWithValue("id", cycle.Id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!stored.TryGetValue(reader.GetInt64(0), out var benefits))
                {
                    stored[reader.GetInt64(0)] = benefits = [];
                }
                benefits[(reader.GetString(1), reader.GetString(2))] = reader.GetDecimal(3);
            }
        }
        var paying = PayingPacks(await packs.CurrentAsync(), cycle);
        var stream = await PersonLoader.OpenAsync(dataSource, cycle.PayingOrgUnitId, EntitlementEngine.PayableTitles(paying), ct);
        var changes = new List<CycleChange>();
        var now = new List<ComputedItem>();
        var scratch = new List<Entitlement>(16);
        await foreach (var timeline in stream.People.WithCancellation(ct))
        {
            if (stream.For(timeline, cycle.Month) is not { } person)
            {
                continue;
            }
            stored.Remove(person.HonoreeId, out var computed);
            now.Clear();
            CycleComputation.Regular(paying, person.HonoreeId, person.ManagingUnitId, person.Person, cycle.Month, now, scratch);
            foreach (var item in now)
            {
                if (computed is null || !computed.Remove((item.Key.PackCode, item.Key.BenefitCode), out var before))
                {
                    changes.Add(new CycleChange(person.HonoreeId, item.Key.BenefitCode, "new", null, item.Amount, item.Explanation));
                }
                else if (before != item.Amount)
                {
                    changes.Add(new CycleChange(person.HonoreeId, item.Key.BenefitCode, "changed", before, item.Amount, item.Explanation));
                }
            }
            // What was computed for this honoree and is no longer paid.
            foreach (var ((pack, benefit), before) in computed ?? [])
            {
                changes.Add(new CycleChange(person.HonoreeId, benefit, "stopped", before, null, CycleComputation.WhyNotPaid(paying, person.Person, cycle.Month, pack, benefit)));
            }
        }
        // Computed for honorees the unit does not manage this month any more.
        foreach (var (honoreeId, computed) in stored)
        {
            foreach (var ((pack, benefit), before) in computed)
            {
                changes.Add(new CycleChange(honoreeId, benefit, "stopped", before, null, CycleComputation.WhyNotPaid(paying, null, cycle.Month, pack, benefit)));
            }
        }
        return changes.OrderBy(c => c.HonoreeId).ThenBy(c => c.BenefitCode, StringComparer.Ordinal).ToList();
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
                   sum(CASE WHEN i.status = 'returned' THEN i.amount - i.paid_amount ELSE i.amount END),
                   (array_agg(i.id ORDER BY i.id DESC))[1], (array_agg(i.instruction_id ORDER BY i.id DESC))[1]
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id
            WHERE c.paying_org_unit_id = @unit AND c.status IN {PaymentSql.ApprovedStatuses}
            GROUP BY 1, 2, 3, 4
            """);
        command.Parameters.AddWithValue("unit", unitId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!result.TryGetValue(reader.GetInt64(0), out var months))
            {
                result[reader.GetInt64(0)] = months = [];
            }
            var period = reader.GetFieldValue<DateOnly>(3);
            if (!months.TryGetValue(period, out var benefits))
            {
                months[period] = benefits = new Dictionary<(string, string), Recognised>();
            }
            ((Dictionary<(string, string), Recognised>)benefits)[(reader.GetString(1), reader.GetString(2))] =
                new Recognised(reader.GetDecimal(4), reader.GetInt64(5), reader.GetString(6));
        }
        return result;
    }

    /// <summary>What honorees owe back per benefit from the unit's approved cycles: recoveries less what was since withheld.</summary>
    private static async Task<Dictionary<(long Honoree, string Pack, string Benefit), decimal>> OpenReceivablesAsync(
        NpgsqlTransaction tx, long unitId, CancellationToken ct)
    {
        var result = new Dictionary<(long, string, string), decimal>();
        await using var command = tx.Command($"""
            SELECT i.honoree_id, i.pack_code, i.benefit_code, {Receivables.OpenSql}
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id
            WHERE c.paying_org_unit_id = @unit AND c.status IN {PaymentSql.ApprovedStatuses}
            GROUP BY 1, 2, 3 HAVING {Receivables.OpenSql} > 0
            """);
        command.Parameters.AddWithValue("unit", unitId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[(reader.GetInt64(0), reader.GetString(1), reader.GetString(2))] = reader.GetDecimal(3);
        }
        return result;
    }

    private static string PackVersions(IReadOnlyList<PolicyPack> packs) => JsonSerializer.Serialize(packs.ToDictionary(p => p.Code, p => new
    {
        p.SourceFile,
        Parameters = p.Parameters.Values.ToDictionary(x => x.Name, x => x.Values.Select(v => new { From = v.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.Value, v.Reference.Clause })),
    }));

}
