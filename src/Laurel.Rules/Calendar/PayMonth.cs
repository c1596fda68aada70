using System.Globalization;

namespace Laurel.Rules.Calendar;

/// <summary>
/// A month of benefits and payments, stood for by its first day and written YYYY-MM (2026-07) wherever a person reads
/// or types one.
/// </summary>
public static class PayMonth
{
    /// <summary>What to tell someone who typed a month that is not one.</summary>
    public const string FormatError = "月份格式应为 YYYY-MM，例如 2026-07";

    /// <summary>The month a date lies in (its first day).</summary>
    public static DateOnly Of(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>"2026-07" → 2026-07-01; null for anything that is not a month (2026-13, say).</summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ? first : null;

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
