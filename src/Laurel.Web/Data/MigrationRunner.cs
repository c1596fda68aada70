using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// Applies the numbered plain-SQL files of db/migrations in order, each in its own transaction, recording its
/// SHA-256 checksum. A PostgreSQL advisory lock makes instances that start together apply each file once.
/// A file changed after it was applied stops the start: history is corrected by a new migration, never by an edit.
/// </summary>
public static class MigrationRunner
{
    // Any constant shared by all instances; "LAUREL" in ASCII.
    private const long LockKey = 0x4C415552454C;

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "db");

    public static async Task<IReadOnlyList<string>> ApplyAsync(
        string ownerConnectionString, string? appConnectionString, string directory, CancellationToken ct = default)
    {
        var applied = new List<string>();
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await Exec(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            // Checked first, because CREATE ... IF NOT EXISTS needs the CREATE privilege even when the table exists,
            // and a runtime login without it must still be able to start against an up-to-date schema.
            await Exec(conn, """
                DO $$ BEGIN
                    IF to_regclass('schema_migrations') IS NULL THEN
                        CREATE TABLE schema_migrations (
                            version    integer PRIMARY KEY,
                            name       text NOT NULL,
                            checksum   text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now());
                    END IF;
                END $$
                """, ct);

            var done = new Dictionary<int, (string Name, string Checksum)>();
            await using (var cmd = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    done[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }

            foreach (var file in MigrationFiles(directory))
            {
                var sql = await File.ReadAllTextAsync(file.Path, ct);
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
                if (done.TryGetValue(file.Version, out var prior))
                {
                    if (prior.Checksum != checksum)
                    {
                        throw new MigrationException(
                            $"迁移 {file.Name} 已于此前应用，但文件内容已被修改（校验和不一致）。请恢复原文件，并以新的编号迁移提交更正。");
                    }
                    continue;
                }

                await using var tx = await conn.BeginTransactionAsync(ct);
                // No command timeout: on a large table a migration's UPDATE and index builds take minutes (0013 at a
                // million honorees), and Npgsql's default 30 s would roll the upgrade back and stop the start.
                await using (var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 })
                {
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await using (var cmd = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", conn, tx))
                {
                    cmd.Parameters.AddWithValue(file.Version);
                    cmd.Parameters.AddWithValue(file.Name);
                    cmd.Parameters.AddWithValue(checksum);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied.Add(file.Name);
            }

            await GrantToAppRoleAsync(conn, ownerConnectionString, appConnectionString, directory, ct);
        }
        finally
        {
            await Exec(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
        return applied;
    }

    private static async Task GrantToAppRoleAsync(
        NpgsqlConnection conn, string ownerCs, string? appCs, string directory, CancellationToken ct)
    {
        if (appCs is null)
        {
            return;
        }
        var app = new NpgsqlConnectionStringBuilder(appCs).Username;
        var owner = new NpgsqlConnectionStringBuilder(ownerCs).Username;
        if (string.IsNullOrEmpty(app) || app == owner)
        {
            return;
        }
        var quoted = "\"" + app.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var sql = (await File.ReadAllTextAsync(Path.Combine(directory, "grants.sql"), ct)).Replace("{app}", quoted, StringComparison.Ordinal);
        await Exec(conn, sql, ct);
    }

    private static IEnumerable<(int Version, string Name, string Path)> MigrationFiles(string directory)
    {
        var folder = Path.Combine(directory, "migrations");
        var files = Directory.GetFiles(folder, "*.sql")
            .Select(path =>
            {
                var name = Path.GetFileName(path);
                var digits = new string(name.TakeWhile(char.IsAsciiDigit).ToArray());
                if (digits.Length == 0 || !int.TryParse(digits, out var version))
                {
                    throw new MigrationException($"迁移文件名 {name} 应以编号开头，例如 0002_payment_cycles.sql。");
                }
                return (Version: version, Name: name, Path: path);
            })
            .OrderBy(f => f.Version)
            .ToList();
        var dup = files.GroupBy(f => f.Version).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new MigrationException($"迁移编号 {dup.Key} 重复：{string.Join("、", dup.Select(f => f.Name))}。");
        }
        return files;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed class MigrationException(string message) : Exception(message);
