using Laurel.Rules.Honours;

namespace Laurel.Rules.Policies;

/// <summary>Which test an honour must pass to count for a benefit (see <see cref="HonourSelection.Best"/>).</summary>
internal enum HonourTest { ActiveOnFirstDay, AwardedThisMonth, ActiveOnDeath }

/// <summary>An honour that qualifies for a benefit: the tier that admits it (and that tier's position) and its title.</summary>
internal readonly record struct QualifyingHonour(HonourFact Honour, Tier Tier, Title Title, int Rank);

/// <summary>
/// Which of a person's honours a benefit counts: of several qualifying honours the best tier applies once, and a
/// revoked honour counts for nothing from its revocation date.
/// </summary>
internal static class HonourSelection
{
    /// <summary>The qualifying honour of the best tier: highest amount for cash by tier, otherwise the first tier listed.</summary>
    public static QualifyingHonour? Best(PolicyPack pack, PolicyPack.ResolvedBenefit resolved, MonthContext c, HonourTest test)
    {
        var benefit = resolved.Definition;
        QualifyingHonour? best = null;
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
            var candidate = new QualifyingHonour(honour, benefit.Tiers[rank], honour.Title!, rank);
            if (byAmount)
            {
                var amount = resolved.TierAmount(rank, c.Month);
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

    /// <summary>Every honour that a tier of the benefit admits, whatever its dates, in the person's order.</summary>
    public static IEnumerable<QualifyingHonour> Qualifying(PolicyPack.ResolvedBenefit resolved, IEnumerable<HonourFact> honours)
    {
        foreach (var honour in honours)
        {
            if (TierIndex(resolved, honour) is >= 0 and var rank)
            {
                yield return new QualifyingHonour(honour, resolved.Definition.Tiers[rank], honour.Title!, rank);
            }
        }
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
}
