using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// A one-off fill that runs at every start after the migrations (phones encrypted after 0009, resident-ID tail hashes
/// after 0013): under an advisory lock, so that instances starting together do not both fill the same rows; batch after
/// batch, each a transaction of its own that touches only rows still unfilled, so a start that stops halfway leaves the
/// rest for the next. Once nothing is left a batch reads nothing and writes nothing.
/// </summary>
public static class StartupBackfill
{
    /// <summary>
    /// Runs <paramref name="batch"/> until it fills no row; it receives the connection and transaction of its batch and
    /// answers the number of rows it filled. Returns the rows filled in all.
    /// </summary>
    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, long lockKey,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<int>> batch, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({lockKey})", conn))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        try
        {
            var total = 0;
            while (true)
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                var filled = await batch(conn, tx, ct);
                if (filled == 0)
                {
                    return total;
                }
                await tx.CommitAsync(ct);
                total += filled;
            }
        }
        finally
        {
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({lockKey})", conn);
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
