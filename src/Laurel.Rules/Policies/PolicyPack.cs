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
        DatedValue? found = null;
        foreach (var v in Values)
        {
            if (v.From <= date)
            {
                found = v;
            }
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
    public bool Admits(Title title, string? awardingRegionCode) =>
        (TitleCodes.Count == 0 ? Levels.Contains(title.Level) : TitleCodes.Contains(title.Code))
        && (AwardedWithin is null || (awardingRegionCode is not null && Identity.Regions.Contains(AwardedWithin, awardingRegionCode)));
}

/// <summary>Conditions on the person's facts, besides holding a qualifying honour.</summary>
public sealed record Conditions(
    IReadOnlyList<EmploymentStatus>? EmploymentStatuses = null,
    IReadOnlyList<EmployerType>? EmployerTypes = null,
    string? HukouWithin = null,
    bool RetiredOrPensionAge = false);

public sealed record BenefitDefinition(
    string Code, string Name, BenefitKind Kind, FormulaKind Formula, Reference Clause,
    IReadOnlyList<Tier> Tiers, Conditions Conditions, string? Note = null);

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
        private readonly Dictionary<BenefitDefinition, Parameter?[]> _tierAmounts = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<BenefitDefinition, Parameter?> _amounts = new(ReferenceEqualityComparer.Instance);

        public Resolution(PolicyPack pack)
        {
            foreach (var benefit in pack.Benefits)
            {
                _tierAmounts[benefit] = benefit.Tiers.Select(t => pack.Parameter($"{benefit.Code}.amount.{t.Name}")).ToArray();
                _amounts[benefit] = pack.Parameter($"{benefit.Code}.amount");
            }
            ResidentPensionAge = pack.Parameter("resident_pension_age");
            StandardLines =
            [
                pack.Parameter("pension_top_up.standard_line.civil_service"),
                pack.Parameter("pension_top_up.standard_line.enterprise"),
                pack.Parameter("pension_top_up.standard_line.resident"),
                null,
            ];
        }

        public Parameter? ResidentPensionAge { get; }

        /// <summary>Indexed by Registry.PensionScheme; the scheme "none" has no standard line.</summary>
        public Parameter?[] StandardLines { get; }

        /// <summary>"{benefit}.amount.{tier}" of the tier at this index of the benefit.</summary>
        public Parameter? TierAmount(BenefitDefinition benefit, int tier) => _tierAmounts[benefit][tier];

        /// <summary>"{benefit}.amount", for benefits paid on application and condolence payments.</summary>
        public Parameter? Amount(BenefitDefinition benefit) => _amounts[benefit];
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
