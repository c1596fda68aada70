using Npgsql;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>Direct SQL against a test database: to look at what was stored, or to try what a database role may do.</summary>
public static class TestDb
{
    /// <summary>Runs one statement with positional parameters ($1, $2 …) and returns the first column of the first row.</summary>
    public static async Task<T> Scalar<T>(string connectionString, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
        {
            cmd.Parameters.AddWithValue(a);
        }
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
