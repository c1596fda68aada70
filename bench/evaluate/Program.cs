using System.Diagnostics;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Laurel.Web.Demo;
using Laurel.Web.Policy;

// Evaluates every policy pack for N generated honorees for one month, on one thread, and reports honoree-months per
// second of the evaluation alone (generation and pack loading are outside the timing).
//   dotnet run -c Release --project bench/evaluate -- [honorees] [yyyy-MM]
// With --database (bench/evaluate/run.sh): loads every honoree of the database in ConnectionStrings__Laurel with their
// facts and honours, evaluates them, and reports the load, the evaluation and the whole, with the peak memory.
//   dotnet bench/evaluate/bin/Release/net10.0/Laurel.Bench.Evaluate.dll --database [yyyy-MM]
if (args.Length > 0 && args[0] == "--database")
{
    return await FromDatabase.RunAsync(args.Length > 1 ? args[1] : "2026-07");
}
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var month = args.Length > 1 ? DateOnly.ParseExact(args[1] + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : new DateOnly(2026, 7, 1);
var packs = PolicyPackLoader.LoadDirectory(PolicyPackLoader.DefaultDirectory);

// The regions of the demo tree's units, where generated honorees are managed.
string[] regions = ["150000", "150100", "150102", "210000", "211200", "211202", "140000", "140200", "110000", "110105", "130000", "131000", "320000", "320500"];
var generator = new HonoreeGenerator(2026, new DateOnly(2026, 11, 20));
var people = new PersonRecord[count];
for (var i = 0; i < count; i++)
{
    var region = regions[i % regions.Length];
    var h = generator.Next(new PlacementUnit(i % regions.Length + 1, region));
    var facts = h.Facts.Select(f => (Fact)(f.Kind switch
    {
        "employment" => new EmploymentFact(f.EffectiveOn, FactCodes.ParseEmploymentStatus(f.EmploymentStatus)!.Value, f.EmployerName, FactCodes.ParseEmployerType(f.EmployerType)),
        "pension" => new PensionFact(f.EffectiveOn, FactCodes.ParsePensionScheme(f.PensionScheme)!.Value, f.PensionMonthly ?? 0),
        "hukou" => new HukouFact(f.EffectiveOn, f.RegionCode!),
        "org_unit" => new OrgUnitFact(f.EffectiveOn, f.OrgUnitId!.Value),
        _ => new DeathFact(f.EffectiveOn),
    })).ToList();
    people[i] = new PersonRecord(h.ResidentId.BirthDate, region, facts,
        h.Honours.Select(o => new HonourFact(o.TitleCode, o.AwardingRegionCode, o.AwardedOn, o.RevokedOn)).ToList());
}

// Two passes over the same people: amounts only (what a payment run needs), then with the Chinese explanations.
for (var pass = 1; pass <= 5; pass++)
{
    Measure($"amounts#{pass}", Amounts);
}
Measure("explained", () =>
{
    var total = 0L;
    foreach (var person in people)
    {
        total += EntitlementEngine.Evaluate(packs, person, month, includeDrafts: false).Entitlements.Count;
    }
    return total;
});

long Amounts()
{
    var due = new List<DueAmount>(32);
    var total = 0L;
    foreach (var person in people)
    {
        due.Clear();
        EntitlementEngine.DueAmounts(packs, person, month, due);
        total += due.Count;
    }
    return total;
}

return 0;

void Measure(string mode, Func<long> run)
{
    // Warm-up on a slice, then a pause for tiered compilation to finish, so the timing measures steady code.
    var slice = people.Take(Math.Min(count, 200_000)).ToArray();
    var due = new List<DueAmount>(32);
    foreach (var person in slice)
    {
        due.Clear();
        EntitlementEngine.DueAmounts(packs, person, month, due);
        EntitlementEngine.Evaluate(packs, person, month, includeDrafts: false);
    }
    Thread.Sleep(1000);
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var sw = Stopwatch.StartNew();
    var entitlements = run();
    sw.Stop();
    var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Console.WriteLine($"mode={mode} honorees={count} month={month:yyyy-MM} packs={packs.Count} entitlements={entitlements} seconds={sw.Elapsed.TotalSeconds:F2} " +
        $"honoree_months_per_second={count / sw.Elapsed.TotalSeconds:F0} allocated_bytes_per_honoree={bytes / count} peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}");
}
