using Laurel.Rules.Registry;

namespace Laurel.Rules.Policies;

/// <summary>One honour as the engine sees it: counts from AwardedOn until RevokedOn (exclusive).</summary>
public sealed record HonourFact(string TitleCode, string? AwardingRegionCode, DateOnly AwardedOn, DateOnly? RevokedOn)
{
    /// <summary>The catalogue title, looked up once here rather than for every benefit evaluated.</summary>
    public Honours.Title? Title { get; } = Honours.TitleCatalogue.Find(TitleCode);

    /// <summary>The title's catalogue bit (0 for an unknown title), tested against a tier's mask.</summary>
    internal ulong TitleBit { get; } = Honours.TitleCatalogue.Bit(Honours.TitleCatalogue.Find(TitleCode));

    public bool ActiveOn(DateOnly date) => AwardedOn <= date && (RevokedOn is null || RevokedOn > date);
}

/// <summary>
/// The person whose benefits are evaluated: dated facts (in recording order), honours, and the region of the managing
/// unit for the month asked (it decides which packs cover them).
/// </summary>
public sealed record PersonRecord(
    DateOnly BirthDate, string ManagingRegionCode, IReadOnlyList<Fact> Facts, IReadOnlyList<HonourFact> Honours,
    IReadOnlyList<ApprovedPayment>? Approvals = null)
{
    /// <summary>The application approved for a benefit of a pack in a month (its first day), if any.</summary>
    public ApprovedPayment? ApprovedFor(string packCode, string benefitCode, DateOnly month)
    {
        if (Approvals is null)
        {
            return null;
        }
        for (var i = 0; i < Approvals.Count; i++)
        {
            var a = Approvals[i];
            if (a.Month == month && a.BenefitCode == benefitCode && a.PackCode == packCode)
            {
                return a;
            }
        }
        return null;
    }

    /// <summary>The date of death as last recorded, whatever the month asked (a condolence payment needs it).</summary>
    public DateOnly? DiedOn
    {
        get
        {
            DateOnly? died = null;
            for (var i = 0; i < Facts.Count; i++)
            {
                if (Facts[i] is DeathFact d)
                {
                    died = d.EffectiveOn;
                }
            }
            return died;
        }
    }
}

/// <summary>
/// A payment on application (hardship aid, relief, an award on evidence) approved for an honoree for a month: the
/// amount decided and the approval's reference. It makes the benefit payable in that month, once.
/// </summary>
public sealed record ApprovedPayment(string PackCode, string BenefitCode, DateOnly Month, decimal Amount, string Reference);

public sealed record Entitlement(
    string BenefitCode, string Name, BenefitKind Kind, decimal? Amount, string PackCode, string Document, string Clause,
    string Explanation, bool Payable);

public sealed record NotEntitled(string BenefitCode, string Name, string PackCode, string Reason);

/// <summary>The answer for one person and month: what is due, and for every other benefit of the covering packs, why not.</summary>
public sealed record Evaluation(DateOnly Month, IReadOnlyList<Entitlement> Entitlements, IReadOnlyList<NotEntitled> NotEntitled);

public static class BenefitKinds
{
    public static string Code(BenefitKind kind) => kind switch
    {
        BenefitKind.MonthlyCash => "monthly_cash",
        BenefitKind.OneTimeCash => "one_time_cash",
        BenefitKind.Service => "service",
        BenefitKind.Privilege => "privilege",
        BenefitKind.Protection => "protection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static BenefitKind? Parse(string? code) => code switch
    {
        "monthly_cash" => BenefitKind.MonthlyCash,
        "one_time_cash" => BenefitKind.OneTimeCash,
        "service" => BenefitKind.Service,
        "privilege" => BenefitKind.Privilege,
        "protection" => BenefitKind.Protection,
        _ => null,
    };

    public static bool IsCash(BenefitKind kind) => kind is BenefitKind.MonthlyCash or BenefitKind.OneTimeCash;

    /// <summary>按月发放 / 一次性发放 / 服务 / 优待 / 保障: the one Chinese name of a kind, wherever a person reads it.</summary>
    public static string ChineseName(BenefitKind kind) => kind switch
    {
        BenefitKind.MonthlyCash => "按月发放",
        BenefitKind.OneTimeCash => "一次性发放",
        BenefitKind.Service => "服务",
        BenefitKind.Privilege => "优待",
        BenefitKind.Protection => "保障",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
