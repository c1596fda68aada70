using Laurel.Rules.Registry;

namespace Laurel.Rules.Tests.Registry;

public class FactTimelineTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static readonly EmploymentFact Employed2000 = new(D(2000, 3, 1), EmploymentStatus.Employed, "包头钢铁集团", EmployerType.Enterprise);
    private static readonly EmploymentFact Retired2020 = new(D(2020, 7, 1), EmploymentStatus.Retired, null, null);
    private static readonly PensionFact Pension2020 = new(D(2020, 7, 1), PensionScheme.Enterprise, 4200.50m);
    private static readonly PensionFact Pension2023 = new(D(2023, 1, 1), PensionScheme.Enterprise, 4500m);
    private static readonly HukouFact Hukou1990 = new(D(1990, 1, 1), "150203");
    private static readonly OrgUnitFact Org2010 = new(D(2010, 5, 1), 23);

    private static readonly Fact[] History = [Hukou1990, Employed2000, Org2010, Retired2020, Pension2020, Pension2023];

    [Fact]
    public void Each_kind_reads_the_latest_fact_effective_by_the_date()
    {
        var snapshot = FactTimeline.AsOf(History, D(2022, 6, 30));

        snapshot.AsOf.ShouldBe(D(2022, 6, 30));
        snapshot.Employment.ShouldBe(Retired2020);
        snapshot.Pension.ShouldBe(Pension2020);
        snapshot.Hukou.ShouldBe(Hukou1990);
        snapshot.OrgUnit.ShouldBe(Org2010);
        snapshot.Death.ShouldBeNull();
        snapshot.IsDeceased.ShouldBeFalse();
    }

    [Fact]
    public void A_fact_is_in_force_on_its_effective_day_and_not_the_day_before()
    {
        FactTimeline.AsOf(History, D(2023, 1, 1)).Pension.ShouldBe(Pension2023);
        FactTimeline.AsOf(History, D(2022, 12, 31)).Pension.ShouldBe(Pension2020);
    }

    [Fact]
    public void A_kind_with_no_fact_yet_is_unknown()
    {
        var snapshot = FactTimeline.AsOf(History, D(2005, 1, 1));

        snapshot.Employment.ShouldBe(Employed2000);
        snapshot.Pension.ShouldBeNull();
        snapshot.OrgUnit.ShouldBeNull();
    }

    [Fact]
    public void The_input_order_of_facts_on_different_days_does_not_matter()
    {
        Fact[] reversed = [.. History.Reverse()];

        FactTimeline.AsOf(reversed, D(2024, 1, 1)).ShouldBe(FactTimeline.AsOf(History, D(2024, 1, 1)));
        FactTimeline.AsOf(reversed, D(2024, 1, 1)).Pension.ShouldBe(Pension2023);
    }

    [Fact]
    public void A_correction_recorded_later_for_the_same_day_replaces_the_earlier_entry()
    {
        var typo = new PensionFact(D(2023, 1, 1), PensionScheme.Enterprise, 45000m);
        var corrected = new PensionFact(D(2023, 1, 1), PensionScheme.Enterprise, 4500m);

        FactTimeline.AsOf([Pension2020, typo, corrected], D(2023, 6, 1)).Pension.ShouldBe(corrected);
        FactTimeline.AsOf([Pension2020, corrected, typo], D(2023, 6, 1)).Pension.ShouldBe(typo);
    }

    [Fact]
    public void A_later_same_day_fact_of_another_kind_does_not_replace_anything()
    {
        var snapshot = FactTimeline.AsOf([Retired2020, Pension2020], D(2020, 7, 1));

        snapshot.Employment.ShouldBe(Retired2020);
        snapshot.Pension.ShouldBe(Pension2020);
    }

    [Fact]
    public void A_death_counts_from_its_date()
    {
        var death = new DeathFact(D(2024, 2, 10));
        Fact[] facts = [.. History, death];

        FactTimeline.AsOf(facts, D(2024, 2, 9)).IsDeceased.ShouldBeFalse();
        var after = FactTimeline.AsOf(facts, D(2024, 2, 10));
        after.IsDeceased.ShouldBeTrue();
        after.Death.ShouldBe(death);
        after.Pension.ShouldBe(Pension2023); // other facts still read as they stood
    }

    [Fact]
    public void No_facts_give_an_empty_snapshot()
    {
        FactTimeline.AsOf([], D(2024, 1, 1)).ShouldBe(new FactSnapshot(D(2024, 1, 1), null, null, null, null, null));
    }

    [Fact]
    public void A_null_sequence_or_fact_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => FactTimeline.AsOf(null!, D(2024, 1, 1)));
        Should.Throw<ArgumentNullException>(() => FactTimeline.AsOf([Hukou1990, null!], D(2024, 1, 1)));
    }
}
