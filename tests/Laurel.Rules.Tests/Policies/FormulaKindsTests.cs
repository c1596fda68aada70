using Laurel.Rules.Policies;

namespace Laurel.Rules.Tests.Policies;

public sealed class FormulaKindsTests
{
    [Fact]
    public void Every_formula_parses_back_from_its_code()
    {
        foreach (var formula in FormulaKinds.All)
            FormulaKinds.Parse(FormulaKinds.Code(formula)).ShouldBe(formula);
        FormulaKinds.All.Count.ShouldBe(Enum.GetValues<FormulaKind>().Length);
    }

    [Theory]
    [InlineData("lump_sum")]
    [InlineData("Grant")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_code_is_no_formula(string? code) => FormulaKinds.Parse(code).ShouldBeNull();

    [Fact]
    public void The_message_for_an_unknown_code_names_it_and_lists_every_code()
    {
        FormulaKinds.UnknownCodeError("lump_sum").ShouldBe(
            "unknown formula 'lump_sum' (honorary_allowance | pension_top_up | election_award | grant | on_application | condolence_payment)");
    }

    [Theory]
    [InlineData(FormulaKind.HonoraryAllowance, "monthly_cash")]
    [InlineData(FormulaKind.PensionTopUp, "monthly_cash")]
    [InlineData(FormulaKind.ElectionAward, "one_time_cash")]
    [InlineData(FormulaKind.OnApplication, "one_time_cash")]
    [InlineData(FormulaKind.CondolencePayment, "one_time_cash")]
    [InlineData(FormulaKind.Grant, "service | privilege | protection")]
    public void Each_formula_fits_only_the_kinds_it_names(FormulaKind formula, string expected)
    {
        FormulaKinds.ExpectedKinds(formula).ShouldBe(expected);
        foreach (var kind in Enum.GetValues<BenefitKind>())
            FormulaKinds.Fits(formula, kind).ShouldBe(expected.Split(" | ").Contains(BenefitKinds.Code(kind)), $"{formula} / {kind}");
    }

    [Fact]
    public void A_grant_is_never_cash_and_an_allowance_never_one_time()
    {
        FormulaKinds.Fits(FormulaKind.Grant, BenefitKind.OneTimeCash).ShouldBeFalse();
        FormulaKinds.Fits(FormulaKind.HonoraryAllowance, BenefitKind.OneTimeCash).ShouldBeFalse();
        FormulaKinds.Fits(FormulaKind.ElectionAward, BenefitKind.MonthlyCash).ShouldBeFalse();
    }

    [Fact]
    public void Every_formula_has_its_own_Chinese_name()
    {
        var names = FormulaKinds.All.Select(FormulaKinds.ChineseName).ToList();
        names.ShouldAllBe(n => !System.Text.RegularExpressions.Regex.IsMatch(n, "[A-Za-z]"));
        names.Distinct().Count().ShouldBe(names.Count);
    }
}
