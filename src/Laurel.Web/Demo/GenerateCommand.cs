using System.Diagnostics;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>
/// `Laurel.Web generate --honorees N [--under 单位名称]`: fills the configured database with N more generated honorees
/// (after loading the demo tree and accounts when the database is empty), for benchmarks; with --under, all of them in
/// that unit's subtree.
/// </summary>
public static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = 1_000_000;
        var index = Array.IndexOf(args, "--honorees");
        if (index >= 0 && (index + 1 >= args.Length || !int.TryParse(args[index + 1], out count) || count < 1))
        {
            await Console.Error.WriteLineAsync("用法：generate --honorees <人数>");
            return 2;
        }
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var (settings, error) = LaurelSettings.From(config);
        if (settings is null)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }
        await MigrationRunner.ApplyAsync(settings.OwnerConnectionString, settings.ConnectionString, MigrationRunner.DefaultDirectory);
        var ownerSource = NpgsqlDataSource.Create(settings.OwnerConnectionString);
        var builder = WebApplication.CreateBuilder();
        // No command timeout: completing a batch's COPY of honours runs the title-codes trigger, which rewrites 100,000
        // honoree rows and their index entries; on a busy machine that took more than the default 30 s.
        var dataSource = LaurelDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { CommandTimeout = 0 }.ConnectionString);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings.Protector);
        builder.Services.AddDbContext<LaurelDb>(o => o.UseNpgsql(dataSource));
        builder.Services.AddIdentityCore<LaurelUser>().AddEntityFrameworkStores<LaurelDb>();
        builder.Services.AddSingleton<WorkingCalendarStore>();
        await using var app = builder.Build();
        // The demo's notices count their windows in working days: the holiday table first, as the app's start does.
        await WorkingCalendarStore.ImportPackageAsync(dataSource, app.Environment.WebRootFileProvider, app.Logger);
        await using var scope = app.Services.CreateAsyncScope();
        var sw = Stopwatch.StartNew();
        await DemoData.LoadIfEmptyAsync(scope.ServiceProvider, honorees: 0);
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var units = await db.OrgUnits.AsNoTracking().ToListAsync();
        var placements = DemoData.PlacementUnits(units);
        // --under <unit name>: every honoree in that unit's subtree (a payment benchmark wants one paying unit's million).
        var under = Array.IndexOf(args, "--under") is >= 0 and var u && u + 1 < args.Length ? units.FirstOrDefault(x => x.Name == args[u + 1]) : null;
        if (Array.IndexOf(args, "--under") >= 0)
        {
            if (under is null)
            {
                await Console.Error.WriteLineAsync("用法：generate --honorees <人数> [--under <单位名称>]（单位不存在）");
                return 2;
            }
            var inside = units.Where(x => x.Path.StartsWith(under.Path, StringComparison.Ordinal)).Select(x => x.Id).ToHashSet();
            placements = placements.Where(p => inside.Contains(p.Id)).ToList();
        }
        var clock = TimeProvider.System;
        var today = Dates.Today(clock);
        var generator = new HonoreeGenerator(Environment.TickCount, today);
        var random = new Random(11);
        const int batch = 100_000;
        for (var done = 0; done < count; done += batch)
        {
            var n = Math.Min(batch, count - done);
            await BulkLoader.LoadAsync(dataSource, settings.Protector, Enumerable.Range(0, n).Select(_ => generator.Next(placements[random.Next(placements.Count)])), clock.GetUtcNow());
            Console.WriteLine($"已生成 {done + n:N0} / {count:N0} 名（{sw.Elapsed.TotalSeconds:F0} 秒）");
        }
        // The honours trigger rewrote every new honoree row once: vacuum before anyone measures reads.
        // One statement each: VACUUM cannot run inside the implicit transaction of a multi-statement command.
        foreach (var table in new[] { "honorees", "honours", "honoree_facts" })
        {
            await using var cmd = ownerSource.CreateCommand($"VACUUM (ANALYZE) {table}");
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"完成：{count:N0} 名，用时 {sw.Elapsed.TotalSeconds:F1} 秒");
        return 0;
    }
}
