using System.Globalization;

namespace Laurel.Rules.Calendar;

/// <summary>What an exceptional day is: a public holiday (放假, also on a weekday) or a make-up workday (调休上班, also on a weekend).</summary>
public enum DayKind { Holiday, Workday }

/// <summary>A day that departs from the Monday-to-Friday rule, as the State Council's table (or an administrator) gives it.</summary>
public sealed record ExceptionalDay(DateOnly Day, DayKind Kind, string? Name = null);

public static class DayKinds
{
    public static string Code(DayKind kind) => kind == DayKind.Holiday ? "holiday" : "workday";

    public static DayKind? Parse(string? code) => code switch
    {
        "holiday" => DayKind.Holiday,
        "workday" => DayKind.Workday,
        _ => null,
    };

    public static string ChineseName(DayKind kind) => kind == DayKind.Holiday ? "放假" : "调休上班";
}

/// <summary>
/// Working days (工作日) under the State Council's holiday arrangements: a day listed as a holiday is not one, a day
/// listed as a make-up workday is one, and any other day is one when it falls Monday to Friday. A year whose table has
/// not been published yet (<see cref="HasYear"/> false) is counted by the weekday rule alone, which is wrong around its
/// holidays: callers warn about it rather than refuse.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>The most working days a window may count; a window of a public notice is a few days, never months.</summary>
    public const int MaxWindow = 60;

    private readonly Dictionary<DateOnly, ExceptionalDay> _days;
    private readonly HashSet<int> _years;

    public WorkingCalendar(IEnumerable<ExceptionalDay> days)
    {
        _days = [];
        foreach (var day in days)
        {
            _days[day.Day] = day;
        }
        _years = _days.Keys.Select(d => d.Year).ToHashSet();
    }

    /// <summary>The exceptional day recorded for the date, or null when the weekday rule applies.</summary>
    public ExceptionalDay? Exception(DateOnly day) => _days.GetValueOrDefault(day);

    /// <summary>Whether any holiday or make-up workday of the year is known, i.e. whether its table was imported or entered.</summary>
    public bool HasYear(int year) => _years.Contains(year);

    public bool IsWorkingDay(DateOnly day) => _days.TryGetValue(day, out var exceptional)
        ? exceptional.Kind == DayKind.Workday
        : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The day itself when it is a working day, else the next working day after it.</summary>
    public DateOnly FirstWorkingDayFrom(DateOnly day)
    {
        // No table has more than a few weeks of consecutive non-working days (the Spring Festival at most nine, plus a weekend).
        for (var i = 0; i < 366; i++, day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                return day;
            }
        }
        throw new InvalidOperationException("No working day within a year: the calendar's table is broken.");
    }

    /// <summary>
    /// The last day of a window of <paramref name="workingDays"/> working days opened on <paramref name="opensOn"/>: the
    /// opening day counts as the first when it is a working day; opened on a holiday or a weekend, the count starts at the
    /// next working day. Opened Monday 2026-09-28 for 5 working days (28, 29, 30 September, then the National Day holiday
    /// of 1–7 October), the window closes on Friday 2026-10-09.
    /// </summary>
    public DateOnly WindowClosesOn(DateOnly opensOn, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var day = FirstWorkingDayFrom(opensOn);
        for (var counted = 1; counted < workingDays; counted++)
        {
            day = FirstWorkingDayFrom(day.AddDays(1));
        }
        return day;
    }

    /// <summary>The number of working days from <paramref name="from"/> to <paramref name="to"/>, both included; 0 when to is before from.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// "2026-09-28" → the date; null for anything else (2026-9-28, 2026-02-30, a month). The API and the pages share it so
    /// that a bad date answers with the field's name instead of a framework error.
    /// </summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;
}
