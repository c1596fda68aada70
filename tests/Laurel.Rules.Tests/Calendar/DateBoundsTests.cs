using Laurel.Rules.Calendar;

namespace Laurel.Rules.Tests.Calendar;

public class DateBoundsTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void Today_is_the_date_in_Beijing_not_in_utc()
    {
        DateBounds.BeijingToday(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 12, 2));
        DateBounds.BeijingToday(new DateTimeOffset(2026, 12, 1, 15, 59, 59, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void A_Beijing_day_starts_at_16_00_utc_the_day_before_and_is_given_with_offset_zero()
    {
        var start = DateBounds.BeijingDayStart(new DateOnly(2026, 12, 2));
        start.ShouldBe(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero));
        start.Offset.ShouldBe(TimeSpan.Zero);
        DateBounds.BeijingToday(start).ShouldBe(new DateOnly(2026, 12, 2));
        DateBounds.BeijingToday(start.AddTicks(-1)).ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void This_month_is_the_month_in_Beijing_so_at_16_30_utc_on_30_november_it_is_already_december()
    {
        var lateOnTheLastDayInUtc = new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);
        DateBounds.BeijingToday(lateOnTheLastDayInUtc).ShouldBe(new DateOnly(2026, 12, 1));
        DateBounds.BeijingMonth(lateOnTheLastDayInUtc).ShouldBe(new DateOnly(2026, 12, 1));
        // The same instant written in another zone (New York, UTC-5) is still 1 December in Beijing.
        DateBounds.BeijingMonth(lateOnTheLastDayInUtc.ToOffset(TimeSpan.FromHours(-5))).ShouldBe(new DateOnly(2026, 12, 1));
        DateBounds.BeijingMonth(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 11, 1));
    }

    [Theory]
    [InlineData("1949-10")]
    [InlineData("2026-12")]
    [InlineData("2028-12")]
    public void A_month_from_1949_10_to_two_years_ahead_is_accepted(string month)
    {
        DateBounds.CheckMonth(PayMonth.Parse(month)!.Value, Today).ShouldBeNull();
    }

    [Theory]
    [InlineData("0001-01", "月份不能早于1949年10月")]
    [InlineData("1949-09", "月份不能早于1949年10月")]
    [InlineData("2029-01", "月份不能晚于2028年12月（今天起两年内）")]
    [InlineData("9999-12", "月份不能晚于2028年12月（今天起两年内）")]
    public void A_month_outside_the_range_is_refused(string month, string message)
    {
        DateBounds.CheckMonth(PayMonth.Parse(month)!.Value, Today).ShouldBe(message);
    }

    [Theory]
    [InlineData("1949-10-01", null)]
    [InlineData("2026-12-02", null)]
    [InlineData("1949-09-30", "日期不能早于 1949-10-01")]
    [InlineData("0001-01-01", "日期不能早于 1949-10-01")]
    [InlineData("2026-12-03", "日期不能晚于今天")]
    public void A_fact_or_award_date_lies_between_the_founding_and_today(string date, string? message)
    {
        DateBounds.CheckFactDate(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today).ShouldBe(message);
    }

    [Theory]
    [InlineData("2015-01-01", null)]
    [InlineData("2028-12-02", null)]
    [InlineData("2014-12-31", "生效日期不能早于政策施行日期 2015-01-01")]
    [InlineData("2028-12-03", "生效日期不能晚于 2028-12-02（今天起两年内）")]
    public void A_parameter_value_starts_from_its_packs_effective_date_to_two_years_ahead(string date, string? message)
    {
        DateBounds.CheckValueDate(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2015, 1, 1), Today).ShouldBe(message);
    }

    [Theory]
    [InlineData("2026-12-02", null)]
    [InlineData("1800-01-01", null)]
    [InlineData("2026-12-03", "出生日期不能晚于今天")]
    [InlineData("1799-12-31", "出生日期不能早于 1800-01-01")]
    public void A_birth_date_is_never_in_the_future(string date, string? message)
    {
        DateBounds.CheckBirthDate(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today).ShouldBe(message);
    }
}
