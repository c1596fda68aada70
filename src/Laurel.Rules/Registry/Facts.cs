namespace Laurel.Rules.Registry;

/// <summary>
/// Something true of an honoree from <see cref="EffectiveOn"/> until a later fact of the same kind replaces it.
/// Facts are never edited: a correction is a new fact, so any past month can be reconstructed.
/// </summary>
/// <remarks>
/// A new fact replaces a same-kind fact with the same <see cref="EffectiveOn"/> only; a fact entered with a wrong
/// date is not overridden by one with the right date, it has to be withdrawn: the data layer leaves withdrawn facts
/// out of what it hands to the rules (ADR 17).
/// </remarks>
public abstract record Fact(DateOnly EffectiveOn)
{
    public abstract FactKind Kind { get; }
}

/// <summary>Employment status from a date; employer fields are null when unknown or not applicable (retired, unemployed).</summary>
public sealed record EmploymentFact(DateOnly EffectiveOn, EmploymentStatus Status, string? EmployerName, EmployerType? EmployerType) : Fact(EffectiveOn)
{
    public override FactKind Kind => FactKind.Employment;
}

/// <summary>Pension scheme and monthly amount (CNY, 2 decimals) from a date.</summary>
public sealed record PensionFact(DateOnly EffectiveOn, PensionScheme Scheme, decimal MonthlyAmount) : Fact(EffectiveOn)
{
    public override FactKind Kind => FactKind.Pension;
}

/// <summary>Household registration (GB/T 2260 region code) from a date.</summary>
public sealed record HukouFact(DateOnly EffectiveOn, string RegionCode) : Fact(EffectiveOn)
{
    public override FactKind Kind => FactKind.Hukou;
}

/// <summary>The org unit that manages the honoree from a date (territorial principle).</summary>
public sealed record OrgUnitFact(DateOnly EffectiveOn, long OrgUnitId) : Fact(EffectiveOn)
{
    public override FactKind Kind => FactKind.OrgUnit;
}

/// <summary>Death on a date; from then on the snapshot reports the honoree as deceased.</summary>
public sealed record DeathFact(DateOnly EffectiveOn) : Fact(EffectiveOn)
{
    public override FactKind Kind => FactKind.Death;
}

/// <summary>What was known to hold on <see cref="AsOf"/>: one fact per kind, null where none was effective yet.</summary>
public sealed record FactSnapshot(DateOnly AsOf, EmploymentFact? Employment, PensionFact? Pension, HukouFact? Hukou, OrgUnitFact? OrgUnit, DeathFact? Death)
{
    /// <summary>True once a death is effective on or before <see cref="AsOf"/>.</summary>
    public bool IsDeceased => Death is not null;
}

/// <summary>Reads a list of dated facts as of a date.</summary>
public static class FactTimeline
{
    /// <summary>
    /// For each kind, the fact with the latest <see cref="Fact.EffectiveOn"/> on or before <paramref name="asOf"/>.
    /// Edge cases: facts effective after asOf are ignored (not yet true); among facts of one kind with the same
    /// EffectiveOn the one later in the input wins, because the input is in recording order and a correction
    /// recorded later replaces the earlier entry; a kind with no fact effective by asOf is null (unknown then).
    /// </summary>
    /// <exception cref="ArgumentNullException">The sequence or one of its elements is null.</exception>
    public static FactSnapshot AsOf(IEnumerable<Fact> factsInRecordingOrder, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(factsInRecordingOrder);
        // One variable per kind rather than a dictionary: this runs for every person of a payment run.
        EmploymentFact? employment = null;
        PensionFact? pension = null;
        HukouFact? hukou = null;
        OrgUnitFact? orgUnit = null;
        DeathFact? death = null;
        // Indexed when it is a list: a foreach over the interface would allocate an enumerator per call.
        var facts = factsInRecordingOrder as IReadOnlyList<Fact> ?? factsInRecordingOrder.ToList();
        for (var i = 0; i < facts.Count; i++)
        {
            var fact = facts[i];
            if (fact is null)
                throw new ArgumentNullException(nameof(factsInRecordingOrder), "The sequence contains a null fact.");
            if (fact.EffectiveOn > asOf)
                continue;
            // ">=" not ">": a same-day fact recorded later is a correction and wins.
            switch (fact)
            {
                case EmploymentFact e when employment is null || e.EffectiveOn >= employment.EffectiveOn:
                    employment = e;
                    break;
                case PensionFact p when pension is null || p.EffectiveOn >= pension.EffectiveOn:
                    pension = p;
                    break;
                case HukouFact h when hukou is null || h.EffectiveOn >= hukou.EffectiveOn:
                    hukou = h;
                    break;
                case OrgUnitFact o when orgUnit is null || o.EffectiveOn >= orgUnit.EffectiveOn:
                    orgUnit = o;
                    break;
                case DeathFact d when death is null || d.EffectiveOn >= death.EffectiveOn:
                    death = d;
                    break;
            }
        }
        return new FactSnapshot(asOf, employment, pension, hukou, orgUnit, death);
    }

}
