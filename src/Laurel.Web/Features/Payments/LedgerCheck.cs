using System.Globalization;
using Laurel.Rules.Access;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Payments;

public sealed record LedgerReport(int Entries, int Cycles, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Verifies the ledger (台账): every entry balances, and for every approved cycle the ledger agrees with its items —
/// the approval posted what the cycle sends to the bank, the settlements and returns posted what the bank settled and
/// returned, and the cycle's approved total equals settled + returned + pending. Run over everything by
/// `./laurel ledger-check`; shown to finance staff and auditors over the cycles of the paying units they may read.
/// </summary>
public static class LedgerCheck
{
    /// <param name="payingUnitIds">
    /// Only the cycles of these paying units, and only the entries of those cycles; null for the whole ledger.
    /// </param>
    public static async Task<LedgerReport> RunAsync(NpgsqlDataSource dataSource, IReadOnlyCollection<long>? payingUnitIds = null, CancellationToken ct = default)
    {
        var problems = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every query, so a posting made meanwhile cannot show as a difference.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        const string cyclesInScope = "SELECT id FROM payment_cycles WHERE paying_org_unit_id = ANY(@units)";
        var filter = payingUnitIds is null ? "" : $"AND e.cycle_id IN ({cyclesInScope})";
        int entries;
        await using (var command = new NpgsqlCommand($"""
            SELECT e.id, e.description, coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit, count(l.entry_id) AS lines
            FROM ledger_entries e LEFT JOIN ledger_lines l ON l.entry_id = e.id
            WHERE true {filter} GROUP BY e.id, e.description ORDER BY e.id
            """, connection, transaction))
        {
            Bind(command);
            entries = 0;
            await foreach (var (id, description, debit, credit, lines) in Rows.StreamAsync<EntryRow>(command, ct))
            {
                entries++;
                if (lines < 2 || debit != credit)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"分录 {id}（{description}）借贷不平：借方 {debit:0.00}，贷方 {credit:0.00}，{lines} 行"));
                }
            }
        }

        var cycles = 0;
        await using (var command = new NpgsqlCommand($"""
            WITH items AS (
                SELECT cycle_id,
                       sum(paid_amount) AS paid,
                       coalesce(sum(paid_amount) FILTER (WHERE status = 'settled'), 0) AS settled,
                       coalesce(sum(paid_amount) FILTER (WHERE status = 'returned'), 0) AS returned,
                       coalesce(sum(paid_amount) FILTER (WHERE status = 'pending'), 0) AS pending
                FROM payment_items GROUP BY cycle_id),
            posted AS (
                SELECT e.cycle_id,
                       count(DISTINCT e.id) FILTER (WHERE e.kind = 'approval') AS approvals,
                       coalesce(sum(l.credit - l.debit) FILTER (WHERE e.kind = 'approval' AND l.account = 'honoree_payable'), 0) AS approved,
                       coalesce(sum(l.debit) FILTER (WHERE e.kind = 'settlement' AND l.account = 'honoree_payable'), 0) AS settled,
                       coalesce(sum(l.debit) FILTER (WHERE e.kind = 'return' AND l.account = 'honoree_payable'), 0) AS returned
                FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id WHERE e.cycle_id IS NOT NULL GROUP BY e.cycle_id)
            SELECT c.id, u.name AS unit_name, c.month, c.paid_total AS total, coalesce(i.paid, 0) AS paid, coalesce(i.settled, 0) AS settled,
                   coalesce(i.returned, 0) AS returned, coalesce(i.pending, 0) AS pending, coalesce(p.approvals, 0) AS approvals,
                   coalesce(p.approved, 0) AS approved_posted, coalesce(p.settled, 0) AS settled_posted, coalesce(p.returned, 0) AS returned_posted
            FROM payment_cycles c JOIN org_units u ON u.id = c.paying_org_unit_id
            LEFT JOIN items i ON i.cycle_id = c.id LEFT JOIN posted p ON p.cycle_id = c.id
            WHERE c.status = ANY(@approved) {(payingUnitIds is null ? "" : "AND c.paying_org_unit_id = ANY(@units)")}
            ORDER BY c.id
            """, connection, transaction))
        {
            Bind(command);
            command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
            await foreach (var (id, unitName, month, total, paid, settled, returned, pending, approvals, approvedPosted, settledPosted, returnedPosted)
                in Rows.StreamAsync<CycleSums>(command, ct))
            {
                cycles++;
                var name = string.Create(CultureInfo.InvariantCulture, $"批次 {id}（{unitName} {month:yyyy-MM}）");
                void Check(bool ok, string message)
                {
                    if (!ok)
                    {
                        problems.Add(name + message);
                    }
                }
                Check(approvals == 1, $"应有 1 笔审批分录，实有 {approvals} 笔");
                Check(total == settled + returned + pending, Money($"审批金额 {total} ≠ 已成功 {settled} + 已退回 {returned} + 待确认 {pending}"));
                Check(total == paid, Money($"审批金额 {total} 与明细实发合计 {paid} 不符"));
                Check(approvedPosted == paid, Money($"审批分录计入应付 {approvedPosted}，明细实发合计 {paid}"));
                Check(settledPosted == settled, Money($"银行成功分录 {settledPosted}，明细已成功 {settled}"));
                Check(returnedPosted == returned, Money($"退回分录 {returnedPosted}，明细已退回 {returned}"));
            }
        }
        await transaction.CommitAsync(ct);
        return new LedgerReport(entries, cycles, problems);

        void Bind(NpgsqlCommand command)
        {
            if (payingUnitIds is not null)
            {
                command.Parameters.AddWithValue("units", payingUnitIds.ToArray());
            }
        }
    }

    private sealed record EntryRow(long Id, string Description, decimal Debit, decimal Credit, long Lines);

    private sealed record CycleSums(long Id, string UnitName, DateOnly Month, decimal Total, decimal Paid, decimal Settled, decimal Returned,
        decimal Pending, long Approvals, decimal ApprovedPosted, decimal SettledPosted, decimal ReturnedPosted);

    private static string Money(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>`Laurel.Web ledger-check`: prints the report; exit code 0 when the ledger is sound, 1 otherwise.</summary>
    public static async Task<int> RunCommandAsync(NpgsqlDataSource dataSource)
    {
        var report = await RunAsync(dataSource);
        foreach (var problem in report.Problems)
        {
            Console.WriteLine(problem);
        }
        Console.WriteLine(report.Ok
            ? $"台账核对通过：{report.Entries} 笔分录均借贷平衡，{report.Cycles} 个已审批批次的审批金额 = 已成功 + 已退回 + 待确认。"
            : $"台账核对发现 {report.Problems.Count} 处问题（{report.Entries} 笔分录，{report.Cycles} 个批次）。");
        return report.Ok ? 0 : 1;
    }
}

/// <summary>
/// The ledger check a user may see (API and page): over the cycles of the paying units under their finance and auditor
/// grants, or the whole ledger for an auditor at the root. `./laurel ledger-check` checks everything.
/// </summary>
public sealed class ScopedLedgerCheck(CurrentUser user, PaymentAccess access, Scope scope, NpgsqlDataSource dataSource)
{
    /// <summary>The report, and whether the check covered the whole ledger; null when the user may not run it.</summary>
    public async Task<(LedgerReport Report, bool Whole)?> RunAsync(CancellationToken ct)
    {
        var roots = await access.ReadRootsAsync();
        if (roots.Count == 0)
        {
            return null;
        }
        if ((await user.GrantsAsync()).Grants.Any(g => g.Role == Roles.Auditor && OrgPath.Depth(g.OrgUnitPath) == 0))
        {
            return (await LedgerCheck.RunAsync(dataSource, ct: ct), true);
        }
        return (await LedgerCheck.RunAsync(dataSource, await scope.UnitIdsUnderAsync(roots), ct), false);
    }
}
