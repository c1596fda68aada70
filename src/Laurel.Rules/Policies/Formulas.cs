using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using static Laurel.Rules.Policies.Explanations;

namespace Laurel.Rules.Policies;

/// <summary>A formula's answer: due or not, the amount, the Chinese text explaining either, and for a benefit paid on
/// application whether an application was approved for the month.</summary>
internal readonly record struct Outcome(bool Due, decimal? Amount, string Text, bool Approved = false)
{
    public static Outcome No(string reason) => new(false, null, reason);
}

/// <summary>
/// The formulas, one per kind of benefit. Every figure comes from the pack's dated parameters (named in
/// <see cref="FormulaParameters"/>); which honour counts is <see cref="HonourSelection"/>'s, the texts' pieces
/// <see cref="Explanations"/>'.
/// </summary>
internal static class Formulas
{
    public static Outcome Evaluate(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        if (c.Month < pack.Resolved.FirstMonth || c.LastDay < pack.EffectiveFrom)
        {
            return Outcome.No(c.Explain ? $"{Document(pack)}自 {Date(pack.EffectiveFrom)} 起施行{(pack.EffectiveFromAssumed ? "（施行日期为推定，以当地公布为准）" : "")}，所查月份尚未施行" : "");
        }
        // A pack that takes effect during a month pays from the following month: conditions hold on the first day.
        if (benefit.Formula != FormulaKind.ElectionAward && benefit.Formula != FormulaKind.CondolencePayment && c.Month < pack.EffectiveFrom)
        {
            return Outcome.No(c.Explain ? $"{Document(pack)}自 {Date(pack.EffectiveFrom)} 起施行，自次月起享受" : "");
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
            var best = HonourSelection.Best(pack, resolved, c, HonourTest.ActiveOnFirstDay);
            if (best is null)
            {
                return Outcome.No(c.Explain ? WhyNoHonour(resolved, c) : "");
            }
            tier = best.Value.Tier;
            tierRank = best.Value.Rank;
            facts?.Add(Awarded(best.Value));
        }
        if (CheckConditions(pack, benefit, c, facts) is { } reason)
        {
            return Outcome.No(reason);
        }
        var cite = c.Explain ? Cite(pack, benefit) : "";
        switch (benefit.Formula)
        {
            case FormulaKind.HonoraryAllowance:
            {
                var amount = tier is null ? null : resolved.TierAmount(tierRank, c.Month);
                return Due(amount, facts, cite, "每月");
            }
            case FormulaKind.PensionTopUp:
            {
                if (c.Facts.Pension is not { } pension)
                {
                    return Outcome.No(c.Explain ? "未登记养老金情况，无法计算补差" : "");
                }
                var line = resolved.StandardLines[(int)pension.Scheme]?.At(c.Month)?.Value;
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
                var value = tier is null ? null : pack.Parameter(FormulaParameters.TierValue(benefit.Code, tier.Name));
                var valueText = value?.At(c.Month)?.Value is { } v ? $"，{Number(v)}{UnitText(value.Unit)}" : "";
                return new Outcome(true, null, Joined(facts, cite) + valueText + Note(benefit));
            }
        }
    }

    private static Outcome ElectionAward(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c)
    {
        var benefit = resolved.Definition;
        var best = HonourSelection.Best(pack, resolved, c, HonourTest.AwardedThisMonth);
        if (best is null)
        {
            if (!c.Explain)
            {
                return Outcome.No("");
            }
            var earlier = HonourSelection.Qualifying(resolved, c.Person.Honours).FirstOrDefault();
            return Outcome.No(earlier.Honour is null
                ? WhyNoHonour(resolved, c)
                : $"{TitleCatalogue.DisplayName(earlier.Title, earlier.Honour.AwardingRegionCode)}于 {Date(earlier.Honour.AwardedOn)} 授予，一次性奖励在授予当月（且在政策施行后）发放");
        }
        List<string>? facts = c.Explain ? [Awarded(best.Value)] : null;
        if (CheckConditions(pack, benefit, c, facts) is { } reason)
        {
            return Outcome.No(reason);
        }
        return Due(resolved.TierAmount(best.Value.Rank, c.Month), facts, c.Explain ? Cite(pack, benefit) : "", "一次性");
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
            var best = HonourSelection.Best(pack, resolved, c, HonourTest.ActiveOnDeath);
            if (best is null)
            {
                return Outcome.No(c.Explain ? WhyNoHonour(resolved, c) : "");
            }
            var (honour, _, title, _) = best.Value;
            facts?.Add(TitleCatalogue.DisplayName(title, honour.AwardingRegionCode));
        }
        facts?.Add($"{Date(died)} 去世");
        var amount = resolved.Amount?.At(c.Month)?.Value;
        return Due(amount, facts, c.Explain ? Cite(pack, benefit) + "，向家属发放" : "", "一次性");
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

    private static Outcome Due(decimal? amount, List<string>? facts, string cite, string period)
    {
        var text = facts is null ? "" : Joined(facts, cite) + (amount is { } a ? $"，{period} {Money(a)} 元" : "，标准由当地确定");
        return new Outcome(true, amount is null ? null : Math.Max(0, Math.Round(amount.Value, 2, MidpointRounding.AwayFromZero)), text);
    }
}
