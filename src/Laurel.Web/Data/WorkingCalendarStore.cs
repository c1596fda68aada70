using System.Globalization;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Microsoft.Extensions.FileProviders;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>A row of calendar_days as the calendar page and the API show it; kind is holiday, workday or ordinary (removed).</summary>
public sealed record CalendarDayRow(DateOnly Day, string Kind, string? Name, string Source, string? Reason, string? UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>
/// The working-day calendar every feature counts with (public notices, service deadlines): the table calendar_days,
/// imported from the pinned chinese-days package at start and corrected by system administrators (ADR 20), as a
/// <see cref="WorkingCalendar"/>. Read from the table on every call, not cached: it is under a thousand small rows,
/// and a correction made through another instance then counts at once everywhere.
/// </summary>
public sealed class WorkingCalendarStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The package's data file, under the web root where scripts/fetch-lib.sh puts the pinned packages.</summary>
    public const string PackageData = "lib/chinese-days/dist/chinese-days.json";
    public const string PackageManifest = "lib/chinese-days/package.json";

    /// <summary>The calendar as the table holds it now; days removed by an administrator follow the weekday rule.</summary>
    public async Task<WorkingCalendar> LoadAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT day, kind, name FROM calendar_days WHERE kind <> 'ordinary'");
        var rows = await Rows.ListAsync<KindRow>(command, ct);
        return new WorkingCalendar(rows.Select(r => new ExceptionalDay(r.Day, DayKinds.Parse(r.Kind)!.Value, r.Name)));
    }

    /// <summary>Next year in Beijing (today's year + 1) when its table is missing, else null: the pages warn with it.</summary>
    public async Task<int?> MissingNextYearAsync(CancellationToken ct = default) => MissingNextYear(await LoadAsync(ct));

    /// <summary>The same, over a calendar already loaded.</summary>
    public int? MissingNextYear(WorkingCalendar calendar)
    {
        var next = DateBounds.BeijingToday(clock.GetUtcNow()).Year + 1;
        return calendar.HasYear(next) ? null : next;
    }

    /// <summary>Every row of a year, removed days included, by date.</summary>
    public async Task<List<CalendarDayRow>> YearAsync(int year, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.day, c.kind, c.name, c.source, c.reason, u.display_name AS updated_by, c.updated_at
            FROM calendar_days c LEFT JOIN users u ON u.id = c.updated_by
            WHERE c.day >= make_date($1, 1, 1) AND c.day < make_date($1 + 1, 1, 1)
            ORDER BY c.day
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = year });
        return await Rows.ListAsync<CalendarDayRow>(command, ct);
    }

    /// <summary>The years the table holds a holiday or make-up workday of, for the page's year choice.</summary>
    public async Task<List<int>> YearsAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT extract(year FROM day)::int AS value FROM calendar_days WHERE kind <> 'ordinary' ORDER BY 1");
        return (await Rows.ListAsync<YearRow>(command, ct)).Select(r => r.Value).ToList();
    }

    // "LAURCD" in ASCII; any constant shared by all instances.
    private const long LockKey = 0x4C4155524344;

    /// <summary>
    /// Imports the package's holidays and make-up workdays into calendar_days, at every start after the migrations. A day
    /// an administrator corrected or removed (source 'admin') is never touched; a day of an older package version is
    /// brought up to the new one; an unchanged day is not written. Under an advisory lock in one transaction, so that
    /// instances starting together import once and a start that stops halfway leaves the table as it was. A missing data
    /// file (a build without the package) imports nothing and says so. Returns the number of rows written.
    /// </summary>
    public static async Task<int> ImportPackageAsync(NpgsqlDataSource dataSource, IFileProvider webRoot, ILogger log, CancellationToken ct = default)
    {
        var data = webRoot.GetFileInfo(PackageData);
        var manifest = webRoot.GetFileInfo(PackageManifest);
        if (!data.Exists || !manifest.Exists)
        {
            log.LogWarning("节假日数据文件 {File} 不存在（请运行 ./laurel lib）：未导入节假日与调休，工作日暂按周一至周五计算", PackageData);
            return 0;
        }
        var (source, days) = await ReadPackageAsync(data, manifest, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", conn, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO calendar_days (day, kind, name, source)
            SELECT day, kind, name, $4 FROM unnest($1::date[], $2::text[], $3::text[]) AS t (day, kind, name)
            ORDER BY day
            ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source, updated_at = now()
            WHERE calendar_days.source <> 'admin'
              AND (calendar_days.kind, calendar_days.name, calendar_days.source) IS DISTINCT FROM (excluded.kind, excluded.name, excluded.source)
            """, conn, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Day).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => DayKinds.Code(d.Kind)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Name!).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        var written = await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        if (written > 0)
        {
            log.LogInformation("已从 {Source} 导入节假日与调休 {Count} 天", source, written);
        }
        return written;
    }

    /// <summary>
    /// The package's days: its JSON maps "holidays" and "workdays" each from a date to "English name,中文名,number"; the
    /// Chinese name is kept. Its "inLieuDays" (the weekdays off that the make-up days pay for) are among the holidays already.
    /// </summary>
    private static async Task<(string Source, List<ExceptionalDay> Days)> ReadPackageAsync(IFileInfo data, IFileInfo manifest, CancellationToken ct)
    {
        using var package = await JsonDocument.ParseAsync(manifest.CreateReadStream(), cancellationToken: ct);
        var source = $"chinese-days {package.RootElement.GetProperty("version").GetString()}";
        using var json = await JsonDocument.ParseAsync(data.CreateReadStream(), cancellationToken: ct);
        var days = new List<ExceptionalDay>();
        foreach (var (property, kind) in new[] { ("holidays", DayKind.Holiday), ("workdays", DayKind.Workday) })
        {
            foreach (var entry in json.RootElement.GetProperty(property).EnumerateObject())
            {
                var day = DateOnly.ParseExact(entry.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var parts = (entry.Value.GetString() ?? "").Split(',');
                var name = parts.Length > 1 && parts[1].Trim().Length > 0 ? parts[1].Trim() : parts[0].Trim();
                days.Add(new ExceptionalDay(day, kind, name));
            }
        }
        return (source, days);
    }

    private sealed record KindRow(DateOnly Day, string Kind, string? Name);
    private sealed record YearRow(int Value);
}
