using Laurel.Rules.Access;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Payments;

/// <summary>A cycle's row as the handlers need it, with its paying unit.</summary>
public sealed record CycleRow(
    long Id, long PayingOrgUnitId, string UnitName, string UnitPath, string UnitKind, string? UnitRegion, DateOnly Month, string Status,
    long? ComputedBy, int ItemCount, decimal Total, decimal PaidTotal)
{
    /// <summary>
    /// The status code the action leaves the cycle in, from the state machine (PaymentCycles.Next): the only source of
    /// a status written. The lock has already refused an action the status does not allow.
    /// </summary>
    public string StatusAfter(CycleAction action) =>
        PaymentCycles.Code(PaymentCycles.Next(PaymentCycles.Parse(Status)!.Value, action)
            ?? throw new InvalidOperationException($"Cycle {Id} in status {Status} does not allow {action}."));
}

/// <summary>
/// Who may do what with payment cycles: finance staff (a `finance` grant) act on the cycles of the units in their
/// subtree; auditors read them. A cycle outside what the user may read answers 404 as if it did not exist.
/// </summary>
public sealed class PaymentAccess(CurrentUser user, UnitOfWork work)
{
    // The grant-path check is AccessGrants' (Laurel.Rules.Access), the one every other area uses.
    public async Task<bool> CanActAtAsync(string unitPath) => (await user.GrantsAsync()).CanActOnPaymentsAt(unitPath);

    public async Task<bool> CanReadAtAsync(string unitPath) => (await user.GrantsAsync()).CanReadPaymentsAt(unitPath);

    /// <summary>Subtree roots (paths) where the user reads cycles.</summary>
    public async Task<IReadOnlyList<string>> ReadRootsAsync() => (await user.GrantsAsync()).PaymentReadRoots;

    /// <summary>
    /// Locks the cycle's row in the request's unit of work and checks that the user may take the action in its status:
    /// the row lock serialises concurrent actions on one cycle. Null cycle: the refusal.
    /// </summary>
    public async Task<(CycleRow? Cycle, Refusal? Refusal)> LockAsync(long id, CycleAction action)
    {
        var tx = work.Transaction;
        var cycle = await ReadCycleAsync(tx.Connection!, tx, id, forUpdate: true);
        return await RefusalAsync(cycle, action) is { } refusal ? (null, refusal) : (cycle, null);
    }

    /// <summary>
    /// The same checks as <see cref="LockAsync"/> without a lock: for a request that must be refused
    /// before its body is read (a bank result file is read only for a cycle the user may reconcile now).
    /// </summary>
    public async Task<Refusal?> CheckAsync(NpgsqlDataSource dataSource, long id, CycleAction action, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await RefusalAsync(await ReadCycleAsync(connection, null, id, forUpdate: false), action);
    }

    private async Task<Refusal?> RefusalAsync(CycleRow? cycle, CycleAction action)
    {
        if (cycle is null || !await CanReadAtAsync(cycle.UnitPath))
        {
            return new Refusal(OutcomeKind.NotFound, "记录不存在");
        }
        if (!await CanActAtAsync(cycle.UnitPath))
        {
            return new Refusal(OutcomeKind.Forbidden, "需要该单位的财务人员权限");
        }
        return PaymentCycles.Refusal(PaymentCycles.Parse(cycle.Status)!.Value, action) is { } message
            ? new Refusal(OutcomeKind.Conflict, message)
            : null;
    }

    public sealed record Refusal(OutcomeKind Kind, string Message)
    {
        public Outcome<T> As<T>() => new(Kind, Message: Message);
    }

    public const string CycleColumns = """
        c.id, c.paying_org_unit_id, u.name AS unit_name, u.path AS unit_path, u.kind AS unit_kind, u.region_code AS unit_region, c.month, c.status,
        c.computed_by, c.item_count, c.total, c.paid_total
        """;

    public static async Task<CycleRow?> ReadCycleAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, bool forUpdate)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {CycleColumns} FROM payment_cycles c JOIN org_units u ON u.id = c.paying_org_unit_id WHERE c.id = @id" +
            (forUpdate ? " FOR UPDATE OF c" : ""), connection, transaction);
        command.Parameters.AddWithValue("id", id);
        return await Rows.FirstOrDefaultAsync<CycleRow>(command);
    }
}
