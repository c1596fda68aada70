using Laurel.Rules.Policies;

namespace Laurel.Rules.Tests.Policies;

public sealed class ParameterUnitsTests
{
    [Theory]
    [InlineData("years")]
    [InlineData("CNY")]
    [InlineData("CNY_per_month")]
    [InlineData("grades")]
    [InlineData("persons")]
    [InlineData("percent")]
    [InlineData("text")]
    public void The_units_of_the_pack_format_are_known(string unit)
    {
        ParameterUnits.IsKnown(unit).ShouldBeTrue();
        ParameterUnits.UnitError(unit).ShouldBeNull();
    }

    [Theory]
    [InlineData("yuan")]
    [InlineData("cny")]
    [InlineData("")]
    public void A_bad_unit_is_refused_naming_it_and_the_known_units(string unit)
    {
        ParameterUnits.IsKnown(unit).ShouldBeFalse();
        ParameterUnits.UnitError(unit).ShouldBe($"unknown unit '{unit}' (years | CNY | CNY_per_month | grades | persons | percent | text)");
    }

    [Fact]
    public void A_money_value_has_at_most_two_decimals_and_no_value_is_negative()
    {
        ParameterUnits.ValueErrors("CNY", 12.34m).ShouldBeEmpty();
        ParameterUnits.ValueErrors("CNY", 12.345m).ShouldBe(["a CNY amount has at most 2 decimals"]);
        ParameterUnits.ValueErrors("CNY_per_month", 0.001m).ShouldBe(["a CNY amount has at most 2 decimals"]);
        ParameterUnits.ValueErrors("percent", 12.345m).ShouldBeEmpty();
        ParameterUnits.ValueErrors("years", -1m).ShouldBe(["must not be negative"]);
        ParameterUnits.ValueErrors(null, -1.005m).ShouldBe(["must not be negative"]);
        ParameterUnits.ValueErrors("CNY", -1.005m).ShouldBe(["must not be negative", "a CNY amount has at most 2 decimals"]);
    }

    [Fact]
    public void Every_unit_has_a_Chinese_name_without_latin_letters()
    {
        foreach (var unit in ParameterUnits.All)
            ParameterUnits.ChineseName(unit).ShouldNotMatch("[A-Za-z]", unit);
        ParameterUnits.ChineseName(ParameterUnits.CnyPerMonth).ShouldBe("元/月");
        ParameterUnits.ChineseName("furlongs").ShouldBe("furlongs");
    }

    [Fact]
    public void Every_benefit_kind_has_its_own_Chinese_name()
    {
        var names = Enum.GetValues<BenefitKind>().Select(BenefitKinds.ChineseName).ToList();
        names.ShouldAllBe(n => !System.Text.RegularExpressions.Regex.IsMatch(n, "[A-Za-z]"));
        names.Distinct().Count().ShouldBe(names.Count);
        BenefitKinds.ChineseName(BenefitKind.MonthlyCash).ShouldBe("按月发放");
    }
}
