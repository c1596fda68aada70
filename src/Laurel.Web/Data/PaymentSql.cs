using Laurel.Web.Data;
using Laurel.Rules.Payments;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// Statements inside the transaction of a payment action (PaymentAccess.BeginAsync, or the handler's own). They touch
/// a paying unit's whole population, so they have no 30-second timeout.
/// </summary>
internal static class PaymentSql
{
    /// <summary>The status codes of a cycle that has been approved (approved, exported, reconciled, closed): an array parameter, `= ANY(@approved)`.</summary>
    public static readonly string[] ApprovedStatuses =
        Enum.GetValues<CycleStatus>().Where(s => s >= CycleStatus.Approved).Select(PaymentCycles.Code).ToArray();

    /// <summary>The status codes of a cycle not yet approved (draft, computed): an array parameter.</summary>
    public static readonly string[] UnapprovedStatuses =
        Enum.GetValues<CycleStatus>().Where(s => s < CycleStatus.Approved).Select(PaymentCycles.Code).ToArray();

    public static NpgsqlCommand Command(this NpgsqlTransaction tx, string sql) => new(sql, tx.Connection, tx) { CommandTimeout = 600 };

    public static async Task ExecuteAsync(this NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = tx.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T?> ScalarAsync<T>(this NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = tx.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    /// <summary>Posts one balanced entry of a cycle to the ledger (台账); an unbalanced one is a bug and throws.</summary>
    public static async Task PostLedgerEntryAsync(this NpgsqlTransaction tx, long cycleId, string kind, string description,
        IReadOnlyList<LedgerLine> lines, CancellationToken ct)
    {
        if (!Ledger.Balances(lines))
        {
            throw new InvalidOperationException("An unbalanced ledger entry: " + description);
        }
        var entry = await tx.ScalarAsync<long?>(
            "INSERT INTO ledger_entries (cycle_id, kind, description) VALUES (@cycle, @kind, @description) RETURNING id",
            ("cycle", cycleId), ("kind", kind), ("description", description));
        for (var i = 0; i < lines.Count; i++)
        {
            await tx.ExecuteAsync("INSERT INTO ledger_lines (entry_id, line_no, account, debit, credit) VALUES (@entry, @no, @account, @debit, @credit)",
                ct, ("entry", entry!.Value), ("no", i + 1), ("account", lines[i].Account), ("debit", lines[i].Debit), ("credit", lines[i].Credit));
        }
    }
}

/// <summary>Open receivables (应收劳模款): what honorees were paid and not owed, less what was since withheld from their payments.</summary>
public static class Receivables
{
    /// <summary>Over payment_items i of approved cycles, grouped by honoree, pack and benefit.</summary>
    public const string OpenSql = "(coalesce(-sum(i.amount) FILTER (WHERE i.amount < 0), 0) - coalesce(sum(i.amount - i.paid_amount) FILTER (WHERE i.amount > 0), 0))";
}

/// <summary>
/// A paying unit's special fund (专项经费) for a year and what its approved cycles of that year took from it: read by the
/// approval (inside its transaction, after the cycle's lock) and shown on the cycle's page before approving.
/// </summary>
internal static class SpecialFunds
{
    public static async Task<(decimal? Fund, decimal Spent)> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long unitId, int year)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT amount FROM payment_budgets WHERE org_unit_id = @unit AND year = @year) AS fund,
                   coalesce((SELECT sum(total) FROM payment_cycles WHERE paying_org_unit_id = @unit AND extract(year FROM month) = @year
                                AND status = ANY(@approved)), 0) AS spent
            """, connection, tx);
        command.Parameters.AddWithValue("unit", unitId);
        command.Parameters.AddWithValue("year", year);
        command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
        var row = (await Rows.FirstOrDefaultAsync<FundRow>(command))!;
        return (row.Fund, row.Spent);
    }

    private sealed record FundRow(decimal? Fund, decimal Spent);
}
