using System.Globalization;
using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Registry;

namespace Laurel.Rules.Policies;

/// <summary>
/// Which benefits of which packs are due to a person for a month, how much, under which clause, and why; and for every
/// other benefit of the packs that cover them, why not. Rules that hold across packs:
/// a monthly benefit is due when its conditions hold on the first day of the month; nothing is due before a pack's
/// effective date; of several qualifying honours the best tier applies once; a revoked honour counts for nothing from
/// its revocation date; death ends every benefit after its month and makes a condolence payment due in it.
/// </summary>
public static class EntitlementEngine
{
    public static Evaluation Evaluate(IEnumerable<PolicyPack> packs, PersonRecord person, DateOnly month, bool includeDrafts)
    {
        var context = new MonthContext(person, PayMonth.Of(month), explain: true);
        var entitled = new List<Entitlement>();
        var notEntitled = new List<NotEntitled>();
        foreach (var pack in packs)
        {
            if ((pack.Status == PackStatus.Draft && !includeDrafts) || !pack.Covers(person))
            {
                continue;
            }
            foreach (var resolved in pack.Resolved.Benefits)
            {
                var benefit = resolved.Definition;
                var outcome = Formulas.Evaluate(pack, resolved, context);
                if (outcome.Due)
                {
                    entitled.Add(new Entitlement(benefit.Code, benefit.Name, benefit.Kind, outcome.Amount, pack.Code, Document(pack),
                        benefit.Clause.Clause, outcome.Text, Payable(pack, benefit, outcome)));
                }
                else
                {
                    notEntitled.Add(new NotEntitled(benefit.Code, benefit.Name, pack.Code, outcome.Text));
                }
            }
        }
        return new Evaluation(context.Month, entitled, notEntitled);
    }

    /// <summary>
    /// The benefits due, with their amounts and nothing else: the same formulas as <see cref="Evaluate"/>, without the
    /// Chinese texts, for runs over many people (payment cycles, benchmarks). Drafts are never included.
    /// </summary>
    public static void DueAmounts(IReadOnlyList<PolicyPack> packs, PersonRecord person, DateOnly month, List<DueAmount> into)
    {
        MonthContext? context = null;
        foreach (var pack in packs)
        {
            if (pack.Status == PackStatus.Draft || !pack.Covers(person))
            {
                continue;
            }
            context ??= new MonthContext(person, PayMonth.Of(month), explain: false);
            var benefits = pack.Resolved.Benefits;
            for (var i = 0; i < benefits.Length; i++)
            {
                var benefit = benefits[i].Definition;
                var outcome = Formulas.Evaluate(pack, benefits[i], context);
                if (outcome.Due)
                {
                    into.Add(new DueAmount(pack, benefit, outcome.Amount, Payable(pack, benefit, outcome)));
                }
            }
        }
    }

    /// <summary>
    /// The payable benefits with their explanations, and nothing else: what a payment cycle stores. Each benefit is first
    /// tried without texts; only those payable are evaluated again with their explanation, so a run over many people
    /// writes no text for what is not paid.
    /// </summary>
    public static void PayableExplained(IReadOnlyList<PolicyPack> packs, PersonRecord person, DateOnly month, List<Entitlement> into)
    {
        MonthContext? quick = null;
        MonthContext? explained = null;
        foreach (var pack in packs)
        {
            if (pack.Status == PackStatus.Draft || !pack.Covers(person))
            {
                continue;
            }
            quick ??= new MonthContext(person, PayMonth.Of(month), explain: false);
            foreach (var resolved in pack.Resolved.Benefits)
            {
                var benefit = resolved.Definition;
                var outcome = Formulas.Evaluate(pack, resolved, quick);
                if (outcome.Due && Payable(pack, benefit, outcome))
                {
                    explained ??= new MonthContext(person, quick.Month, explain: true);
                    var text = Formulas.Evaluate(pack, resolved, explained).Text;
                    into.Add(new Entitlement(benefit.Code, benefit.Name, benefit.Kind, outcome.Amount, pack.Code, Document(pack), benefit.Clause.Clause, text, true));
                }
            }
        }
    }

    /// <summary>
    /// Cash that a payment cycle may pay: an in-force pack, a cash benefit with a figure, and for one paid on
    /// application, an application approved for the month.
    /// </summary>
    internal static bool Payable(PolicyPack pack, BenefitDefinition benefit, Outcome outcome) =>
        pack.Status == PackStatus.InForce && BenefitKinds.IsCash(benefit.Kind) && outcome.Amount is > 0
        && (benefit.Formula != FormulaKind.OnApplication || outcome.Approved);

    /// <summary>
    /// The titles without which nothing of these packs can be payable: every cash benefit with tiers (an approved
    /// application included) needs a qualifying honour, so a person holding none of these titles — active or
    /// revoked — is owed nothing. Null when some payable benefit has no tiers (it is for everyone the pack covers).
    /// </summary>
    public static IReadOnlyCollection<string>? PayableTitles(IEnumerable<PolicyPack> packs)
    {
        var titles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            foreach (var benefit in pack.Benefits)
            {
                if (!BenefitKinds.IsCash(benefit.Kind))
                {
                    continue;
                }
                if (benefit.Tiers.Count == 0)
                {
                    return null;
                }
                titles.UnionWith(TitleCatalogue.All.Where(t => benefit.Tiers.Any(tier => tier.AdmitsTitle(t))).Select(t => t.Code));
            }
        }
        return titles;
    }

    public static string Document(PolicyPack pack) =>
        pack.DocumentNumber is null ? $"《{pack.Name}》" : $"《{pack.Name}》（{pack.DocumentNumber}）";
}

/// <summary>A benefit due, without its explanation (see EntitlementEngine.DueAmounts).</summary>
public readonly record struct DueAmount(PolicyPack Pack, BenefitDefinition Benefit, decimal? Amount, bool Payable);

/// <summary>The facts of one person as they stood on the first day of the month asked.</summary>
internal sealed class MonthContext
{
    public MonthContext(PersonRecord person, DateOnly month, bool explain)
    {
        Explain = explain;
        Person = person;
        Month = month;
        LastDay = month.AddMonths(1).AddDays(-1);
        Facts = FactTimeline.AsOf(person.Facts, month);
        DiedOn = person.DiedOn;
        var age = month.Year - person.BirthDate.Year;
        if (month < person.BirthDate.AddYears(age))
        {
            age--;
        }
        AgeOnFirstDay = age;
    }

    /// <summary>Whether to write the Chinese texts; when false every text is empty and nothing is formatted.</summary>
    public bool Explain { get; }
    public PersonRecord Person { get; }
    public DateOnly Month { get; }
    public DateOnly LastDay { get; }
    public FactSnapshot Facts { get; }
    public DateOnly? DiedOn { get; }
    public int AgeOnFirstDay { get; }
}

internal enum HonourTest { ActiveOnFirstDay, AwardedThisMonth, ActiveOnDeath }

/// <summary>A formula's answer: due or not, the amount, the Chinese text explaining either, and for a benefit paid on
/// application whether an application was approved for the month.</summary>
internal readonly record struct Outcome(bool Due, decimal? Amount, string Text, bool Approved = false)
{
    public static Outcome No(string reason) => new(false, null, reason);
}

/// <summary>The formulas, one per kind of benefit. Every figure comes from the pack's dated parameters.</summary>
internal static class Formulas
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Outcome Evaluate(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        if (c.Month < pack.Resolved.FirstMonth || c.LastDay < pack.EffectiveFrom)
        {
            return Outcome.No(c.Explain ? $"{EntitlementEngine.Document(pack)}自 {Date(pack.EffectiveFrom)} 起施行{(pack.EffectiveFromAssumed ? "（施行日期为推定，以当地公布为准）" : "")}，所查月份尚未施行" : "");
        }
        // A pack that takes effect during a month pays from the following month: conditions hold on the first day.
        if (benefit.Formula != FormulaKind.ElectionAward && benefit.Formula != FormulaKind.CondolencePayment && c.Month < pack.EffectiveFrom)
        {
            return Outcome.No(c.Explain ? $"{EntitlementEngine.Document(pack)}自 {Date(pack.EffectiveFrom)} 起施行，自次月起享受" : "");
        }
        return benefit.Formula switch
        {
            FormulaKind.CondolencePayment => Condolence(pack, resolved, c),
            FormulaKind.ElectionAward => ElectionAward(pack, resolved, c),
            _ => Ongoing(pack, resolved, c),
        };
    }

    /// <summary>Every formula but the one-time ones: a qualifying honour and the conditions on the first day of the month.</summary>
    private static Outcome Ongoing(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        if (c.DiedOn is { } died && died < c.Month)
        {
            return Outcome.No(c.Explain ? $"已于 {Date(died)} 去世" : "");
        }
        // A benefit without tiers is for everyone the pack covers (Suzhou's first-aid award goes to any worker);
        // one with tiers needs a qualifying honour on the first day of the month.
        List<string>? facts = c.Explain ? [] : null;
        Tier? tier = null;
        var tierRank = -1;
        if (benefit.Tiers.Count > 0)
        {
            var best = BestHonour(pack, resolved, c, HonourTest.ActiveOnFirstDay);
            if (best is null)
            {
                return Outcome.No(c.Explain ? WhyNoHonour(resolved, c) : "");
            }
            var (honour, bestTier, title, rank) = best.Value;
            tier = bestTier;
            tierRank = rank;
            facts?.Add($"{TitleCatalogue.DisplayName(title, honour.AwardingRegionCode)}（{Date(honour.AwardedOn)} 授予）");
        }
        if (CheckConditions(pack, benefit, c, facts) is { } reason)
        {
            return Outcome.No(reason);
        }
        var cite = c.Explain ? $"按{EntitlementEngine.Document(pack)}{benefit.Clause.Clause}" : "";
        switch (benefit.Formula)
        {
            case FormulaKind.HonoraryAllowance:
            {
                var amount = tier is null ? null : TierAmount(resolved, tierRank, c.Month);
                return Due(amount, facts, cite, "每月");
            }
            case FormulaKind.PensionTopUp:
            {
                if (c.Facts.Pension is not { } pension)
                {
                    return Outcome.No(c.Explain ? "未登记养老金情况，无法计算补差" : "");
                }
                var line = pack.Resolved.StandardLines[(int)pension.Scheme]?.At(c.Month)?.Value;
                facts?.Add($"{FactCodes.ChineseName(pension.Scheme)}每月 {Money(pension.MonthlyAmount)} 元");
                if (line is null)
                {
                    return Due(null, facts, cite, "每月");
                }
                var gap = Math.Round(line.Value - pension.MonthlyAmount, 2, MidpointRounding.AwayFromZero);
                if (gap <= 0)
                {
                    return Outcome.No(c.Explain ? $"月养老金 {Money(pension.MonthlyAmount)} 元不低于标准线 {Money(line.Value)} 元，无需补差" : "");
                }
                facts?.Add($"标准线 {Money(line.Value)} 元");
                return Due(gap, facts, cite, "每月补差");
            }
            case FormulaKind.OnApplication:
            {
                if (c.Person.ApprovedFor(pack.Code, benefit.Code, c.Month) is { } approval)
                {
                    var approvedText = facts is null ? "" : Joined(facts, cite) + $"，申请已经审核批准（{approval.Reference}），{Money(approval.Amount)} 元" + Note(benefit);
                    return new Outcome(true, approval.Amount, approvedText, Approved: true);
                }
                var amount = resolved.Amount?.At(c.Month)?.Value;
                var text = facts is null ? "" : Joined(facts, cite) + "，依申请经审核批准后发放" +
                    (amount is { } a ? $"，{Money(a)} 元" : "，标准由当地确定") + Note(benefit);
                return new Outcome(true, amount is null ? null : Math.Max(0, Math.Round(amount.Value, 2)), text);
            }
            default:
            {
                if (facts is null)
                {
                    return new Outcome(true, null, "");
                }
                var value = tier is null ? null : pack.Parameter($"{benefit.Code}.value.{tier.Name}");
                var valueText = value?.At(c.Month)?.Value is { } v ? $"，{Number(v)}{UnitText(value.Unit)}" : "";
                return new Outcome(true, null, Joined(facts, cite) + valueText + Note(benefit));
            }
        }
    }

    private static Outcome ElectionAward(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        var best = BestHonour(pack, resolved, c, HonourTest.AwardedThisMonth);
        if (best is null)
        {
            if (!c.Explain)
            {
                return Outcome.No("");
            }
            var earlier = Qualifying(resolved, c.Person.Honours).FirstOrDefault();
            return Outcome.No(earlier.Honour is null
                ? WhyNoHonour(resolved, c)
                : $"{TitleCatalogue.DisplayName(earlier.Title, earlier.Honour.AwardingRegionCode)}于 {Date(earlier.Honour.AwardedOn)} 授予，一次性奖励在授予当月（且在政策施行后）发放");
        }
        var (honour, _, title, tierRank) = best.Value;
        List<string>? facts = c.Explain ? [$"{TitleCatalogue.DisplayName(title, honour.AwardingRegionCode)}（{Date(honour.AwardedOn)} 授予）"] : null;
        if (CheckConditions(pack, benefit, c, facts) is { } reason)
        {
            return Outcome.No(reason);
        }
        return Due(TierAmount(resolved, tierRank, c.Month), facts, c.Explain ? $"按{EntitlementEngine.Document(pack)}{benefit.Clause.Clause}" : "", "一次性");
    }

    private static Outcome Condolence(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        if (c.DiedOn is not { } died || died < c.Month || died > c.LastDay)
        {
            return Outcome.No(!c.Explain ? "" : c.DiedOn is { } d ? $"于 {Date(d)} 去世，慰问金在去世当月发放" : "慰问金在劳模去世当月向家属发放");
        }
        List<string>? facts = c.Explain ? [] : null;
        if (benefit.Tiers.Count > 0)
        {
            var best = BestHonour(pack, resolved, c, HonourTest.ActiveOnDeath);
            if (best is null)
            {
                return Outcome.No(c.Explain ? WhyNoHonour(resolved, c) : "");
            }
            var (honour, _, title, _) = best.Value;
            facts?.Add(TitleCatalogue.DisplayName(title, honour.AwardingRegionCode));
        }
        facts?.Add($"{Date(died)} 去世");
        var amount = resolved.Amount?.At(c.Month)?.Value;
        return Due(amount, facts, c.Explain ? $"按{EntitlementEngine.Document(pack)}{benefit.Clause.Clause}，向家属发放" : "", "一次性");
    }

    /// <summary>Null when every condition holds (adding the facts it used); otherwise the first reason why not.</summary>
    private static string? CheckConditions(PolicyPack pack, BenefitDefinition benefit, MonthContext c, List<string>? facts)
    {
        var x = c.Explain;
        var conditions = benefit.Conditions;
        var employment = c.Facts.Employment;
        if (conditions.EmploymentStatuses is { Count: > 0 } statuses)
        {
            if (employment is null)
            {
                return x ? "未登记就业状况" : "";
            }
            if (!statuses.Contains(employment.Status))
            {
                return x ? $"{FactCodes.ChineseName(employment.Status)}，本待遇适用于{string.Join("或", statuses.Select(FactCodes.ChineseName))}劳模" : "";
            }
            facts?.Add($"{FactCodes.ChineseName(employment.Status)}（{Date(employment.EffectiveOn)} 起）");
        }
        if (conditions.EmployerTypes is { Count: > 0 } types)
        {
            if (employment?.EmployerType is not { } type || !types.Contains(type))
            {
                if (!x)
                {
                    return "";
                }
                var actual = employment?.EmployerType is { } t ? $"工作单位性质为{FactCodes.ChineseName(t)}" : "未登记工作单位性质";
                return $"{actual}，本待遇适用于{string.Join("、", types.Select(FactCodes.ChineseName))}";
            }
            facts?.Add($"{employment.EmployerName}（{FactCodes.ChineseName(type)}）");
        }
        if (conditions.HukouWithin is { } area)
        {
            var hukou = c.Facts.Hukou?.RegionCode;
            if (hukou is null || !Regions.Contains(area, hukou))
            {
                return x ? $"户籍不在{Regions.NameOf(area) ?? area}，本待遇适用于当地户籍劳模" : "";
            }
            facts?.Add($"户籍 {Regions.NameOf(hukou) ?? hukou}");
        }
        if (conditions.RetiredOrPensionAge)
        {
            if (employment?.Status == EmploymentStatus.Retired)
            {
                facts?.Add($"{Date(employment.EffectiveOn)} 退休");
                return null;
            }
            var pension = c.Facts.Pension;
            var age = pack.Resolved.ResidentPensionAge?.At(c.Month)?.Value;
            if (pension is { Scheme: PensionScheme.Resident or PensionScheme.None } && age is { } minAge)
            {
                if (c.AgeOnFirstDay >= minAge)
                {
                    facts?.Add($"{FactCodes.ChineseName(pension.Scheme)}，年满 {Number(minAge)} 周岁");
                    return null;
                }
                return x ? $"未参加职工养老保险，但未满城乡居民养老金领取年龄（{Number(minAge)} 周岁）" : "";
            }
            return !x ? "" : employment is null ? "未登记就业状况，不满足退休条件" : $"{FactCodes.ChineseName(employment.Status)}，不满足退休条件";
        }
        return null;
    }

    /// <summary>The qualifying honour of the best tier: highest amount for cash by tier, otherwise the first tier listed.</summary>
    private static (HonourFact Honour, Tier Tier, Title Title, int Rank)? BestHonour(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c, HonourTest test)
    {
        var benefit = resolved.Definition;
        (HonourFact Honour, Tier Tier, Title Title, int Rank)? best = null;
        decimal? bestAmount = null;
        var bestRank = int.MaxValue;
        var byAmount = benefit.Formula is FormulaKind.HonoraryAllowance or FormulaKind.ElectionAward;
        var honours = c.Person.Honours;
        for (var i = 0; i < honours.Count; i++)
        {
            var honour = honours[i];
            if (!Counts(honour, test, pack, c) || TierIndex(resolved, honour) is not (>= 0 and var rank))
            {
                continue;
            }
            var candidate = (honour, benefit.Tiers[rank], honour.Title!, rank);
            if (byAmount)
            {
                var amount = TierAmount(resolved, rank, c.Month);
                if (best is null || (amount ?? -1) > (bestAmount ?? -1))
                {
                    (best, bestAmount) = (candidate, amount);
                }
            }
            else if (rank < bestRank)
            {
                (best, bestRank) = (candidate, rank);
            }
        }
        return best;
    }

    /// <summary>When an honour counts: held on the first day of the month; awarded in the month (after the pack took
    /// effect, and not revoked the same day); held on the day of death.</summary>
    private static bool Counts(HonourFact h, HonourTest test, PolicyPack pack, MonthContext c) => test switch
    {
        HonourTest.ActiveOnFirstDay => h.ActiveOn(c.Month),
        HonourTest.AwardedThisMonth => h.AwardedOn >= c.Month && h.AwardedOn <= c.LastDay && h.AwardedOn >= pack.EffectiveFrom
            && (h.RevokedOn is null || h.RevokedOn > h.AwardedOn),
        HonourTest.ActiveOnDeath => c.DiedOn is { } died && h.ActiveOn(died),
        _ => false,
    };

    private static IEnumerable<(HonourFact Honour, Tier Tier, Title Title, int Rank)> Qualifying(PolicyPack.ResolvedBenefit resolved, IEnumerable<HonourFact> honours)
    {
        foreach (var honour in honours)
        {
            if (TierIndex(resolved, honour) is >= 0 and var rank)
            {
                yield return (honour, resolved.Definition.Tiers[rank], honour.Title!, rank);
            }
        }
    }

    /// <summary>The first tier of the benefit that admits the honour, or -1 (an unknown title qualifies for none).</summary>
    private static int TierIndex(PolicyPack.ResolvedBenefit resolved, HonourFact honour)
    {
        var masks = resolved.TitleMasks;
        for (var i = 0; i < masks.Length; i++)
        {
            if ((masks[i] & honour.TitleBit) != 0 && resolved.Definition.Tiers[i].AdmitsRegion(honour.AwardingRegionCode))
            {
                return i;
            }
        }
        return -1;
    }

    private static string WhyNoHonour(PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        foreach (var (honour, _, title, _) in Qualifying(resolved, c.Person.Honours))
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

    private static decimal? TierAmount(PolicyPack.ResolvedBenefit resolved, int tierRank, DateOnly month) =>
        resolved.TierAmounts[tierRank]?.At(month)?.Value;

    private static string Joined(List<string> facts, string cite) => facts.Count == 0 ? cite : string.Join("；", facts) + "；" + cite;

    private static Outcome Due(decimal? amount, List<string>? facts, string cite, string period)
    {
        var text = facts is null ? "" : Joined(facts, cite) + (amount is { } a ? $"，{period} {Money(a)} 元" : "，标准由当地确定");
        return new Outcome(true, amount is null ? null : Math.Max(0, Math.Round(amount.Value, 2, MidpointRounding.AwayFromZero)), text);
    }

    private static string Note(BenefitDefinition benefit) => benefit.Note is { Length: > 0 } note ? $"（{note}）" : "";

    private static string UnitText(string unit) => unit switch
    {
        "grades" => " 个级别工资档次",
        "persons" => " 人",
        "percent" => "%",
        "CNY" => " 元",
        "CNY_per_month" => " 元/月",
        "years" => " 年",
        _ => "",
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", Invariant);
    private static string Money(decimal m) => m.ToString("0.00", Invariant);
    private static string Number(decimal n) => n.ToString("0.##", Invariant);
}
