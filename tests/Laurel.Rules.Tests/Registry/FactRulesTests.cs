using Laurel.Rules.Registry;

namespace Laurel.Rules.Tests.Registry;

public class FactRulesTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly DateOnly Born = new(1960, 3, 15);

    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    [InlineData("4200.5")]
    [InlineData("4200.50")]
    [InlineData("4200.500")] // trailing zeros are still two decimals
    [InlineData("999999.99")]
    public void A_plausible_pension_amount_is_accepted(string amount)
    {
        FactRules.CheckPensionAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeNull();
    }

    [Theory]
    [InlineData("-0.01", "不能为负数")]
    [InlineData("-100", "不能为负数")]
    [InlineData("4200.505", "最多保留两位小数")]
    [InlineData("0.001", "最多保留两位小数")]
    [InlineData("1000000", "应小于1000000")]
    [InlineData("1000000.00", "应小于1000000")]
    [InlineData("25000000", "应小于1000000")]
    public void An_implausible_pension_amount_is_refused(string amount, string message)
    {
        FactRules.CheckPensionAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(message);
    }

    [Fact]
    public void An_effective_date_up_to_today_and_from_birth_is_accepted()
    {
        FactRules.CheckEffectiveOn(Today, Today, Born).ShouldBeNull();
        FactRules.CheckEffectiveOn(Born, Today, Born).ShouldBeNull();
        FactRules.CheckEffectiveOn(new DateOnly(2000, 1, 1), Today, Born).ShouldBeNull();
    }

    [Fact]
    public void An_effective_date_after_today_is_refused()
    {
        FactRules.CheckEffectiveOn(Today.AddDays(1), Today, Born).ShouldBe("生效日期不能晚于今天");
    }

    [Fact]
    public void An_effective_date_before_birth_is_refused()
    {
        FactRules.CheckEffectiveOn(Born.AddDays(-1), Today, Born).ShouldBe("生效日期不能早于出生日期");
    }

    [Fact]
    public void Without_a_birth_date_the_founding_and_today_bound_the_date()
    {
        FactRules.CheckEffectiveOn(new DateOnly(1949, 10, 1), Today, null).ShouldBeNull();
        FactRules.CheckEffectiveOn(new DateOnly(1949, 9, 30), Today, null).ShouldBe("生效日期不能早于 1949-10-01");
        FactRules.CheckEffectiveOn(new DateOnly(1, 1, 1), Today, null).ShouldBe("生效日期不能早于 1949-10-01");
        FactRules.CheckEffectiveOn(Today.AddDays(1), Today, null).ShouldBe("生效日期不能晚于今天");
    }

    [Fact]
    public void The_last_fact_of_a_kind_every_record_holds_cannot_be_withdrawn_and_any_other_can()
    {
        Fact[] others = [new HukouFact(Born, "150102"), new EmploymentFact(Born, EmploymentStatus.Retired, null, null)];
        FactRules.CheckWithdrawal(FactKind.OrgUnit, others).ShouldBe("这是该档案唯一的管理单位记录，撤回后档案将没有管理单位；如登记有误，请登记正确的管理单位变更。");
        FactRules.CheckWithdrawal(FactKind.Hukou, others).ShouldBeNull();
        FactRules.CheckWithdrawal(FactKind.Hukou, [others[1]])!.ShouldContain("唯一的户籍记录");
        FactRules.CheckWithdrawal(FactKind.Employment, [others[0]])!.ShouldContain("唯一的就业状况记录");
        // A pension or a death may go even when it is the only one: a record need not hold either.
        FactRules.CheckWithdrawal(FactKind.Pension, []).ShouldBeNull();
        FactRules.CheckWithdrawal(FactKind.Death, []).ShouldBeNull();
    }
}
