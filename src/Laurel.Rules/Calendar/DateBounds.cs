namespace Laurel.Rules.Calendar;

/// <summary>
/// The sane range of every month and date Laurel accepts, so that a typing error (0001-01, 9999-12) is refused instead
/// of stored: a cycle for year 1 would wait for a special fund that never comes and block every later cycle of its unit.
/// Facts, honours and months start at the founding of the People's Republic (1949-10-01), before which no title of the
/// catalogue was awarded; a parameter value starts at its pack's effective date. Months and parameter values reach at
/// most two years past today (a budgeted plan, not a typo); facts and awards record what happened, so not after today.
/// "Today" is Beijing time. Each check returns null when fine, else a short Chinese message naming no field.
/// </summary>
public static class DateBounds
{
    /// <summary>The earliest date of a fact, an award or a month: the founding of the People's Republic.</summary>
    public static readonly DateOnly Earliest = new(1949, 10, 1);

    /// <summary>How far ahead of today a month or a parameter value may lie.</summary>
    public const int YearsAhead = 2;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>Today's date in Beijing (UTC+8, no daylight saving) at the given instant.</summary>
    public static DateOnly BeijingToday(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime);

    /// <summary>
    /// The instant (in UTC, as PostgreSQL's timestamptz takes it) at which the given Beijing day begins: 00:00 in Beijing
    /// is 16:00 UTC of the day before. A Beijing day runs from its start up to, not including, the next day's.
    /// </summary>
    public static DateTimeOffset BeijingDayStart(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();

    /// <summary>This month in Beijing (its first day) at the given instant, whatever the host's time zone.</summary>
    public static DateOnly BeijingMonth(DateTimeOffset now) => PayMonth.Of(BeijingToday(now));

    /// <summary>The latest date a month or a parameter value may have: today plus two years.</summary>
    public static DateOnly Latest(DateOnly today) => today.AddYears(YearsAhead);

    /// <summary>
    /// A month (its first day) of a payment cycle, an approved payment, an entitlement or an evaluation: from 1949-10 to
    /// the month of today plus two years, both included.
    /// </summary>
    public static string? CheckMonth(DateOnly month, DateOnly today)
    {
        if (month < PayMonth.Of(Earliest))
            return $"月份不能早于{PayMonth.ChineseFormat(PayMonth.Of(Earliest))}";
        if (month > PayMonth.Of(Latest(today)))
            return $"月份不能晚于{PayMonth.ChineseFormat(PayMonth.Of(Latest(today)))}（今天起两年内）";
        return null;
    }

    /// <summary>A date a fact or an honour took effect (employment, pension, award, revocation, death): 1949-10-01 to today.</summary>
    public static string? CheckFactDate(DateOnly date, DateOnly today)
    {
        if (date < Earliest)
            return $"日期不能早于 {Earliest:yyyy-MM-dd}";
        if (date > today)
            return "日期不能晚于今天";
        return null;
    }

    /// <summary>A birth date: not in the future, and not before the earliest a resident ID may carry (1800).</summary>
    public static string? CheckBirthDate(DateOnly birth, DateOnly today)
    {
        if (birth > today)
            return "出生日期不能晚于今天";
        if (birth < Identity.ResidentId.MinBirthDate)
            return $"出生日期不能早于 {Identity.ResidentId.MinBirthDate:yyyy-MM-dd}";
        return null;
    }

    /// <summary>The date a parameter value takes effect: from its pack's effective date to today plus two years.</summary>
    public static string? CheckValueDate(DateOnly from, DateOnly packEffective, DateOnly today)
    {
        if (from < packEffective)
            return $"生效日期不能早于政策施行日期 {packEffective:yyyy-MM-dd}";
        if (from > Latest(today))
            return $"生效日期不能晚于 {Latest(today):yyyy-MM-dd}（今天起两年内）";
        return null;
    }
}
