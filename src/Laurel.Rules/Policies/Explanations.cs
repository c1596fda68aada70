using System.Globalization;
using Laurel.Rules.Honours;
using Laurel.Rules.Identity;

namespace Laurel.Rules.Policies;

/// <summary>
/// The pieces of the Chinese texts that explain why a benefit is due or not: the document cited, the honour held, why
/// no honour qualifies, and the figures as written (dates yyyy-MM-dd, money with two decimals). The formulas only call
/// these when the month context explains (<see cref="MonthContext.Explain"/>).
/// </summary>
internal static class Explanations
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>《name》, with the document number when the pack has one.</summary>
    public static string Document(PolicyPack pack) =>
        pack.DocumentNumber is null ? $"《{pack.Name}》" : $"《{pack.Name}》（{pack.DocumentNumber}）";

    /// <summary>The clause that grants the benefit: "按《…》第…条".</summary>
    public static string Cite(PolicyPack pack, BenefitDefinition benefit) => $"按{Document(pack)}{benefit.Clause.Clause}";

    /// <summary>The honour held and when it was awarded.</summary>
    public static string Awarded(QualifyingHonour q) =>
        $"{TitleCatalogue.DisplayName(q.Title, q.Honour.AwardingRegionCode)}（{Date(q.Honour.AwardedOn)} 授予）";

    /// <summary>Why no honour counts: the first qualifying one revoked or not yet awarded, else the titles the tiers admit.</summary>
    public static string WhyNoHonour(PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        foreach (var (honour, _, title, _) in HonourSelection.Qualifying(resolved, c.Person.Honours))
        {
            var name = TitleCatalogue.DisplayName(title, honour.AwardingRegionCode);
            if (honour.RevokedOn is { } revoked && revoked <= c.Month)
            {
                return $"{name}已于 {Date(revoked)} 撤销，撤销后不再享受";
            }
            if (honour.AwardedOn > c.Month)
            {
                return $"{name}于 {Date(honour.AwardedOn)} 授予，自授予次月起享受";
            }
        }
        return $"无符合条件的荣誉称号（本待遇适用于：{string.Join("、", benefit.Tiers.Select(TierText))}）";
    }

    private static string TierText(Tier tier)
    {
        var names = tier.TitleCodes.Count > 0
            ? string.Join("、", tier.TitleCodes.Select(code => TitleCatalogue.Find(code)?.Name ?? code))
            : string.Join("、", tier.Levels.Select(l => HonourLevels.ChineseName(l) + "荣誉"));
        return tier.AwardedWithin is { } area ? $"{Regions.NameOf(area) ?? area}授予的{names}" : names;
    }

    /// <summary>The facts the benefit rests on, then the clause: "fact；fact；按…".</summary>
    public static string Joined(List<string> facts, string cite) => facts.Count == 0 ? cite : string.Join("；", facts) + "；" + cite;

    /// <summary>The benefit's note in brackets, or nothing.</summary>
    public static string Note(BenefitDefinition benefit) => benefit.Note is { Length: > 0 } note ? $"（{note}）" : "";

    /// <summary>How a value of the unit is written after its number (see <see cref="ParameterUnits"/>).</summary>
    public static string UnitText(string unit) => unit switch
    {
        ParameterUnits.Grades => " 个级别工资档次",
        ParameterUnits.Persons => " 人",
        ParameterUnits.Percent => "%",
        ParameterUnits.Cny => " 元",
        ParameterUnits.CnyPerMonth => " 元/月",
        ParameterUnits.Years => " 年",
        _ => "",
    };

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", Invariant);
    public static string Money(decimal m) => m.ToString("0.00", Invariant);
    public static string Number(decimal n) => n.ToString("0.##", Invariant);
}
