using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;
using Laurel.Rules.Registry;

namespace Laurel.Rules.Policies;

public enum PackStatus { InForce, Draft }

/// <summary>What a benefit gives: the API's `kind` codes are monthly_cash, one_time_cash, service, privilege, protection.</summary>
public enum BenefitKind { MonthlyCash, OneTimeCash, Service, Privilege, Protection }

/// <summary>The C# formula a benefit is computed with (one per kind of benefit; see Formulas).</summary>
public enum FormulaKind
{
    /// <summary>Monthly cash by tier of the best qualifying honour; due when retired, or outside the employee pension
    /// schemes and past the resident pension age.</summary>
    HonoraryAllowance,
    /// <summary>Monthly max(0, standard line of the pension scheme − monthly pension), same retirement condition.</summary>
    PensionTopUp,
    /// <summary>One-time cash by tier, in the month the qualifying honour was awarded.</summary>
    ElectionAward,
    /// <summary>A service, privilege or protection (optionally with a tiered value such as salary grades).</summary>
    Grant,
    /// <summary>Cash paid on an approved application (hardship aid, relief, awards on evidence).</summary>
    OnApplication,
    /// <summary>One-time cash to the family in the month of death.</summary>
    CondolencePayment,
}

/// <summary>A citation: where in the source a value or rule comes from.</summary>
public sealed record Reference(string Clause, string? Quote = null);

/// <summary>One value of a parameter from a date on. Value null: the source sets no figure (标准由当地确定).</summary>
public sealed record DatedValue(DateOnly From, decimal? Value, Reference Reference);

/// <summary>A named parameter of a pack with its dated values, oldest first.</summary>
public sealed record Parameter(string Name, string Description, string Unit, IReadOnlyList<DatedValue> Values)
{
    /// <summary>The value in force on a date; null when none is (before the first value, or a value without figure).</summary>
    public DatedValue? At(DateOnly date)
    {
        // Indexed, oldest first, stopping at the first later value: this runs for every benefit of every person.
        DatedValue? found = null;
        for (var i = 0; i < Values.Count && Values[i].From <= date; i++)
        {
            found = Values[i];
        }
        return found;
    }
}

/// <summary>
/// Which honours qualify for a benefit, in tiers ("national", "provincial" ...). An honour qualifies for a tier when its
/// title is listed (or its level is, when no titles are listed) and, where given, its awarding region lies inside
/// AwardedWithin. Tier parameters are named "{benefit}.amount.{tier}" (or ".value." for grants with a value).
/// </summary>
public sealed record Tier(string Name, IReadOnlyList<string> TitleCodes, IReadOnlyList<HonourLevel> Levels, string? AwardedWithin)
{
    public bool Admits(Title title, string? awardingRegionCode) => AdmitsTitle(title) && AdmitsRegion(awardingRegionCode);

    /// <summary>The title test alone (listed, or of a listed level when no titles are listed).</summary>
    public bool AdmitsTitle(Title title) => TitleCodes.Count == 0 ? Levels.Contains(title.Level) : TitleCodes.Contains(title.Code);

    /// <summary>The awarding-region test alone.</summary>
    public bool AdmitsRegion(string? awardingRegionCode) =>
        AwardedWithin is null || (awardingRegionCode is not null && Identity.Regions.Contains(AwardedWithin, awardingRegionCode));
}

/// <summary>Conditions on the person's facts, besides holding a qualifying honour.</summary>
public sealed record Conditions(
    IReadOnlyList<EmploymentStatus>? EmploymentStatuses = null,
    IReadOnlyList<EmployerType>? EmployerTypes = null,
    string? HukouWithin = null,
    bool RetiredOrPensionAge = false);

/// <param name="PaidBy">
/// For cash: the level of the union federation that pays it (provincial, municipal, county) inside the pack's
/// jurisdiction; null for the federation of the jurisdiction itself (内蒙古自治区总工会 for an Inner Mongolia pack).
/// </param>
public sealed record BenefitDefinition(
    string Code, string Name, BenefitKind Kind, FormulaKind Formula, Reference Clause,
    IReadOnlyList<Tier> Tiers, Conditions Conditions, string? Note = null, Organisation.OrgUnitKind? PaidBy = null);

/// <summary>
/// One source document's parameters and benefits (政策包). Jurisdiction: an honoree is covered when the region of
/// their managing unit lies inside RegionCode. A draft pack is simulated and explained but never pays.
/// </summary>
public sealed record PolicyPack(
    string Code, string Name, string? DocumentNumber, string IssuingBody, string RegionCode, PackStatus Status,
    DateOnly EffectiveFrom, bool EffectiveFromAssumed, string SourceFile,
    IReadOnlyDictionary<string, Parameter> Parameters, IReadOnlyList<BenefitDefinition> Benefits)
{
    public Parameter? Parameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>
    /// Whether the pack's jurisdiction covers the person: the region of their managing unit (in the month evaluated) lies
    /// inside the pack's region. The one test of a pack applying to a person, for the engine and for every caller.
    /// </summary>
    public bool Covers(PersonRecord person) => Identity.Regions.Contains(RegionCode, person.ManagingRegionCode);

    private Resolution? _resolution;

    // A copy made with `with` (local values merged in, say) must not keep the resolution of the pack it copies.
    private PolicyPack(PolicyPack original)
    {
        Code = original.Code;
        Name = original.Name;
        DocumentNumber = original.DocumentNumber;
        IssuingBody = original.IssuingBody;
        RegionCode = original.RegionCode;
        Status = original.Status;
        EffectiveFrom = original.EffectiveFrom;
        EffectiveFromAssumed = original.EffectiveFromAssumed;
        SourceFile = original.SourceFile;
        Parameters = original.Parameters;
        Benefits = original.Benefits;
    }

    /// <summary>The parameters each benefit reads, looked up once per pack instead of by name on every evaluation.</summary>
    internal Resolution Resolved => _resolution ??= new Resolution(this);

    internal sealed class Resolution
    {
        public Resolution(PolicyPack pack)
        {
            Benefits = pack.Benefits.Select(b => new ResolvedBenefit(pack, b)).ToArray();
            ResidentPensionAge = pack.Parameter(FormulaParameters.ResidentPensionAge);
            FirstMonth = PayMonth.Of(pack.EffectiveFrom);
        }

        /// <summary>In the order of <see cref="PolicyPack.Benefits"/>.</summary>
        public ResolvedBenefit[] Benefits { get; }

        public Parameter? ResidentPensionAge { get; }

        /// <summary>The first day of the month the pack takes effect in.</summary>
        public DateOnly FirstMonth { get; }
    }

    /// <summary>A benefit with its parameters looked up and its tiers' titles as bit masks over the title catalogue.</summary>
    internal sealed class ResolvedBenefit
    {
        public ResolvedBenefit(PolicyPack pack, BenefitDefinition benefit)
        {
            Definition = benefit;
            TitleMasks = benefit.Tiers.Select(t => TitleCatalogue.All.Where(t.AdmitsTitle).Aggregate(0UL, (mask, title) => mask | TitleCatalogue.Bit(title))).ToArray();
            TierAmounts = benefit.Tiers.Select(t => pack.Parameter(FormulaParameters.TierAmount(benefit.Code, t.Name))).ToArray();
            Amount = pack.Parameter(FormulaParameters.Amount(benefit.Code));
            // Under the benefit's own code, as FormulaParameters.Check requires them: one name for the check and the engine.
            StandardLines = Enum.GetValues<PensionScheme>()
                .Select(s => FormulaParameters.SchemesWithStandardLine.Contains(s) ? pack.Parameter(FormulaParameters.StandardLine(benefit.Code, s)) : null)
                .ToArray();
        }

        public BenefitDefinition Definition { get; }

        /// <summary>Per tier, the catalogue titles it admits (see <see cref="TitleCatalogue.Bit"/>).</summary>
        public ulong[] TitleMasks { get; }

        /// <summary>Per tier, "{benefit}.amount.{tier}".</summary>
        public Parameter?[] TierAmounts { get; }

        /// <summary>"{benefit}.amount", for benefits paid on application and condolence payments.</summary>
        public Parameter? Amount { get; }

        /// <summary>"{benefit}.standard_line.{scheme}", indexed by Registry.PensionScheme; the scheme "none" has no standard line.</summary>
        public Parameter?[] StandardLines { get; }

        /// <summary>What the tier at the rank pays in the month; null when the source gives no figure.</summary>
        public decimal? TierAmount(int tierRank, DateOnly month) => TierAmounts[tierRank]?.At(month)?.Value;
    }

    /// <summary>
    /// The pack with values added by local administrators merged in date order; an added value on the same date as a
    /// shipped one replaces it. Values for parameters the pack does not have are ignored.
    /// </summary>
    public PolicyPack WithValues(IEnumerable<(string Parameter, DatedValue Value)> added)
    {
        var byName = added.Where(a => Parameters.ContainsKey(a.Parameter)).ToLookup(a => a.Parameter, a => a.Value);
        if (byName.Count == 0)
        {
            return this;
        }
        var merged = Parameters.ToDictionary(p => p.Key, p =>
        {
            var extra = byName[p.Key].ToList();
            if (extra.Count == 0)
            {
                return p.Value;
            }
            var values = p.Value.Values.Where(v => extra.All(e => e.From != v.From)).Concat(extra).OrderBy(v => v.From).ToList();
            return p.Value with { Values = values };
        });
        return this with { Parameters = merged };
    }
}
