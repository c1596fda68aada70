using Laurel.Rules.Honours;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using static Laurel.Rules.Tests.Policies.TestPacks;

namespace Laurel.Rules.Tests.Policies;

public sealed class EntitlementEngineTests
{
    private static readonly DateOnly Birth = new(1962, 3, 10);

    private static Evaluation Evaluate(PersonRecord person, int year, int month, PolicyPack? pack = null, bool drafts = false) =>
        EntitlementEngine.Evaluate([pack ?? Allowance()], person, new DateOnly(year, month, 1), drafts);

    private static decimal? Amount(Evaluation e, string benefit) => e.Entitlements.SingleOrDefault(x => x.BenefitCode == benefit)?.Amount;
    private static bool Due(Evaluation e, string benefit) => e.Entitlements.Any(x => x.BenefitCode == benefit);

    [Fact]
    public void The_allowance_starts_the_month_after_retirement()
    {
        var person = Person(Birth, [Employed(new(1985, 7, 1)), Retired(new(2026, 3, 15))], National(new(2005, 4, 30)));
        Due(Evaluate(person, 2026, 3), "honorary_allowance").ShouldBeFalse();
        Amount(Evaluate(person, 2026, 4), "honorary_allowance").ShouldBe(500m);
        Evaluate(person, 2026, 3).NotEntitled.Single(n => n.BenefitCode == "honorary_allowance").Reason.ShouldContain("在职，不满足退休条件");
    }

    [Fact]
    public void The_explanation_names_the_title_the_retirement_the_document_and_the_amount()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1))], National(new(2005, 4, 30)));
        var due = Evaluate(person, 2026, 5).Entitlements.Single(e => e.BenefitCode == "honorary_allowance");
        due.Explanation.ShouldContain("全国劳动模范");
        due.Explanation.ShouldContain("2012-01-01 退休");
        due.Explanation.ShouldContain("《测试办法》");
        due.Explanation.ShouldContain("每月 500.00 元");
        due.Payable.ShouldBeTrue();
    }

    [Fact]
    public void Two_qualifying_honours_pay_the_higher_amount_once()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1))], InnerMongolian(new(2001, 4, 1)), National(new(2010, 4, 27)));
        var e = Evaluate(person, 2026, 2);
        e.Entitlements.Count(x => x.BenefitCode == "honorary_allowance").ShouldBe(1);
        Amount(e, "honorary_allowance").ShouldBe(500m);
    }

    [Fact]
    public void A_revoked_honour_stops_the_allowance_from_the_month_after_revocation()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1))], National(new(2005, 4, 30), revoked: new(2026, 5, 10)));
        Amount(Evaluate(person, 2026, 5), "honorary_allowance").ShouldBe(500m);
        var june = Evaluate(person, 2026, 6);
        Due(june, "honorary_allowance").ShouldBeFalse();
        june.NotEntitled.Single(n => n.BenefitCode == "honorary_allowance").Reason.ShouldContain("撤销");
    }

    [Fact]
    public void Death_keeps_the_month_of_death_ends_what_follows_and_makes_the_condolence_payment_due()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1)), new DeathFact(new(2026, 7, 20))], National(new(2005, 4, 30)));
        var july = Evaluate(person, 2026, 7);
        Amount(july, "honorary_allowance").ShouldBe(500m);
        var condolence = july.Entitlements.Single(x => x.BenefitCode == "condolence_payment");
        condolence.Amount.ShouldBeNull();
        condolence.Explanation.ShouldContain("标准由当地确定");
        condolence.Payable.ShouldBeFalse();
        var august = Evaluate(person, 2026, 8);
        august.Entitlements.ShouldBeEmpty();
        august.NotEntitled.Single(n => n.BenefitCode == "honorary_allowance").Reason.ShouldContain("已于 2026-07-20 去世");
    }

    [Fact]
    public void Outside_the_employee_pension_schemes_the_resident_pension_age_qualifies_from_the_month_after_the_birthday()
    {
        var person = Person(new(1966, 5, 15), [new EmploymentFact(new(2000, 1, 1), EmploymentStatus.Unemployed, null, null),
            new PensionFact(new(2000, 1, 1), PensionScheme.Resident, 200m)], National(new(2005, 4, 30)));
        Due(Evaluate(person, 2026, 5), "honorary_allowance").ShouldBeFalse();
        Amount(Evaluate(person, 2026, 6), "honorary_allowance").ShouldBe(500m);
    }

    [Fact]
    public void The_pension_top_up_pays_the_gap_to_the_standard_line_and_nothing_above_it()
    {
        var low = Person(Birth, [Retired(new(2020, 1, 1)), new PensionFact(new(2020, 1, 1), PensionScheme.Enterprise, 2450.40m)], new HonourFact("municipal_model_worker", "211200", new(2010, 5, 1), null));
        Amount(Evaluate(low, 2026, 3), "pension_top_up").ShouldBe(549.60m);
        var high = Person(Birth, [Retired(new(2020, 1, 1)), new PensionFact(new(2020, 1, 1), PensionScheme.Enterprise, 3200m)], National(new(2010, 5, 1)));
        Evaluate(high, 2026, 3).NotEntitled.Single(n => n.BenefitCode == "pension_top_up").Reason.ShouldContain("不低于标准线");
        var resident = Person(Birth, [Retired(new(2020, 1, 1)), new PensionFact(new(2020, 1, 1), PensionScheme.Resident, 300m)], National(new(2010, 5, 1)));
        var local = Evaluate(resident, 2026, 3).Entitlements.Single(e => e.BenefitCode == "pension_top_up");
        local.Amount.ShouldBeNull();
        local.Explanation.ShouldContain("标准由当地确定");
    }

    [Fact]
    public void A_pension_top_up_under_another_code_reads_the_standard_lines_the_pack_check_requires_of_it()
    {
        // The check and the engine name the lines the same way: "{benefit}.standard_line.{scheme}", whatever the benefit's code.
        var from = new DateOnly(2026, 1, 1);
        var parameters = new[]
        {
            Param("resident_pension_age", "years", (from, 60m)),
            Param("retiree_top_up.standard_line.civil_service", "CNY_per_month"),
            Param("retiree_top_up.standard_line.enterprise", "CNY_per_month", (from, 2800m)),
            Param("retiree_top_up.standard_line.resident", "CNY_per_month"),
        }.ToDictionary(p => p.Name);
        var tiers = new[] { new Tier("municipal_and_above", [], [HonourLevel.National, HonourLevel.Provincial, HonourLevel.Municipal], null) };
        var conditions = new Conditions(RetiredOrPensionAge: true);
        FormulaParameters.Check("retiree_top_up", FormulaKind.PensionTopUp, tiers, conditions, parameters).ShouldBeEmpty();
        var pack = new PolicyPack("top-up-pack", "补差办法", null, "测试机关", "150000", PackStatus.InForce, from, false, "test.txt", parameters,
            [new("retiree_top_up", "退休补差", BenefitKind.MonthlyCash, FormulaKind.PensionTopUp, new Reference("测试条款"), tiers, conditions)]);
        var person = Person(Birth, [Retired(new(2020, 1, 1)), new PensionFact(new(2020, 1, 1), PensionScheme.Enterprise, 2450.40m)], National(new(2010, 5, 1)));
        Amount(Evaluate(person, 2026, 3, pack), "retiree_top_up").ShouldBe(349.60m);
    }

    [Fact]
    public void The_election_award_is_paid_in_the_month_of_the_award_only_at_the_best_tier()
    {
        var person = Person(new(1980, 1, 1), [Employed(new(2000, 1, 1))],
            new HonourFact("municipal_model_worker", "211200", new(2026, 4, 28), null), new HonourFact("municipal_special_model_worker", "211200", new(2026, 4, 28), null));
        Amount(Evaluate(person, 2026, 4), "election_award").ShouldBe(10000m);
        Due(Evaluate(person, 2026, 5), "election_award").ShouldBeFalse();
    }

    [Fact]
    public void A_grant_with_a_tiered_value_explains_it_and_respects_the_employer_type()
    {
        var civil = Person(new(1980, 1, 1), [Employed(new(2000, 1, 1), EmployerType.Government)], National(new(2015, 4, 28)));
        var boost = Evaluate(civil, 2026, 3).Entitlements.Single(e => e.BenefitCode == "salary_grade_boost");
        boost.Amount.ShouldBeNull();
        boost.Explanation.ShouldContain("2 个级别工资档次");
        var enterprise = Person(new(1980, 1, 1), [Employed(new(2000, 1, 1))], National(new(2015, 4, 28)));
        Evaluate(enterprise, 2026, 3).NotEntitled.Single(n => n.BenefitCode == "salary_grade_boost").Reason.ShouldContain("企业");
    }

    [Fact]
    public void A_person_managed_outside_the_packs_region_is_not_covered_at_all()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1))], National(new(2005, 4, 30))) with { ManagingRegionCode = "211202" };
        var e = Evaluate(person, 2026, 3);
        e.Entitlements.ShouldBeEmpty();
        e.NotEntitled.ShouldBeEmpty();
    }

    [Fact]
    public void A_draft_pack_is_simulated_only_when_asked_and_never_payable()
    {
        var person = Person(Birth, [Retired(new(2012, 1, 1))], National(new(2005, 4, 30)));
        var draft = Allowance(PackStatus.Draft);
        Evaluate(person, 2026, 3, draft).Entitlements.ShouldBeEmpty();
        var simulated = Evaluate(person, 2026, 3, draft, drafts: true);
        Amount(simulated, "honorary_allowance").ShouldBe(500m);
        simulated.Entitlements.ShouldAllBe(e => !e.Payable);
    }

    // Properties over many generated people and months.

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(i => new object[] { i });

    private static (PersonRecord Person, DateOnly Month) Generate(int seed)
    {
        var random = new Random(seed);
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 30));
        var facts = new List<Fact> { Employed(birth.AddYears(20), random.Next(2) == 0 ? EmployerType.Government : EmployerType.Enterprise) };
        if (random.Next(3) > 0)
        {
            var retired = new DateOnly(2025, 1, 1).AddDays(random.Next(700));
            facts.Add(Retired(retired));
            facts.Add(new PensionFact(retired, random.Next(4) == 0 ? PensionScheme.Resident : PensionScheme.Enterprise, random.Next(500, 5000)));
        }
        if (random.Next(5) == 0)
        {
            facts.Add(new DeathFact(new DateOnly(2026, 1, 1).AddDays(random.Next(500))));
        }
        var honours = new List<HonourFact>();
        string[] codes = ["national_model_worker", "provincial_model_worker", "municipal_model_worker", "municipal_special_model_worker", "county_model_worker"];
        for (var i = 0; i < 1 + random.Next(3); i++)
        {
            var code = codes[random.Next(codes.Length)];
            var region = code.StartsWith("national", StringComparison.Ordinal) ? null : code.StartsWith("provincial", StringComparison.Ordinal) ? "150000" : code.StartsWith("county", StringComparison.Ordinal) ? "150102" : "150100";
            var awarded = new DateOnly(2000, 1, 1).AddDays(random.Next(365 * 27));
            honours.Add(new HonourFact(code, region, awarded, random.Next(4) == 0 ? awarded.AddDays(random.Next(1, 3000)) : null));
        }
        return (Person(birth, facts, [.. honours]), new DateOnly(2025, 6, 1).AddMonths(random.Next(30)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Revoking_an_honour_never_increases_any_amount(int seed)
    {
        var (person, month) = Generate(seed);
        var before = Evaluate(person, month.Year, month.Month);
        for (var i = 0; i < person.Honours.Count; i++)
        {
            var revokedOn = month.AddDays(-new Random(seed + i).Next(0, 400));
            var honours = person.Honours.Select((h, j) => j == i && (h.RevokedOn is null || h.RevokedOn > revokedOn) && revokedOn >= h.AwardedOn ? h with { RevokedOn = revokedOn } : h).ToList();
            var after = Evaluate(person with { Honours = honours }, month.Year, month.Month);
            foreach (var due in after.Entitlements)
            {
                var prior = before.Entitlements.SingleOrDefault(b => b.BenefitCode == due.BenefitCode);
                prior.ShouldNotBeNull($"{due.BenefitCode} became due after a revocation");
                (due.Amount ?? 0).ShouldBeLessThanOrEqualTo(prior.Amount ?? decimal.MaxValue);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void No_amount_is_negative_or_has_more_than_two_decimals(int seed)
    {
        var (person, month) = Generate(seed);
        foreach (var due in Evaluate(person, month.Year, month.Month).Entitlements.Where(e => e.Amount is not null))
        {
            due.Amount!.Value.ShouldBeGreaterThanOrEqualTo(0m);
            (due.Amount.Value * 100 % 1).ShouldBe(0m);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Nothing_is_due_before_the_packs_effective_date(int seed)
    {
        var (person, _) = Generate(seed);
        for (var month = new DateOnly(2024, 1, 1); month < new DateOnly(2026, 1, 1); month = month.AddMonths(1))
        {
            Evaluate(person, month.Year, month.Month).Entitlements.ShouldBeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_dated_value_effective_next_month_changes_nothing_this_month(int seed)
    {
        var (person, month) = Generate(seed);
        var next = month.AddMonths(1);
        var changed = Allowance(PackStatus.InForce,
            Param("honorary_allowance.amount.national", "CNY_per_month", (new DateOnly(2026, 1, 1), 500m), (next, 800m)),
            Param("pension_top_up.standard_line.enterprise", "CNY_per_month", (new DateOnly(2026, 1, 1), 3000m), (next, 3600m)));
        var before = Evaluate(person, month.Year, month.Month);
        var after = Evaluate(person, month.Year, month.Month, changed);
        after.Entitlements.Select(e => (e.BenefitCode, e.Amount)).ShouldBe(before.Entitlements.Select(e => (e.BenefitCode, e.Amount)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Amounts_without_explanations_are_exactly_the_explained_entitlements(int seed)
    {
        var (person, month) = Generate(seed);
        var explained = Evaluate(person, month.Year, month.Month).Entitlements.Select(e => (e.BenefitCode, e.Amount, e.Payable)).ToList();
        var amounts = new List<DueAmount>();
        EntitlementEngine.DueAmounts([Allowance()], person, month, amounts);
        amounts.Select(a => (a.Benefit.Code, a.Amount, a.Payable)).ShouldBe(explained);
    }
}
