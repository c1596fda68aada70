using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Payments;

public sealed record BenefitTotalView(string BenefitCode, string Name, int Count, decimal Total);
public sealed record UnitTotalView(long OrgUnitId, string Name, int Count, decimal Total);
public sealed record CycleView(
    long Id, string Status, string StatusName, string Month, long PayingOrgUnitId, string PayingOrgUnitName, int ItemCount, decimal Total,
    decimal PaidTotal, IReadOnlyList<BenefitTotalView> ByBenefit, IReadOnlyList<UnitTotalView> ByUnit, string? LastRejection,
    string? ComputedBy, DateTimeOffset? ComputedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, bool CanAct,
    bool ComputedByMe, SpecialFundView SpecialFund, BankResultsView BankResults);
/// <summary>
/// The year's special fund (专项经费) of the paying unit: set (null when not), taken by approved cycles, and what remains
/// (null when none is set); <see cref="RemainingAfter"/> is what would remain after this cycle's approval.
/// </summary>
public sealed record SpecialFundView(int Year, decimal? Amount, decimal Spent, decimal? Remaining, decimal? RemainingAfter);
/// <summary>The bank's answers so far: payments pending, settled and returned, and the returns by the bank's reason.</summary>
public sealed record BankResultsView(int Pending, int Settled, int Returned, decimal ReturnedAmount, IReadOnlyList<ReturnReasonView> ReturnReasons);
public sealed record ReturnReasonView(string Reason, int Count, decimal Amount);
public sealed record ItemView(
    long Id, long HonoreeId, string HonoreeName, string BenefitCode, string BenefitName, string Period, decimal Amount, decimal PaidAmount,
    string Type, string InstructionId, string Status, string Explanation, long? OriginalItemId, string? ResultReason);
public sealed record ItemPage(IReadOnlyList<ItemView> Items, int Total, int Page, int PageSize);
public sealed record CycleSummary(long Id, string Month, long PayingOrgUnitId, string PayingOrgUnitName, string Status, string StatusName, int ItemCount, decimal Total);
public sealed record MonthChange(long HonoreeId, string HonoreeName, string BenefitCode, string BenefitName, string Kind, decimal? Before, decimal? After, string Reason);

/// <summary>Reading payment cycles: finance staff and auditors of a unit see the cycles of the units in its subtree.</summary>
public sealed class PaymentCycleQueries(PaymentAccess access, Scope scope, NpgsqlDataSource dataSource, PolicyPacks packs, LaurelDb db,
    EntitlementQueries entitlements, CurrentUser user)
{
    public async Task<Outcome<CycleView>> GetAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var cycle = await PaymentAccess.ReadCycleAsync(connection, null, id, forUpdate: false);
        if (cycle is null || !await access.CanReadAtAsync(cycle.UnitPath))
        {
            return Outcome<CycleView>.NotFound();
        }
        var names = await BenefitNamesAsync();
        var byBenefit = new List<BenefitTotalView>();
        await using (var command = new NpgsqlCommand(
            "SELECT pack_code, benefit_code, count(*)::int AS count, sum(amount) AS total FROM payment_items WHERE cycle_id = @id GROUP BY 1, 2 ORDER BY 1, 2",
            connection))
        {
            command.Parameters.AddWithValue("id", id);
            await foreach (var (pack, code, count, total) in Rows.StreamAsync<BenefitTotal>(command))
            {
                byBenefit.Add(new BenefitTotalView(code, names.GetValueOrDefault((pack, code), code), count, total));
            }
        }
        List<UnitTotalView> byUnit;
        await using (var command = new NpgsqlCommand("""
            SELECT i.org_unit_id, u.name, count(*)::int AS count, sum(i.amount) AS total FROM payment_items i JOIN org_units u ON u.id = i.org_unit_id
            WHERE i.cycle_id = @id GROUP BY 1, 2 ORDER BY 2
            """, connection))
        {
            command.Parameters.AddWithValue("id", id);
            byUnit = await Rows.ListAsync<UnitTotalView>(command);
        }
        BankResultsView bank;
        await using (var command = new NpgsqlCommand("""
            SELECT coalesce(result_reason, '') AS reason, count(*)::int AS count, sum(paid_amount) AS amount
            FROM payment_items WHERE cycle_id = @id AND status = 'returned' GROUP BY 1 ORDER BY 2 DESC, 1
            """, connection))
        {
            command.Parameters.AddWithValue("id", id);
            var reasons = (await Rows.ListAsync<ReturnReasonView>(command))
                .Select(r => r with { Reason = r.Reason.Length == 0 ? "银行未说明原因" : r.Reason }).ToList();
            await using var counts = new NpgsqlCommand("""
                SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'settled')::int AS settled
                FROM payment_items WHERE cycle_id = @id
                """, connection);
            counts.Parameters.AddWithValue("id", id);
            var (pending, settled) = (await Rows.FirstOrDefaultAsync<StatusCounts>(counts))!;
            bank = new BankResultsView(pending, settled, reasons.Sum(r => r.Count), reasons.Sum(r => r.Amount), reasons);
        }
        var (fund, spent) = await SpecialFunds.ReadAsync(connection, null, cycle.PayingOrgUnitId, cycle.Month.Year);
        var remaining = PaymentCycles.SpecialFundRemaining(fund, spent);
        var approved = PaymentCycles.Parse(cycle.Status)!.Value >= CycleStatus.Approved;
        // An approved cycle is already in what was spent.
        var specialFund = new SpecialFundView(cycle.Month.Year, fund, spent, remaining, approved ? remaining : remaining - cycle.Total);
        await using (var command = new NpgsqlCommand("""
            SELECT c.last_rejection, cu.user_name AS computed_by, c.computed_at, au.user_name AS approved_by, c.approved_at FROM payment_cycles c
            LEFT JOIN users cu ON cu.id = c.computed_by LEFT JOIN users au ON au.id = c.approved_by WHERE c.id = @id
            """, connection))
        {
            command.Parameters.AddWithValue("id", id);
            var steps = (await Rows.FirstOrDefaultAsync<CycleSteps>(command))!;
            var status = PaymentCycles.Parse(cycle.Status)!.Value;
            return Outcome<CycleView>.Ok(new CycleView(cycle.Id, cycle.Status, PaymentCycles.ChineseName(status), PayMonth.Format(cycle.Month),
                cycle.PayingOrgUnitId, cycle.UnitName, cycle.ItemCount, cycle.Total, cycle.PaidTotal, byBenefit, byUnit,
                steps.LastRejection, steps.ComputedBy, steps.ComputedAt, steps.ApprovedBy, steps.ApprovedAt, await access.CanActAtAsync(cycle.UnitPath),
                cycle.ComputedBy is { } maker && maker == user.Id, specialFund, bank));
        }
    }

    /// <summary>
    /// A page of a cycle's items, optionally of one type, one bank result, one honoree, or matching a search: a part of
    /// the honoree's name (given name without the surname too) or an instruction ID.
    /// </summary>
    public async Task<Outcome<ItemPage>> ItemsAsync(long id, int? page, int? pageSize, string? type = null, long? honoreeId = null,
        string? q = null, string? status = null)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        await using var connection = await dataSource.OpenConnectionAsync();
        var cycle = await PaymentAccess.ReadCycleAsync(connection, null, id, forUpdate: false);
        if (cycle is null || !await access.CanReadAtAsync(cycle.UnitPath))
        {
            return Outcome<ItemPage>.NotFound();
        }
        if (type is not null && PaymentItems.Parse(type) is null)
        {
            return Outcome<ItemPage>.Invalid("type", "类型应为 regular、arrears 或 recovery");
        }
        if (status is not null && !ItemStatuses.Contains(status))
        {
            return Outcome<ItemPage>.Invalid("status", "银行结果应为 pending、settled、returned 或 none");
        }
        q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (q is { Length: > 50 })
        {
            return Outcome<ItemPage>.Invalid("q", "搜索内容不能超过 50 个字");
        }
        var where = "i.cycle_id = @id" + (type is null ? "" : " AND i.type = @type") + (honoreeId is null ? "" : " AND i.honoree_id = @honoree")
            + (status is null ? "" : " AND i.status = @status")
            + (q is null ? "" : " AND (strpos(h.name, @q) > 0 OR i.instruction_id = upper(@q))");
        var names = await BenefitNamesAsync();
        int total;
        await using (var command = new NpgsqlCommand($"SELECT count(*) FROM payment_items i {(q is null ? "" : "JOIN honorees h ON h.id = i.honoree_id")} WHERE {where}", connection))
        {
            Bind(command);
            total = (int)(long)(await command.ExecuteScalarAsync())!;
        }
        var items = new List<ItemView>();
        await using (var command = new NpgsqlCommand($"""
            SELECT i.id, i.honoree_id, h.name AS honoree_name, i.pack_code, i.benefit_code, i.period, i.amount, i.paid_amount, i.type, i.instruction_id,
                   i.status, i.explanation, i.original_item_id, i.result_reason
            FROM payment_items i JOIN honorees h ON h.id = i.honoree_id
            WHERE {where} ORDER BY i.id LIMIT @limit OFFSET @offset
            """, connection))
        {
            Bind(command);
            command.Parameters.AddWithValue("limit", size);
            command.Parameters.AddWithValue("offset", (number - 1) * size);
            await foreach (var i in Rows.StreamAsync<ItemRow>(command))
            {
                items.Add(new ItemView(i.Id, i.HonoreeId, i.HonoreeName, i.BenefitCode, names.GetValueOrDefault((i.PackCode, i.BenefitCode), i.BenefitCode),
                    PayMonth.Format(i.Period), i.Amount, i.PaidAmount, i.Type, i.InstructionId, i.Status, i.Explanation, i.OriginalItemId, i.ResultReason));
            }
        }
        return Outcome<ItemPage>.Ok(new ItemPage(items, total, number, size));

        void Bind(NpgsqlCommand command)
        {
            command.Parameters.AddWithValue("id", id);
            if (type is not null)
            {
                command.Parameters.AddWithValue("type", type);
            }
            if (honoreeId is not null)
            {
                command.Parameters.AddWithValue("honoree", honoreeId.Value);
            }
            if (status is not null)
            {
                command.Parameters.AddWithValue("status", status);
            }
            if (q is not null)
            {
                command.Parameters.AddWithValue("q", q);
            }
        }
    }

    /// <summary>The cycles the user may read, newest month first.</summary>
    public async Task<IReadOnlyList<CycleSummary>> ListAsync(long? unitId = null)
    {
        var units = await scope.UnitIdsUnderAsync(await access.ReadRootsAsync());
        if (units.Length == 0)
        {
            return [];
        }
        await using var command = dataSource.CreateCommand($"""
            SELECT c.id, c.month, c.paying_org_unit_id, u.name AS paying_org_unit_name, c.status, c.item_count, c.total
            FROM payment_cycles c JOIN org_units u ON u.id = c.paying_org_unit_id
            WHERE c.paying_org_unit_id = ANY(@units) {(unitId is null ? "" : "AND c.paying_org_unit_id = @unit")}
            ORDER BY c.month DESC, u.path LIMIT 500
            """);
        command.Parameters.AddWithValue("units", units);
        if (unitId is not null)
        {
            command.Parameters.AddWithValue("unit", unitId.Value);
        }
        return (await Rows.ListAsync<SummaryRow>(command)).Select(c => new CycleSummary(c.Id, PayMonth.Format(c.Month), c.PayingOrgUnitId,
            c.PayingOrgUnitName, c.Status, PaymentCycles.ChineseName(PaymentCycles.Parse(c.Status)!.Value), c.ItemCount, c.Total)).ToList();
    }

    /// <summary>
    /// The regular items against the previous month's cycle of the unit: honorees new, stopped or changed in amount, each
    /// with the engine's reason: this month's explanation, or for a stop why the benefit is not due this month.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<MonthChange>>> ChangesFromPreviousMonthAsync(long id, int limit = 500)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var cycle = await PaymentAccess.ReadCycleAsync(connection, null, id, forUpdate: false);
        if (cycle is null || !await access.CanReadAtAsync(cycle.UnitPath))
        {
            return Outcome<IReadOnlyList<MonthChange>>.NotFound();
        }
        var names = await BenefitNamesAsync();
        await using var command = new NpgsqlCommand("""
            WITH cur AS (SELECT honoree_id, pack_code, benefit_code, amount, explanation FROM payment_items WHERE cycle_id = @id AND type = 'regular'),
                 prev AS (SELECT i.honoree_id, i.pack_code, i.benefit_code, i.amount, i.explanation FROM payment_items i
                          JOIN payment_cycles p ON p.id = i.cycle_id
                          WHERE p.paying_org_unit_id = @unit AND p.month = @previous AND i.type = 'regular')
            SELECT coalesce(cur.honoree_id, prev.honoree_id) AS honoree_id, h.name AS honoree_name, coalesce(cur.pack_code, prev.pack_code) AS pack_code,
                   coalesce(cur.benefit_code, prev.benefit_code) AS benefit_code, prev.amount AS before, cur.amount AS after,
                   coalesce(cur.explanation, prev.explanation) AS reason
            FROM cur FULL JOIN prev USING (honoree_id, pack_code, benefit_code)
            JOIN honorees h ON h.id = coalesce(cur.honoree_id, prev.honoree_id)
            WHERE cur.amount IS DISTINCT FROM prev.amount
            ORDER BY 1, 3, 4 LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("unit", cycle.PayingOrgUnitId);
        command.Parameters.AddWithValue("previous", cycle.Month.AddMonths(-1));
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<(MonthChange Change, string Pack)>();
        await foreach (var (honoreeId, honoreeName, pack, benefit, before, after, reason) in Rows.StreamAsync<ChangeRow>(command))
        {
            var kind = before is null ? "new" : after is null ? "stopped" : "changed";
            rows.Add((new MonthChange(honoreeId, honoreeName, benefit, names.GetValueOrDefault((pack, benefit), benefit), kind, before, after, reason), pack));
        }
        // For a stop, the reason is the engine's answer for this month, not last month's explanation.
        var stopped = rows.Where(r => r.Change.Kind == "stopped").Select(r => r.Change.HonoreeId).Distinct().ToList();
        if (stopped.Count == 0)
        {
            return Outcome<IReadOnlyList<MonthChange>>.Ok(rows.Select(r => r.Change).ToList());
        }
        var paying = PaymentCycleActions.PayingPacks(await packs.CurrentAsync(), cycle);
        var regions = await entitlements.UnitRegionsAsync();
        var people = (await db.Honorees.AsNoTracking().Include(h => h.Facts).Include(h => h.Honours).AsSplitQuery()
            .Where(h => stopped.Contains(h.Id)).ToListAsync()).ToDictionary(h => h.Id, h => EntitlementQueries.ToPerson(h, cycle.Month, regions));
        return Outcome<IReadOnlyList<MonthChange>>.Ok(rows.Select(r => r.Change.Kind != "stopped" ? r.Change : r.Change with
        {
            Reason = CycleComputation.WhyNotPaid(paying, people.GetValueOrDefault(r.Change.HonoreeId), cycle.Month, r.Pack, r.Change.BenefitCode),
        }).ToList());
    }

    /// <summary>The bank results an item can have: pending, settled, returned, none (nothing goes to the bank).</summary>
    public static IReadOnlyList<string> ItemStatuses { get; } = ["pending", "settled", "returned", "none"];

    /// <summary>
    /// Which of these honorees the user may open the record of (劳模档案, through the scope): a cycle's readers are finance
    /// staff and auditors, who read honorees only where they also hold a manager or viewer grant.
    /// </summary>
    public async Task<IReadOnlySet<long>> ReadableHonoreesAsync(IReadOnlyCollection<long> honoreeIds)
    {
        if (honoreeIds.Count == 0 || !(await user.GrantsAsync()).CanReadHonorees)
        {
            return new HashSet<long>();
        }
        var ids = honoreeIds.Distinct().ToArray();
        return (await (await scope.HonoreesAsync()).Where(h => ids.Contains(h.Id)).Select(h => h.Id).ToListAsync()).ToHashSet();
    }

    /// <summary>
    /// The names of honorees a handler answered with (the changes since a compute): applies no scope, so never call it
    /// with ids taken from a request.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> HonoreeNamesAsync(IReadOnlyCollection<long> honoreeIds)
    {
        if (honoreeIds.Count == 0)
        {
            return new Dictionary<long, string>();
        }
        var ids = honoreeIds.Distinct().ToArray();
        return await db.Honorees.AsNoTracking().Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, h => h.Name);
    }

    private Task<IReadOnlyDictionary<(string Pack, string Benefit), string>> BenefitNamesAsync() => packs.BenefitNamesAsync();

    private sealed record BenefitTotal(string PackCode, string BenefitCode, int Count, decimal Total);

    private sealed record CycleSteps(string? LastRejection, string? ComputedBy, DateTimeOffset? ComputedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt);

    private sealed record ItemRow(long Id, long HonoreeId, string HonoreeName, string PackCode, string BenefitCode, DateOnly Period, decimal Amount,
        decimal PaidAmount, string Type, string InstructionId, string Status, string Explanation, long? OriginalItemId, string? ResultReason);

    private sealed record StatusCounts(int Pending, int Settled);

    private sealed record SummaryRow(long Id, DateOnly Month, long PayingOrgUnitId, string PayingOrgUnitName, string Status, int ItemCount, decimal Total);

    private sealed record ChangeRow(long HonoreeId, string HonoreeName, string PackCode, string BenefitCode, decimal? Before, decimal? After, string Reason);
}
