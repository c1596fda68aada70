using Laurel.Rules.Registry;
using Laurel.Web.Data;

namespace Laurel.Web.Features.Honorees;

/// <summary>Between the stored fact rows and the rules' dated facts.</summary>
public static class FactMapping
{
    public static Fact ToRule(HonoreeFact f) => f.Kind switch
    {
        "employment" => new EmploymentFact(f.EffectiveOn, FactCodes.ParseEmploymentStatus(f.EmploymentStatus)!.Value,
            f.EmployerName, FactCodes.ParseEmployerType(f.EmployerType)),
        "pension" => new PensionFact(f.EffectiveOn, FactCodes.ParsePensionScheme(f.PensionScheme)!.Value, f.PensionMonthly ?? 0m),
        "hukou" => new HukouFact(f.EffectiveOn, f.RegionCode!),
        "org_unit" => new OrgUnitFact(f.EffectiveOn, f.OrgUnitId!.Value),
        "death" => new DeathFact(f.EffectiveOn),
        _ => throw new InvalidOperationException($"Unknown fact kind {f.Kind}"),
    };

    /// <summary>
    /// The facts of one honoree in recording order, as the timeline wants them: the order they were stored in, which
    /// is the order of their ids (an identity column); bulk reads use the same order (PersonLoader, index
    /// honoree_facts_recorded).
    /// </summary>
    public static IEnumerable<Fact> InRecordingOrder(IEnumerable<HonoreeFact> facts) =>
        facts.OrderBy(f => f.Id).Select(ToRule);

    public static string KindName(string kind) => kind switch
    {
        "employment" => "就业状况",
        "pension" => "养老保险",
        "hukou" => "户籍",
        "org_unit" => "管理单位",
        "death" => "去世",
        _ => kind,
    };
}
