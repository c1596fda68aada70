using Laurel.Rules.Calendar;

namespace Laurel.Rules.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static DateOnly D(string text) => WorkingCalendar.ParseDate(text) ?? throw new ArgumentException(text);

    private static IEnumerable<ExceptionalDay> Days(DayKind kind, string name, params string[] days) =>
        days.Select(d => new ExceptionalDay(D(d), kind, name));

    /// <summary>The 2026 Spring Festival, Mid-Autumn and National Day arrangements as chinese-days 1.5.7 holds them.</summary>
    private static readonly WorkingCalendar Calendar2026 = new(
    [
        .. Days(DayKind.Holiday, "春节", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"),
        .. Days(DayKind.Workday, "春节", "2026-02-14", "2026-02-28"),
        .. Days(DayKind.Holiday, "中秋", "2026-09-25", "2026-09-26", "2026-09-27"),
        .. Days(DayKind.Holiday, "国庆节", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"),
        .. Days(DayKind.Workday, "国庆节", "2026-09-20", "2026-10-10"),
    ]);

    [Fact]
    public void A_window_opened_on_28_september_2026_for_five_working_days_closes_on_9_october_after_the_national_day_holiday()
    {
        Calendar2026.WindowClosesOn(D("2026-09-28"), 5).ShouldBe(D("2026-10-09"));
        Calendar2026.WorkingDaysBetween(D("2026-09-28"), D("2026-10-09")).ShouldBe(5);
    }

    [Fact]
    public void A_window_spanning_the_2026_spring_festival_counts_the_make_up_saturday_before_it_and_skips_the_nine_days_off()
    {
        // Thu 12, Fri 13, Sat 14 (调休上班), then 15–23 off, Tue 24, Wed 25.
        Calendar2026.WindowClosesOn(D("2026-02-12"), 5).ShouldBe(D("2026-02-25"));
        Calendar2026.IsWorkingDay(D("2026-02-16")).ShouldBeFalse();
        Calendar2026.IsWorkingDay(D("2026-02-23")).ShouldBeFalse();
    }

    [Fact]
    public void A_make_up_saturday_is_a_working_day_and_counts_in_a_window()
    {
        Calendar2026.IsWorkingDay(D("2026-10-10")).ShouldBeTrue();
        Calendar2026.WindowClosesOn(D("2026-10-08"), 3).ShouldBe(D("2026-10-10"));
        Calendar2026.WorkingDaysBetween(D("2026-10-05"), D("2026-10-11")).ShouldBe(3);
        // An ordinary Saturday is not.
        Calendar2026.IsWorkingDay(D("2026-10-17")).ShouldBeFalse();
    }

    [Fact]
    public void A_window_opened_on_a_holiday_starts_its_count_at_the_next_working_day()
    {
        Calendar2026.WindowClosesOn(D("2026-10-01"), 1).ShouldBe(D("2026-10-08"));
        Calendar2026.WindowClosesOn(D("2026-10-01"), 5).ShouldBe(D("2026-10-13"));
        Calendar2026.FirstWorkingDayFrom(D("2026-10-03")).ShouldBe(D("2026-10-08"));
    }

    [Fact]
    public void A_window_opened_on_an_ordinary_saturday_starts_on_monday_and_a_weekday_holiday_is_not_a_working_day()
    {
        Calendar2026.WindowClosesOn(D("2026-11-07"), 1).ShouldBe(D("2026-11-09"));
        Calendar2026.IsWorkingDay(D("2026-10-05")).ShouldBeFalse();
        Calendar2026.Exception(D("2026-10-05"))!.Name.ShouldBe("国庆节");
        Calendar2026.Exception(D("2026-11-09")).ShouldBeNull();
    }

    [Fact]
    public void A_year_without_a_table_is_reported_missing_and_counted_monday_to_friday()
    {
        Calendar2026.HasYear(2026).ShouldBeTrue();
        Calendar2026.HasYear(2027).ShouldBeFalse();
        // 2027-10-01 is a Friday: without the 2027 table it counts as an ordinary working day.
        Calendar2026.WindowClosesOn(D("2027-10-01"), 2).ShouldBe(D("2027-10-04"));
    }

    [Fact]
    public void A_window_of_no_working_day_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Calendar2026.WindowClosesOn(D("2026-09-28"), 0));
    }

    [Theory]
    [InlineData("2026-10-09", true)]
    [InlineData("2026年10月9日", true)]
    [InlineData("2026-9-28", false)]
    [InlineData("2026-02-30", false)]
    [InlineData("2026-10", false)]
    [InlineData("", false)]
    public void A_date_is_read_as_yyyy_mm_dd_or_in_chinese_and_nothing_else(string text, bool valid)
    {
        (WorkingCalendar.ParseDate(text) is not null).ShouldBe(valid);
    }
}
