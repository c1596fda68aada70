using Laurel.Rules.Registry;

namespace Laurel.Web.Data;

/// <summary>
/// Between the stored fact rows (honoree_facts) and the rules' dated facts: the one row-to-fact mapping, for the
/// entities EF Core reads and for the bulk reads of <see cref="PersonLoader"/>. Codes and names: <see cref="FactCodes"/>.
/// </summary>
public static class FactMapping
{
    public static Fact ToRule(HonoreeFact f) =>
        ToRule(f.Kind, f.EffectiveOn, f.EmploymentStatus, f.EmployerName, f.EmployerType, f.PensionScheme, f.PensionMonthly, f.RegionCode, f.OrgUnitId);

    /// <summary>One honoree_facts row's columns as a fact; the table's checks guarantee the columns its kind needs.</summary>
    public static Fact ToRule(string kind, DateOnly effectiveOn, string? employmentStatus, string? employerName, string? employerType,
        string? pensionScheme, decimal? pensionMonthly, string? regionCode, long? orgUnitId) => kind switch
    {
        "employment" => new EmploymentFact(effectiveOn, FactCodes.ParseEmploymentStatus(employmentStatus)!.Value, employerName,
            FactCodes.ParseEmployerType(employerType)),
        "pension" => new PensionFact(effectiveOn, FactCodes.ParsePensionScheme(pensionScheme)!.Value, pensionMonthly ?? 0m),
        "hukou" => new HukouFact(effectiveOn, regionCode!),
        "org_unit" => new OrgUnitFact(effectiveOn, orgUnitId!.Value),
        "death" => new DeathFact(effectiveOn),
        _ => throw new InvalidOperationException($"Unknown fact kind {kind}"),
    };

    /// <summary>
    /// The facts of one honoree in force, in recording order, as the timeline wants them: the order they were stored in,
    /// which is the order of their ids (an identity column); bulk reads use the same order (PersonLoader, index
    /// honoree_facts_recorded). A withdrawn fact (entered in error, ADR 17) is left out: every computation, of any
    /// month, ignores it from its withdrawal on.
    /// </summary>
    public static IEnumerable<Fact> InRecordingOrder(IEnumerable<HonoreeFact> facts) =>
        facts.Where(f => f.WithdrawnAt is null).OrderBy(f => f.Id).Select(ToRule);

    /// <summary>The SQL condition of a fact row in force (not withdrawn), for the bulk reads; <paramref name="alias"/> names the table.</summary>
    public static string InForceSql(string? alias = null) => alias is null ? "withdrawn_at IS NULL" : $"{alias}.withdrawn_at IS NULL";
}
