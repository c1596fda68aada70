using Laurel.Rules.Calendar;

namespace Laurel.Rules.Tests.Calendar;

public sealed class PayMonthTests
{
    [Theory]
    [InlineData("2026-07", 2026, 7)]
    [InlineData("2000-12", 2000, 12)]
    public void A_month_as_typed_stands_for_its_first_day(string text, int year, int month)
    {
        PayMonth.Parse(text).ShouldBe(new DateOnly(year, month, 1));
        PayMonth.Format(new DateOnly(year, month, 1)).ShouldBe(text);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-07-01")]
    [InlineData("202607")]
    [InlineData("2026-7")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_month(string? text) => PayMonth.Parse(text).ShouldBeNull();

    [Fact]
    public void Any_day_lies_in_the_month_of_its_first_day() =>
        PayMonth.Of(new DateOnly(2026, 2, 28)).ShouldBe(new DateOnly(2026, 2, 1));

    [Theory]
    [InlineData("2026年12月")]
    [InlineData("2026年12月 ")]
    [InlineData(" 2026-12")]
    [InlineData("2026/12")]
    public void A_month_typed_as_people_write_it_is_read_too(string text) =>
        PayMonth.Parse(text).ShouldBe(new DateOnly(2026, 12, 1));

    [Fact]
    public void A_person_reads_a_month_in_Chinese() => PayMonth.ChineseFormat(new DateOnly(2026, 7, 1)).ShouldBe("2026年7月");
}
