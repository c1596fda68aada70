using System.Globalization;

namespace Laurel.Rules.Calendar;

/// <summary>
/// A month of benefits and payments, stood for by its first day and written 2026-07 in the API and a month field's
/// value; a person reads 2026年7月 in messages and may type either.
/// </summary>
public static class PayMonth
{
    /// <summary>What to tell someone who typed a month that is not one (after the field's name).</summary>
    public const string FormatError = "格式不正确，请选择年月，例如 2026年12月";

    private static readonly string[] Formats = ["yyyy-MM", "yyyy年M月", "yyyy年MM月", "yyyy/MM"];

    /// <summary>The month a date lies in (its first day).</summary>
    public static DateOnly Of(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>
    /// "2026-07" (what a month field sends), "2026年7月" or "2026/07", trimmed → 2026-07-01; null for anything that is
    /// not a month (2026-13, 2026-7, 202607, a date).
    /// </summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ? first : null;

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>2026年7月: a month as a person reads it in a message.</summary>
    public static string ChineseFormat(DateOnly month) => month.ToString("yyyy年M月", CultureInfo.InvariantCulture);
}
