using Laurel.Rules.Registry;

namespace Laurel.Rules.Policies;

/// <summary>A fault found in a benefit: the field at fault relative to the benefit ("" for the benefit itself), and why.</summary>
public readonly record struct BenefitError(string Field, string Message);

/// <summary>
/// The parameters the formulas read, by name, and the check that a benefit's pack has each of them in the right unit
/// (a parameter may ship without values when the source gives no figure; it must still exist).
/// </summary>
public static class FormulaParameters
{
    /// <summary>The age from which an honoree outside the employee pension schemes counts as retired (years).</summary>
    public const string ResidentPensionAge = "resident_pension_age";

    /// <summary>What a tier of a benefit paying by tier pays.</summary>
    public static string TierAmount(string benefitCode, string tierName) => $"{benefitCode}.amount.{tierName}";

    /// <summary>What a benefit paid on application, or a condolence payment, pays.</summary>
    public static string Amount(string benefitCode) => $"{benefitCode}.amount";

    /// <summary>The value a tier of a grant gives (salary grades, say), when the grant has one.</summary>
    public static string TierValue(string benefitCode, string tierName) => $"{benefitCode}.value.{tierName}";

    /// <summary>The monthly pension a pension top-up makes up to, for one pension scheme.</summary>
    public static string StandardLine(string benefitCode, PensionScheme scheme) => $"{benefitCode}.standard_line.{FactCodes.Code(scheme)}";

    /// <summary>The pension schemes a pension top-up has a standard line for, in the order of <see cref="PensionScheme"/>.</summary>
    public static IReadOnlyList<PensionScheme> SchemesWithStandardLine { get; } =
        [PensionScheme.CivilService, PensionScheme.Enterprise, PensionScheme.Resident];

    /// <summary>
    /// The faults of a benefit's formula against its pack's parameters: a parameter the formula reads that the pack lacks
    /// or gives in another unit, a formula paying by tier without tiers, a grant whose tiers have values for some
    /// tiers only, and a retirement formula without the retirement condition. Empty when there is none.
    /// </summary>
    public static IReadOnlyList<BenefitError> Check(string benefitCode, FormulaKind formula, IReadOnlyList<Tier> tiers,
        Conditions conditions, IReadOnlyDictionary<string, Parameter> parameters)
    {
        var errors = new List<BenefitError>();
        void Need(string name, string why, params string[] units)
        {
            if (!parameters.TryGetValue(name, out var p))
                errors.Add(new("", $"{why} needs parameter '{name}', which the pack lacks (ship it with values: [] when the source gives no figure)"));
            else if (!units.Contains(p.Unit))
                errors.Add(new("", $"parameter '{name}' has unit '{p.Unit}', expected {string.Join(" or ", units)}"));
        }

        switch (formula)
        {
            case FormulaKind.HonoraryAllowance:
            case FormulaKind.ElectionAward:
                if (tiers.Count == 0)
                    errors.Add(new("tiers", "a formula paying by tier needs at least one tier"));
                foreach (var tier in tiers)
                    Need(TierAmount(benefitCode, tier.Name), $"tier '{tier.Name}'",
                        formula == FormulaKind.HonoraryAllowance ? ParameterUnits.CnyPerMonth : ParameterUnits.Cny);
                break;
            case FormulaKind.PensionTopUp:
                foreach (var scheme in SchemesWithStandardLine)
                    Need(StandardLine(benefitCode, scheme), "formula pension_top_up", ParameterUnits.CnyPerMonth);
                break;
            case FormulaKind.OnApplication:
            case FormulaKind.CondolencePayment:
                Need(Amount(benefitCode), $"formula {FormulaKinds.Code(formula)}", ParameterUnits.Cny);
                break;
            case FormulaKind.Grant:
                var valued = tiers.Where(t => parameters.ContainsKey(TierValue(benefitCode, t.Name))).ToList();
                if (valued.Count > 0 && valued.Count < tiers.Count)
                    foreach (var tier in tiers.Except(valued))
                        errors.Add(new("", $"tier '{tier.Name}' needs parameter '{TierValue(benefitCode, tier.Name)}': the other tiers have a value"));
                break;
        }
        if (formula is FormulaKind.HonoraryAllowance or FormulaKind.PensionTopUp || conditions.RetiredOrPensionAge)
            Need(ResidentPensionAge, "the retirement-or-pension-age condition", ParameterUnits.Years);
        if (formula is FormulaKind.HonoraryAllowance or FormulaKind.PensionTopUp && !conditions.RetiredOrPensionAge)
            errors.Add(new("conditions.retired_or_pension_age", $"formula {FormulaKinds.Code(formula)} is due only to retired honorees: set it to true"));
        return errors;
    }
}
