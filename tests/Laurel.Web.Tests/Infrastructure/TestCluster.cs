using Npgsql;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL cluster that `./laurel test` starts for the run and removes afterwards. Each LaurelApp
/// fixture gets a database of its own in it; the classes of the demo collection share theirs (see DemoCollection).
/// </summary>
public static class TestCluster
{
    public static string OwnerConnectionString => Environment.GetEnvironmentVariable("LAUREL_TEST_OWNER_CS")
        ?? throw new InvalidOperationException("LAUREL_TEST_OWNER_CS is not set: run the tests with ./laurel test, which starts the PostgreSQL cluster they use.");

    public static string AppConnectionString => Environment.GetEnvironmentVariable("LAUREL_TEST_APP_CS")
        ?? throw new InvalidOperationException("LAUREL_TEST_APP_CS is not set: run the tests with ./laurel test.");

    /// <summary>Creates an empty database owned by the owner role; returns (owner, app) connection strings for it.</summary>
    public static async Task<(string Owner, string App)> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        var owner = new NpgsqlConnectionStringBuilder(OwnerConnectionString);
        await using (var conn = new NpgsqlConnection(owner.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} OWNER \"{owner.Username}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        owner.Database = name;
        owner.Pooling = false;
        var app = new NpgsqlConnectionStringBuilder(AppConnectionString) { Database = name };
        return (owner.ConnectionString, app.ConnectionString);
    }
}
