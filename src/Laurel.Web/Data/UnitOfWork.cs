using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// The one transaction of a request that changes data (docs/decisions/0010-data-access.md). The unit-of-work filters
/// (Hosting/UnitOfWorkFilters) begin it before the handler and end it after: it commits when the handler answered a
/// success, and rolls back on an error answer or an exception, so a refused or failed request leaves nothing behind.
/// Handlers join it: EF Core's SaveChanges enlists by itself, plain SQL takes <see cref="Transaction"/>. So commands
/// compose (a decision that adds honours and audits them) without any of them opening a transaction of its own.
/// </summary>
public sealed class UnitOfWork(LaurelDb db)
{
    /// <summary>The request's transaction, for plain SQL beside EF Core. A handler that changes data outside one is a bug.</summary>
    public NpgsqlTransaction Transaction =>
        (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("A change outside the request's unit of work: the handler's endpoint or page lacks the unit-of-work filter.");

    /// <summary>
    /// Undoes everything so far, for a handler that must still answer after a statement failed (PostgreSQL accepts no
    /// further statement in a failed transaction). What the handler reads afterwards runs outside any transaction.
    /// </summary>
    public async Task RollbackAsync()
    {
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Commits now, for a page that shows the result of its own action in the same response: its queries read through
    /// connections of their own, which see only what is committed. The filter then has nothing left to end.
    /// </summary>
    public async Task CommitAsync()
    {
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync(CancellationToken.None);
            await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when <paramref name="succeeded"/> says so and rolled
    /// back otherwise or on an exception. Inside a transaction already begun, the work joins it and the outer unit decides.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, Func<T, bool> succeeded, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        // The handler may have rolled back itself (RollbackAsync); then there is nothing left to end.
        if (db.Database.CurrentTransaction == transaction)
        {
            if (succeeded(result))
            {
                // Not the request's token: once the handler has finished, a client that went away does not undo its work.
                await transaction.CommitAsync(CancellationToken.None);
            }
            else
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        return result;
    }
}

/// <summary>
/// An endpoint or page whose every statement stands on its own: the sign-in steps, whose failure counts and audit
/// entries must be kept exactly when the attempt fails, and whose answer to a failure is an error.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class WithoutUnitOfWorkAttribute : Attribute;

/// <summary>
/// A GET that changes data all the same, and so runs in a unit of work: the bank file's download, which marks its cycle
/// exported (a bank's client software fetches the file with a plain GET).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ChangesDataAttribute : Attribute;
