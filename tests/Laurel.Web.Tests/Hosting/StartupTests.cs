using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Laurel.Web.Data;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Hosting;

public sealed class StartupTests
{
    private static async Task<(int ExitCode, string StdErr)> RunApp(Dictionary<string, string?> env)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings", StringComparison.Ordinal) || k.StartsWith("Laurel", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, (await stderr).Trim());
    }

    [Fact]
    public async Task Without_a_connection_string_the_start_stops_with_one_line_naming_the_setting()
    {
        var (code, stderr) = await RunApp(new() { ["Laurel__EncryptionKey"] = LaurelApp.TestKey });
        code.ShouldBe(2);
        stderr.Split('\n').Length.ShouldBe(1);
        stderr.ShouldContain("ConnectionStrings__Laurel");
    }

    [Fact]
    public async Task Without_an_encryption_key_the_start_stops_with_one_line_naming_the_setting()
    {
        var (code, stderr) = await RunApp(new() { ["ConnectionStrings__Laurel"] = "Host=127.0.0.1;Database=x" });
        code.ShouldBe(2);
        stderr.Split('\n').Length.ShouldBe(1);
        stderr.ShouldContain("Laurel__EncryptionKey");
    }

    [Fact]
    public async Task A_malformed_encryption_key_stops_the_start()
    {
        var (code, stderr) = await RunApp(new() { ["ConnectionStrings__Laurel"] = "Host=127.0.0.1;Database=x", ["Laurel__EncryptionKey"] = "too-short" });
        code.ShouldBe(2);
        stderr.ShouldContain("32 字节");
    }
}

public sealed class MigrationTests
{
    internal static string CopyMigrations()
    {
        var dir = Path.Combine(Path.GetTempPath(), "laurel-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "migrations"));
        foreach (var file in Directory.GetFiles(MigrationRunner.DefaultDirectory, "*.sql", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(dir, Path.GetRelativePath(MigrationRunner.DefaultDirectory, file)));
        }
        return dir;
    }

    private static async Task<long> AppliedCount(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_once()
    {
        var (owner, app) = await TestCluster.CreateDatabaseAsync();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigrationRunner.ApplyAsync(owner, app, MigrationRunner.DefaultDirectory)));
        var files = Directory.GetFiles(Path.Combine(MigrationRunner.DefaultDirectory, "migrations"), "*.sql").Length;
        runs.Sum(r => r.Count).ShouldBe(files);
        (await AppliedCount(owner)).ShouldBe(files);
        (await MigrationRunner.ApplyAsync(owner, app, MigrationRunner.DefaultDirectory)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_changed_migration_that_was_already_applied_stops_the_start_with_a_clear_message()
    {
        var (owner, app) = await TestCluster.CreateDatabaseAsync();
        var dir = CopyMigrations();
        try
        {
            await MigrationRunner.ApplyAsync(owner, app, dir);
            var first = Directory.GetFiles(Path.Combine(dir, "migrations"), "*.sql").Order().First();
            await File.AppendAllTextAsync(first, "\n-- edited after release\n");
            var error = await Should.ThrowAsync<MigrationException>(() => MigrationRunner.ApplyAsync(owner, app, dir));
            error.Message.ShouldContain(Path.GetFileName(first));
            error.Message.ShouldContain("已被修改");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_half_applied()
    {
        var (owner, app) = await TestCluster.CreateDatabaseAsync();
        var dir = CopyMigrations();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "migrations", "9999_broken.sql"), "CREATE TABLE half_done (id int);\nSELECT no_such_function();");
            await Should.ThrowAsync<PostgresException>(() => MigrationRunner.ApplyAsync(owner, app, dir));
            await using var conn = new NpgsqlConnection(owner);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT to_regclass('half_done') IS NULL AND NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = 9999)", conn);
            ((bool)(await cmd.ExecuteScalarAsync())!).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
