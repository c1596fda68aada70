using Laurel.Rules.Calendar;
using Laurel.Rules.Identity;
using Laurel.Rules.Text;

namespace Laurel.Web.Features.Shared;

/// <summary>
/// The checks of typed text every command shares: <see cref="TypedText"/>'s character rule, "empty" meaning nothing but
/// whitespace or invisible characters, and a maximum length. Each adds a field-named message and returns the trimmed
/// value, or null (empty or refused).
/// </summary>
public static class TextFields
{
    public static string? Required(string? input, string field, string label, int max, FieldErrors errors, bool multiLine = false)
    {
        if (TypedText.IsEmpty(input))
        {
            errors.Add(field, $"{label}不能为空");
            return null;
        }
        return Optional(input, field, label, max, errors, multiLine);
    }

    /// <summary>Null for null or whitespace; an otherwise empty value of invisible characters is refused, never dropped.</summary>
    public static string? Optional(string? input, string field, string label, int max, FieldErrors errors, bool multiLine = false)
    {
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (TypedText.Check(value, multiLine) is { } problem)
        {
            errors.Add(field, label + problem);
            return null;
        }
        if (value.Length > max)
        {
            errors.Add(field, $"{label}不能超过{max}个字符");
            return null;
        }
        return value;
    }

    /// <summary>A resident ID (GB 11643) under "residentId": the registry's, the pool's and the candidates' one check.</summary>
    public static ResidentId? ResidentIdNumber(string? input, DateOnly today, FieldErrors errors)
    {
        if (TypedText.IsEmpty(input))
        {
            errors.Add("residentId", "身份证号不能为空");
            return null;
        }
        if (ResidentId.TryParse(input, today, out var id, out var error))
        {
            return id;
        }
        errors.Add("residentId", "身份证号" + error);
        return null;
    }

    /// <summary>A code from a fixed list (a region, a title, a status): only its characters are checked here, the list by the caller.</summary>
    public static bool IsClean(string? input, string field, string label, FieldErrors errors)
    {
        if (TypedText.Check(input) is { } problem)
        {
            errors.Add(field, label + problem);
            return false;
        }
        return true;
    }
}

/// <summary>
/// "Today" and "this month" in Beijing from the injected clock, never the host's time zone (a server on UTC would
/// otherwise still be in yesterday until 08:00 Beijing time), and the month checks of <see cref="DateBounds"/> with
/// field names.
/// </summary>
public static class Dates
{
    public static DateOnly Today(TimeProvider clock) => DateBounds.BeijingToday(clock.GetUtcNow());

    /// <summary>This month in Beijing as 2026-07 (a month field's value): the default of every month field and parameter.</summary>
    public static string ThisMonth(TimeProvider clock) => PayMonth.Format(DateBounds.BeijingMonth(clock.GetUtcNow()));

    /// <summary>
    /// The month as a month field sends it (2026-12) or as typed (2026年12月) and within range, or null with a message
    /// naming the field (<paramref name="label"/>: 发放月份) under <paramref name="field"/>.
    /// </summary>
    public static DateOnly? Month(string? text, string field, string label, TimeProvider clock, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"请选择{label}");
            return null;
        }
        var month = PayMonth.Parse(text);
        if (month is null)
        {
            errors.Add(field, label + PayMonth.FormatError);
            return null;
        }
        if (DateBounds.CheckMonth(month.Value, Today(clock)) is { } problem)
        {
            errors.Add(field, label + problem.TrimStart('月', '份'));
            return null;
        }
        return month;
    }
}
