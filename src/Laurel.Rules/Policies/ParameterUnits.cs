namespace Laurel.Rules.Policies;

/// <summary>The units a pack parameter is given in (the `unit` of a parameter in a policy pack file).</summary>
public static class ParameterUnits
{
    public const string Years = "years";
    public const string Cny = "CNY";
    public const string CnyPerMonth = "CNY_per_month";
    public const string Grades = "grades";
    public const string Persons = "persons";
    public const string Percent = "percent";
    public const string Text = "text";

    /// <summary>Every unit, in the order messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Years, Cny, CnyPerMonth, Grades, Persons, Percent, Text];

    /// <summary>年 / 元 / 元/月 / 级 / 人 / % / 文字: the one Chinese name of a unit; an unknown unit is shown as it is.</summary>
    public static string ChineseName(string? unit) => unit switch
    {
        Years => "年",
        Cny => "元",
        CnyPerMonth => "元/月",
        Grades => "级",
        Persons => "人",
        Percent => "%",
        Text => "文字",
        _ => unit ?? "",
    };

    public static bool IsKnown(string unit) => All.Contains(unit, StringComparer.Ordinal);

    /// <summary>An amount of money in yuan (CNY, CNY_per_month): at most two decimals.</summary>
    public static bool IsMoney(string? unit) => unit is Cny or CnyPerMonth;

    /// <summary>Why a unit is not one of <see cref="All"/>, or null when it is.</summary>
    public static string? UnitError(string unit) =>
        IsKnown(unit) ? null : $"unknown unit '{unit}' ({string.Join(" | ", All)})";

    /// <summary>
    /// Why a value cannot be given in the unit (null unit: not known yet, only the checks for every unit apply), in the
    /// order found; empty when it can.
    /// </summary>
    public static IEnumerable<string> ValueErrors(string? unit, decimal value)
    {
        if (value < 0)
        {
            yield return "must not be negative";
        }
        if (IsMoney(unit) && decimal.Round(value, 2) != value)
        {
            yield return "a CNY amount has at most 2 decimals";
        }
    }
}
