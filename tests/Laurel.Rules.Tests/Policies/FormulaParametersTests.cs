using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using static Laurel.Rules.Tests.Policies.TestPacks;

namespace Laurel.Rules.Tests.Policies;

public sealed class FormulaParametersTests
{
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly Tier National = new("national", ["national_model_worker"], [], null);
    private static readonly Tier Provincial = new("provincial", [], [Laurel.Rules.Honours.HonourLevel.Provincial], null);
    private static readonly Conditions Retired = new(RetiredOrPensionAge: true);

    private static Dictionary<string, Parameter> Parameters(params Parameter[] parameters) => parameters.ToDictionary(p => p.Name);

    private static IReadOnlyList<BenefitError> Check(string code, FormulaKind formula, Tier[] tiers, Conditions conditions, params Parameter[] parameters) =>
        FormulaParameters.Check(code, formula, tiers, conditions, Parameters(parameters));

    [Fact]
    public void The_names_follow_the_pack_format()
    {
        FormulaParameters.TierAmount("honorary_allowance", "national").ShouldBe("honorary_allowance.amount.national");
        FormulaParameters.Amount("hardship_aid").ShouldBe("hardship_aid.amount");
        FormulaParameters.TierValue("salary_grade_boost", "provincial").ShouldBe("salary_grade_boost.value.provincial");
        FormulaParameters.StandardLine("pension_top_up", PensionScheme.CivilService).ShouldBe("pension_top_up.standard_line.civil_service");
        FormulaParameters.ResidentPensionAge.ShouldBe("resident_pension_age");
    }

    [Fact]
    public void An_allowance_with_every_parameter_in_its_unit_has_no_fault()
    {
        Check("honorary_allowance", FormulaKind.HonoraryAllowance, [National], Retired,
            Param("honorary_allowance.amount.national", "CNY_per_month", (From, 500m)),
            Param("resident_pension_age", "years")).ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_tier_amount_is_refused_naming_the_parameter()
    {
        Check("honorary_allowance", FormulaKind.HonoraryAllowance, [National, Provincial], Retired,
                Param("honorary_allowance.amount.national", "CNY_per_month", (From, 500m)),
                Param("resident_pension_age", "years"))
            .ShouldBe([new BenefitError("", "tier 'provincial' needs parameter 'honorary_allowance.amount.provincial', which the pack lacks (ship it with values: [] when the source gives no figure)")]);
    }

    [Fact]
    public void A_parameter_in_the_wrong_unit_is_refused_naming_the_unit_expected()
    {
        Check("election_award", FormulaKind.ElectionAward, [National], new Conditions(),
                Param("election_award.amount.national", "CNY_per_month", (From, 6000m)))
            .ShouldBe([new BenefitError("", "parameter 'election_award.amount.national' has unit 'CNY_per_month', expected CNY")]);
    }

    [Fact]
    public void A_formula_paying_by_tier_needs_a_tier()
    {
        Check("election_award", FormulaKind.ElectionAward, [], new Conditions())
            .ShouldBe([new BenefitError("tiers", "a formula paying by tier needs at least one tier")]);
    }

    [Fact]
    public void A_pension_top_up_needs_a_standard_line_per_scheme_and_the_retirement_condition()
    {
        var errors = Check("pension_top_up", FormulaKind.PensionTopUp, [National], new Conditions(),
            Param("pension_top_up.standard_line.civil_service", "CNY_per_month"),
            Param("pension_top_up.standard_line.enterprise", "CNY_per_month"),
            Param("resident_pension_age", "years"));
        errors.ShouldBe([
            new BenefitError("", "formula pension_top_up needs parameter 'pension_top_up.standard_line.resident', which the pack lacks (ship it with values: [] when the source gives no figure)"),
            new BenefitError("conditions.retired_or_pension_age", "formula pension_top_up is due only to retired honorees: set it to true"),
        ]);
    }

    [Fact]
    public void The_retirement_condition_needs_the_resident_pension_age_in_years()
    {
        Check("bus_pass", FormulaKind.Grant, [], Retired)
            .ShouldBe([new BenefitError("", "the retirement-or-pension-age condition needs parameter 'resident_pension_age', which the pack lacks (ship it with values: [] when the source gives no figure)")]);
        Check("bus_pass", FormulaKind.Grant, [], Retired, Param("resident_pension_age", "CNY"))
            .ShouldBe([new BenefitError("", "parameter 'resident_pension_age' has unit 'CNY', expected years")]);
    }

    [Theory]
    [InlineData(FormulaKind.OnApplication, "on_application")]
    [InlineData(FormulaKind.CondolencePayment, "condolence_payment")]
    public void A_payment_by_amount_needs_its_amount_in_CNY(FormulaKind formula, string code)
    {
        Check("aid", formula, [], new Conditions())
            .ShouldBe([new BenefitError("", $"formula {code} needs parameter 'aid.amount', which the pack lacks (ship it with values: [] when the source gives no figure)")]);
        Check("aid", formula, [], new Conditions(), Param("aid.amount", "CNY")).ShouldBeEmpty();
    }

    [Fact]
    public void A_grant_gives_a_value_for_every_tier_or_for_none()
    {
        Check("salary_grade_boost", FormulaKind.Grant, [National, Provincial], new Conditions()).ShouldBeEmpty();
        Check("salary_grade_boost", FormulaKind.Grant, [National, Provincial], new Conditions(),
                Param("salary_grade_boost.value.national", "grades", (From, 2m)))
            .ShouldBe([new BenefitError("", "tier 'provincial' needs parameter 'salary_grade_boost.value.provincial': the other tiers have a value")]);
    }
}
