using Npgsql;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>Direct SQL against a test database: to look at what was stored, or to try what a database role may do.</summary>
public static class TestDb
{
    /// <summary>Runs one statement with positional parameters ($1, $2 …) and returns the first column of the first row.</summary>
    public static Task<T> Scalar<T>(string connectionString, string sql, params object[] args) =>
        Run(connectionString, sql, args, async command => (T)(await command.ExecuteScalarAsync())!);

    /// <summary>Runs one query with positional parameters and returns the first column of every row, in order.</summary>
    public static Task<List<T>> Column<T>(string connectionString, string sql, params object[] args) =>
        Run(connectionString, sql, args, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<T>();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetFieldValue<T>(0));
            }
            return values;
        });

    private static async Task<TResult> Run<TResult>(string connectionString, string sql, object[] args, Func<NpgsqlCommand, Task<TResult>> run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var a in args)
        {
            command.Parameters.AddWithValue(a);
        }
        return await run(command);
    }
}
