using System.Globalization;
using System.Text.RegularExpressions;
using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Organisation;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Laurel.Web.Policy;

/// <summary>A policy pack file that does not load; the message names the file and every field at fault.</summary>
public sealed class PolicyPackFormatException(string fileName, IReadOnlyList<string> errors)
    : Exception($"{fileName}: " + string.Join(Environment.NewLine + $"{fileName}: ", errors))
{
    public string FileName { get; } = fileName;
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Loads the policy packs (政策包) from <c>policies/&lt;code&gt;.yaml</c> (snake_case YAML, one pack per source document)
/// into <see cref="PolicyPack"/> records, validating strictly: unknown fields, codes, titles, levels and regions, duplicate
/// parameters, tiers and benefits, values out of date order, and parameters a benefit's formula needs but the pack lacks
/// are all errors naming the file and the field. Golden cases (<c>*.cases.yaml</c>) beside the packs are not packs.
/// What the formulas know (their codes, the units, the parameters each reads) is Laurel.Rules.Policies'
/// (<see cref="FormulaKinds"/>, <see cref="ParameterUnits"/>, <see cref="FormulaParameters"/>); this reads the YAML.
/// </summary>
public static partial class PolicyPackLoader
{
    /// <summary>Where the packs ship: beside the app (copied from the repository's policies/ at build).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "policies");

    /// <summary>Every pack in the directory (files ending in .yaml but not .cases.yaml), ordered by code.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="PolicyPackFormatException">A file is invalid, or two files have the same code.</exception>
    public static IReadOnlyList<PolicyPack> LoadDirectory(string dir)
    {
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Policy pack directory not found: {dir}");
        var packs = new List<PolicyPack>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            if (fileName.EndsWith(".cases.yaml", StringComparison.Ordinal))
                continue;
            var pack = Parse(File.ReadAllText(path), fileName);
            if (packs.Any(p => p.Code == pack.Code))
                throw new PolicyPackFormatException(fileName, [$"code: '{pack.Code}' is used by another pack"]);
            packs.Add(pack);
        }
        return packs.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Parses and validates one pack. <paramref name="fileName"/> is used in messages and, when it ends in .yaml, must be the code + ".yaml".</summary>
    /// <exception cref="PolicyPackFormatException">The YAML is malformed or the pack is invalid.</exception>
    public static PolicyPack Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        PackDto? dto;
        try
        {
            dto = Deserializer.Deserialize<PackDto?>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is { } i && i is not YamlException ? $" ({i.Message})" : "";
            throw new PolicyPackFormatException(fileName, [$"line {e.Start.Line}, column {e.Start.Column}: {e.Message}{inner}"]);
        }
        if (dto is null)
            throw new PolicyPackFormatException(fileName, ["the file is empty"]);
        var v = new Validator();
        var pack = Build(dto, fileName, v);
        if (v.Errors.Count > 0 || pack is null)
            throw new PolicyPackFormatException(fileName, v.Errors);
        return pack;
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PackCodePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$")]
    private static partial Regex ParameterNamePattern();

    private static PolicyPack? Build(PackDto dto, string fileName, Validator v)
    {
        var code = v.Required(dto.Code, "code");
        if (code is not null)
        {
            if (!PackCodePattern().IsMatch(code))
                v.Error("code", $"'{code}' must be lower-case letters, digits and hyphens");
            else if (fileName.EndsWith(".yaml", StringComparison.Ordinal) && Path.GetFileName(fileName) != code + ".yaml")
                v.Error("code", $"'{code}' does not match the file name (expected {code}.yaml)");
        }
        var name = v.Required(dto.Name, "name");
        var documentNumber = string.IsNullOrWhiteSpace(dto.DocumentNumber) ? null : dto.DocumentNumber.Trim();
        var issuingBody = v.Required(dto.IssuingBody, "issuing_body");
        var regionCode = v.Region(dto.RegionCode, "region_code", required: true);
        PackStatus? status = dto.Status switch
        {
            "in_force" => PackStatus.InForce,
            "draft" => PackStatus.Draft,
            null => v.Error<PackStatus?>("status", "is required (in_force | draft)"),
            _ => v.Error<PackStatus?>("status", $"unknown status '{dto.Status}' (in_force | draft)"),
        };
        var effectiveFrom = v.Date(dto.EffectiveFrom, "effective_from", required: true);
        var assumed = v.Bool(dto.EffectiveFromAssumed, "effective_from_assumed", required: true);
        var sourceFile = v.Required(dto.SourceFile, "source_file");

        var parameters = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        var parameterDtos = dto.Parameters ?? [];
        for (var i = 0; i < parameterDtos.Count; i++)
        {
            var p = BuildParameter(parameterDtos[i], $"parameters[{i}]", effectiveFrom, v);
            if (p is null)
                continue;
            if (!parameters.TryAdd(p.Name, p))
                v.Error($"parameters[{i}].name", $"duplicate parameter '{p.Name}'");
        }

        var benefits = new List<BenefitDefinition>();
        var benefitDtos = dto.Benefits ?? [];
        if (benefitDtos.Count == 0)
            v.Error("benefits", "a pack grants at least one benefit");
        for (var i = 0; i < benefitDtos.Count; i++)
        {
            var b = BuildBenefit(benefitDtos[i], $"benefits[{i}]", parameters, v);
            if (b is null)
                continue;
            if (benefits.Any(x => x.Code == b.Code))
                v.Error($"benefits[{i}].code", $"duplicate benefit '{b.Code}'");
            // A paying level above the jurisdiction's would pay no one: no federation of it lies inside the jurisdiction.
            if (b.PaidBy is { } level && regionCode is not null && Level(level) < Level(JurisdictionLevel(regionCode)))
                v.Error($"benefits[{i}].paid_by", $"'{OrgUnitKinds.Code(level)}' is above the jurisdiction {regionCode}");
            benefits.Add(b);
        }

        if (v.Errors.Count > 0 || code is null || name is null || issuingBody is null || regionCode is null || status is null
            || effectiveFrom is null || assumed is null || sourceFile is null)
            return null;
        return new PolicyPack(code, name, documentNumber, issuingBody, regionCode, status.Value, effectiveFrom.Value, assumed.Value,
            sourceFile, parameters, benefits);
    }

    private static Parameter? BuildParameter(ParameterDto dto, string at, DateOnly? effectiveFrom, Validator v)
    {
        var name = v.Required(dto.Name, $"{at}.name");
        if (name is not null && !ParameterNamePattern().IsMatch(name))
            v.Error($"{at}.name", $"'{name}' must be dot-separated snake_case words");
        var description = v.Required(dto.Description, $"{at}.description");
        var unit = v.Required(dto.Unit, $"{at}.unit");
        if (unit is not null && ParameterUnits.UnitError(unit) is { } unitError)
            v.Error($"{at}.unit", unitError);
        var values = new List<DatedValue>();
        var valueDtos = dto.Values ?? [];
        for (var j = 0; j < valueDtos.Count; j++)
        {
            var vat = $"{at}.values[{j}]";
            var value = valueDtos[j];
            var from = v.Date(value.From, $"{vat}.from", required: true);
            var amount = v.Decimal(value.Value, $"{vat}.value");
            if (amount is null && value.Value is null)
                v.Error($"{vat}.value", "is required (a parameter the source gives no figure for ships with values: [])");
            if (amount is { } a)
                foreach (var error in ParameterUnits.ValueErrors(unit, a))
                    v.Error($"{vat}.value", error);
            var clause = v.Required(value.Clause, $"{vat}.clause");
            var quote = v.Required(value.Quote, $"{vat}.quote");
            if (from is null || amount is null || clause is null)
                continue;
            if (values.Count > 0 && from <= values[^1].From)
                v.Error($"{vat}.from", $"{Iso(from.Value)} is not after the previous value's {Iso(values[^1].From)}: values must be in date order");
            values.Add(new DatedValue(from.Value, amount, new Reference(clause, quote)));
        }
        if (values.Count > 0 && effectiveFrom is { } effective && values[0].From > effective)
            v.Error($"{at}.values[0].from",
                $"{Iso(values[0].From)} is after the pack's effective_from {Iso(effective)}: the parameter would have no value in the pack's first months");
        return name is null || description is null || unit is null ? null : new Parameter(name, description, unit, values);
    }

    private static OrgUnitKind JurisdictionLevel(string region) =>
        Regions.IsProvinceLevel(region) ? OrgUnitKind.Provincial : Regions.IsCityLevel(region) ? OrgUnitKind.Municipal : OrgUnitKind.County;

    private static int Level(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Provincial => 1,
        OrgUnitKind.Municipal => 2,
        _ => 3,
    };

    private static BenefitDefinition? BuildBenefit(BenefitDto dto, string at, Dictionary<string, Parameter> parameters, Validator v)
    {
        var code = v.Required(dto.Code, $"{at}.code");
        if (code is not null && !SnakePattern().IsMatch(code))
            v.Error($"{at}.code", $"'{code}' must be snake_case");
        var name = v.Required(dto.Name, $"{at}.name");
        var kind = BenefitKinds.Parse(dto.Kind);
        if (kind is null)
            v.Error($"{at}.kind", dto.Kind is null ? "is required" : $"unknown kind '{dto.Kind}' (monthly_cash | one_time_cash | service | privilege | protection)");
        var formula = FormulaKinds.Parse(dto.Formula);
        if (formula is null)
            v.Error($"{at}.formula", dto.Formula is null ? "is required" : FormulaKinds.UnknownCodeError(dto.Formula));
        if (kind is { } k && formula is { } f && !FormulaKinds.Fits(f, k))
            v.Error($"{at}.kind", $"'{dto.Kind}' does not fit formula '{dto.Formula}' (expected {FormulaKinds.ExpectedKinds(f)})");
        var clause = v.Required(dto.Clause, $"{at}.clause");
        var quote = v.Required(dto.Quote, $"{at}.quote");
        var note = string.IsNullOrWhiteSpace(dto.Note) ? null : dto.Note.Trim();
        OrgUnitKind? paidBy = null;
        if (dto.PaidBy is not null)
        {
            paidBy = OrgUnitKinds.Parse(dto.PaidBy);
            if (paidBy is not (OrgUnitKind.Provincial or OrgUnitKind.Municipal or OrgUnitKind.County))
                v.Error($"{at}.paid_by", $"'{dto.PaidBy}' is not a federation level (provincial | municipal | county)");
            else if (kind is { } cash && !BenefitKinds.IsCash(cash))
                v.Error($"{at}.paid_by", "only cash benefits are paid by a unit");
        }

        var tiers = new List<Tier>();
        var tierDtos = dto.Tiers ?? [];
        for (var i = 0; i < tierDtos.Count; i++)
        {
            var tier = BuildTier(tierDtos[i], $"{at}.tiers[{i}]", v);
            if (tier is null)
                continue;
            if (tiers.Any(t => t.Name == tier.Name))
                v.Error($"{at}.tiers[{i}].name", $"duplicate tier '{tier.Name}'");
            tiers.Add(tier);
        }
        var conditions = BuildConditions(dto.Conditions, $"{at}.conditions", v);

        if (code is null || formula is null)
            return null;
        foreach (var error in FormulaParameters.Check(code, formula.Value, tiers, conditions, parameters))
            v.Error(error.Field.Length == 0 ? at : $"{at}.{error.Field}", error.Message);
        return name is null || kind is null || clause is null || quote is null
            ? null
            : new BenefitDefinition(code, name, kind.Value, formula.Value, new Reference(clause, quote), tiers, conditions, note, paidBy);
    }

    private static Tier? BuildTier(TierDto dto, string at, Validator v)
    {
        var name = v.Required(dto.Name, $"{at}.name");
        if (name is not null && !SnakePattern().IsMatch(name))
            v.Error($"{at}.name", $"'{name}' must be snake_case");
        var titles = new List<Title>();
        var titleCodes = dto.Titles ?? [];
        for (var i = 0; i < titleCodes.Count; i++)
        {
            if (TitleCatalogue.Find(titleCodes[i]) is { } title)
                titles.Add(title);
            else
                v.Error($"{at}.titles[{i}]", $"unknown title code '{titleCodes[i]}'");
        }
        var levels = new List<HonourLevel>();
        var levelCodes = dto.Levels ?? [];
        for (var i = 0; i < levelCodes.Count; i++)
        {
            if (HonourLevels.Parse(levelCodes[i]) is { } level)
                levels.Add(level);
            else
                v.Error($"{at}.levels[{i}]", $"unknown level '{levelCodes[i]}' (national | provincial | municipal | county)");
        }
        if (titleCodes.Count == 0 && levelCodes.Count == 0)
            v.Error(at, "a tier lists titles or levels");
        if (titleCodes.Count > 0 && levelCodes.Count > 0)
            v.Error($"{at}.levels", "give titles or levels, not both (levels count only when no titles are given)");
        var within = v.Region(dto.AwardedWithin, $"{at}.awarded_within", required: false);
        if (within is not null)
        {
            var tierLevels = titleCodes.Count > 0 ? titles.Select(t => t.Level) : levels;
            if (tierLevels.Contains(HonourLevel.National))
                v.Error($"{at}.awarded_within", "national titles have no awarding region: put them in a tier without awarded_within");
        }
        if (titles.Select(t => t.Code).Distinct().Count() != titles.Count || levels.Distinct().Count() != levels.Count)
            v.Error(at, "a title or level is listed twice");
        return name is null ? null : new Tier(name, titles.Select(t => t.Code).ToList(), levels, within);
    }

    private static Conditions BuildConditions(ConditionsDto? dto, string at, Validator v)
    {
        if (dto is null)
            return new Conditions();
        List<EmploymentStatus>? statuses = null;
        if (dto.EmploymentStatus is { } statusCodes)
        {
            statuses = [];
            for (var i = 0; i < statusCodes.Count; i++)
            {
                if (FactCodes.ParseEmploymentStatus(statusCodes[i]) is { } s)
                    statuses.Add(s);
                else
                    v.Error($"{at}.employment_status[{i}]", $"unknown employment status '{statusCodes[i]}' (employed | retired | unemployed)");
            }
        }
        List<EmployerType>? types = null;
        if (dto.EmployerTypes is { } typeCodes)
        {
            types = [];
            for (var i = 0; i < typeCodes.Count; i++)
            {
                if (FactCodes.ParseEmployerType(typeCodes[i]) is { } t)
                    types.Add(t);
                else
                    v.Error($"{at}.employer_types[{i}]", $"unknown employer type '{typeCodes[i]}' (government | public_institution | enterprise | other)");
            }
        }
        var hukou = v.Region(dto.HukouWithin, $"{at}.hukou_within", required: false);
        var retired = v.Bool(dto.RetiredOrPensionAge, $"{at}.retired_or_pension_age", required: false) ?? false;
        return new Conditions(statuses, types, hukou, retired);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Collects errors as "field: message".</summary>
    private sealed class Validator
    {
        public List<string> Errors { get; } = [];

        public void Error(string field, string message) => Errors.Add($"{field}: {message}");

        public T? Error<T>(string field, string message)
        {
            Error(field, message);
            return default;
        }

        public string? Required(string? value, string field)
        {
            if (!string.IsNullOrWhiteSpace(value))
                return value.Trim();
            Error(field, "is required");
            return null;
        }

        public DateOnly? Date(string? value, string field, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
                return required ? Error<DateOnly?>(field, "is required (YYYY-MM-DD)") : null;
            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d;
            return Error<DateOnly?>(field, $"'{value}' is not a date (YYYY-MM-DD)");
        }

        public bool? Bool(string? value, string field, bool required) => value?.Trim() switch
        {
            "true" => true,
            "false" => false,
            null or "" => required ? Error<bool?>(field, "is required (true | false)") : null,
            _ => Error<bool?>(field, $"'{value}' is not true or false"),
        };

        public decimal? Decimal(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
                return null;
            if (decimal.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
                return d;
            return Error<decimal?>(field, $"'{value}' is not a number");
        }

        public string? Region(string? value, string field, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
                return required ? Error<string?>(field, "is required (a GB/T 2260 region code)") : null;
            var code = value.Trim();
            if (!Regions.IsValidCode(code))
                return Error<string?>(field, $"'{value}' is not a GB/T 2260 region code");
            if (Regions.NameOf(code) is null)
                return Error<string?>(field, $"'{value}' is not in the region table");
            return code;
        }
    }

    // The file's shape. Scalars are read as text and parsed here, so that errors name the field.
    private sealed class PackDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? DocumentNumber { get; set; }
        public string? IssuingBody { get; set; }
        public string? RegionCode { get; set; }
        public string? Status { get; set; }
        public string? EffectiveFrom { get; set; }
        public string? EffectiveFromAssumed { get; set; }
        public string? SourceFile { get; set; }
        public List<ParameterDto>? Parameters { get; set; }
        public List<BenefitDto>? Benefits { get; set; }
    }

    private sealed class ParameterDto
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Unit { get; set; }
        public List<ValueDto>? Values { get; set; }
    }

    private sealed class ValueDto
    {
        public string? From { get; set; }
        public string? Value { get; set; }
        public string? Clause { get; set; }
        public string? Quote { get; set; }
    }

    private sealed class BenefitDto
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public string? Formula { get; set; }
        public string? Clause { get; set; }
        public string? Quote { get; set; }
        public string? Note { get; set; }
        public string? PaidBy { get; set; }
        public List<TierDto>? Tiers { get; set; }
        public ConditionsDto? Conditions { get; set; }
    }

    private sealed class TierDto
    {
        public string? Name { get; set; }
        public List<string>? Titles { get; set; }
        public List<string>? Levels { get; set; }
        public string? AwardedWithin { get; set; }
    }

    private sealed class ConditionsDto
    {
        public List<string>? EmploymentStatus { get; set; }
        public List<string>? EmployerTypes { get; set; }
        public string? HukouWithin { get; set; }
        public string? RetiredOrPensionAge { get; set; }
    }
}
