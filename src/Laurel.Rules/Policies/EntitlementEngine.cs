using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;

namespace Laurel.Rules.Policies;

/// <summary>
/// Which benefits of which packs are due to a person for a month, how much, under which clause, and why; and for every
/// other benefit of the packs that cover them, why not. Rules that hold across packs:
/// a monthly benefit is due when its conditions hold on the first day of the month; nothing is due before a pack's
/// effective date; of several qualifying honours the best tier applies once; a revoked honour counts for nothing from
/// its revocation date; death ends every benefit after its month and makes a condolence payment due in it.
/// The parts: <see cref="MonthContext"/> (the person's facts on the first day of the month), <see cref="Formulas"/>
/// (one per kind of benefit), <see cref="HonourSelection"/> (which honour counts) and <see cref="Explanations"/>
/// (the Chinese texts).
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

    /// <summary>The pack's document as cited in texts: 《name》, with its number when it has one.</summary>
    public static string Document(PolicyPack pack) => Explanations.Document(pack);
}

/// <summary>A benefit due, without its explanation (see EntitlementEngine.DueAmounts).</summary>
public readonly record struct DueAmount(PolicyPack Pack, BenefitDefinition Benefit, decimal? Amount, bool Payable);
