using System.Globalization;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Laurel.Web.Policy;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Laurel.Web.Tests.Policies;

/// <summary>One golden case of a pack: a person, a month, and the benefits expected due and not due.</summary>
public sealed record GoldenCase(
    string Pack, string Name, string? Clause, DateOnly Month, PersonRecord Person,
    IReadOnlyList<(string Name, DatedValue Value)> ParameterValues,
    IReadOnlyList<(string Benefit, decimal? Amount)> Entitled, IReadOnlyList<string> NotEntitled)
{
    public string Id => $"{Pack}: {Name}";
}

/// <summary>Reads <c>policies/&lt;pack&gt;.cases.yaml</c> (the schema policy staff write; see policies/nmg-2026.cases.yaml).</summary>
public static class GoldenCaseReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>The repository's policies/ directory as copied beside the tests, else found by walking up from the binaries.</summary>
    public static string PoliciesDirectory()
    {
        if (Directory.Exists(PolicyPackLoader.DefaultDirectory)
            && Directory.EnumerateFiles(PolicyPackLoader.DefaultDirectory, "*.yaml").Any())
            return PolicyPackLoader.DefaultDirectory;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")) && Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("policies/ not found beside the tests or above them");
    }

    public static IReadOnlyList<GoldenCase> LoadDirectory(string dir) =>
        Directory.EnumerateFiles(dir, "*.cases.yaml").Order(StringComparer.Ordinal)
            .SelectMany(path => Parse(File.ReadAllText(path), Path.GetFileName(path)))
            .ToList();

    public static IReadOnlyList<GoldenCase> Parse(string yaml, string fileName)
    {
        var file = Deserializer.Deserialize<FileDto>(yaml) ?? throw new InvalidDataException($"{fileName}: empty");
        var pack = file.Pack ?? throw new InvalidDataException($"{fileName}: pack is required");
        if (fileName != pack + ".cases.yaml")
            throw new InvalidDataException($"{fileName}: pack '{pack}' does not match the file name");
        var cases = new List<GoldenCase>();
        foreach (var (c, i) in (file.Cases ?? []).Select((c, i) => (c, i)))
        {
            var at = $"{fileName}: cases[{i}] ({c.Name})";
            try
            {
                cases.Add(ToCase(pack, c));
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException)
            {
                throw new InvalidDataException($"{at}: {e.Message}", e);
            }
        }
        var duplicate = cases.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException($"{fileName}: two cases are named '{duplicate.Key}'");
        return cases;
    }

    private static GoldenCase ToCase(string pack, CaseDto c)
    {
        var name = Required(c.Name, "name");
        var month = DateOnly.ParseExact(Required(c.Month, "month") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var p = c.Person ?? throw new InvalidDataException("person is required");
        var birth = Date(Required(p.BirthDate, "person.birth_date"));
        var facts = new List<Fact>();
        foreach (var e in p.Employment ?? [])
        {
            var status = FactCodes.ParseEmploymentStatus(e.Status) ?? throw new InvalidDataException($"unknown employment status '{e.Status}'");
            EmployerType? type = e.EmployerType is null ? null
                : FactCodes.ParseEmployerType(e.EmployerType) ?? throw new InvalidDataException($"unknown employer type '{e.EmployerType}'");
            facts.Add(new EmploymentFact(Date(Required(e.Since, "employment.since")), status, null, type));
        }
        foreach (var e in p.Pension ?? [])
        {
            var scheme = FactCodes.ParsePensionScheme(e.Scheme) ?? throw new InvalidDataException($"unknown pension scheme '{e.Scheme}'");
            facts.Add(new PensionFact(Date(Required(e.Since, "pension.since")), scheme, Decimal(Required(e.MonthlyAmount, "pension.monthly_amount"))));
        }
        if (p.HukouRegionCode is { } hukou)
            facts.Add(new HukouFact(birth, hukou));
        if (p.DiedOn is { } died)
            facts.Add(new DeathFact(Date(died)));
        var honours = (c.Honours ?? []).Select(h => new HonourFact(
            Required(h.Title, "honours.title"), h.AwardingRegion, Date(Required(h.AwardedOn, "honours.awarded_on")),
            h.RevokedOn is null ? null : Date(h.RevokedOn))).ToList();
        var person = new PersonRecord(birth, Required(p.RegionCode, "person.region_code"), facts, honours);

        var values = (c.ParameterValues ?? []).Select(v => (
            Required(v.Name, "parameter_values.name"),
            new DatedValue(Date(Required(v.From, "parameter_values.from")), Decimal(Required(v.Value, "parameter_values.value")),
                new Reference(Required(v.Clause, "parameter_values.clause"))))).ToList();

        var expect = c.Expect ?? throw new InvalidDataException("expect is required");
        var entitled = (expect.Entitled ?? []).Select(e => (Required(e.Benefit, "expect.entitled.benefit"),
            e.Amount is null ? (decimal?)null : Decimal(e.Amount))).ToList();
        if (entitled.Count == 0 && (expect.NotEntitled ?? []).Count == 0)
            throw new InvalidDataException("expect lists no benefit");
        return new GoldenCase(pack, name, c.Clause, month, person, values, entitled, expect.NotEntitled ?? []);
    }

    /// <summary>The packs with a case's locally added values merged into the case's pack, as the application merges them.</summary>
    public static IReadOnlyList<PolicyPack> WithValues(IReadOnlyList<PolicyPack> packs, GoldenCase c)
    {
        foreach (var (name, _) in c.ParameterValues)
        {
            if (packs.Single(p => p.Code == c.Pack).Parameter(name) is null)
                throw new InvalidDataException($"{c.Id}: pack {c.Pack} has no parameter '{name}'");
        }
        return packs.Select(pack => pack.Code == c.Pack ? pack.WithValues(c.ParameterValues) : pack).ToList();
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{field} is required") : value.Trim();

    private static DateOnly Date(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Decimal(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    private sealed class FileDto
    {
        public string? Pack { get; set; }
        public List<CaseDto>? Cases { get; set; }
    }

    private sealed class CaseDto
    {
        public string? Name { get; set; }
        public string? Clause { get; set; }
        public string? Month { get; set; }
        public PersonDto? Person { get; set; }
        public List<HonourDto>? Honours { get; set; }
        public List<ValueDto>? ParameterValues { get; set; }
        public ExpectDto? Expect { get; set; }
    }

    private sealed class PersonDto
    {
        public string? BirthDate { get; set; }
        public string? RegionCode { get; set; }
        public string? HukouRegionCode { get; set; }
        public List<EmploymentDto>? Employment { get; set; }
        public List<PensionDto>? Pension { get; set; }
        public string? DiedOn { get; set; }
    }

    private sealed class EmploymentDto
    {
        public string? Status { get; set; }
        public string? EmployerType { get; set; }
        public string? Since { get; set; }
    }

    private sealed class PensionDto
    {
        public string? Scheme { get; set; }
        public string? MonthlyAmount { get; set; }
        public string? Since { get; set; }
    }

    private sealed class HonourDto
    {
        public string? Title { get; set; }
        public string? AwardingRegion { get; set; }
        public string? AwardedOn { get; set; }
        public string? RevokedOn { get; set; }
    }

    private sealed class ValueDto
    {
        public string? Name { get; set; }
        public string? From { get; set; }
        public string? Value { get; set; }
        public string? Clause { get; set; }
    }

    private sealed class ExpectDto
    {
        public List<EntitledDto>? Entitled { get; set; }
        public List<string>? NotEntitled { get; set; }
    }

    private sealed class EntitledDto
    {
        public string? Benefit { get; set; }
        public string? Amount { get; set; }
    }
}
