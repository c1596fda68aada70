namespace Laurel.Rules.Registry;

/// <summary>
/// Checks of a fact's fields. Each returns null when fine, else a short Chinese message that names no field
/// (the caller prefixes the field label).
/// </summary>
public static class FactRules
{
    /// <summary>Upper bound (exclusive) of a plausible monthly pension; larger values are typing errors.</summary>
    public const decimal MaxPensionAmountExclusive = 1_000_000m;

    /// <summary>
    /// A monthly pension in CNY: not negative, at most 2 decimals (fen), below 1,000,000.
    /// Edge case: trailing zeros are fine (12.340 has scale 3 but is 12.34); 0 is fine (no pension).
    /// </summary>
    public static string? CheckPensionAmount(decimal amount)
    {
        if (amount < 0)
            return "不能为负数";
        if (decimal.Round(amount, 2) != amount)
            return "最多保留两位小数";
        if (amount >= MaxPensionAmountExclusive)
            return "应小于1000000";
        return null;
    }

    /// <summary>
    /// A fact's effective date: not after today (facts record what happened, not plans), not before the founding
    /// (<see cref="Calendar.DateBounds.Earliest"/>) and not before the person's birth date when known. The birth date
    /// itself is accepted.
    /// </summary>
    public static string? CheckEffectiveOn(DateOnly effectiveOn, DateOnly today, DateOnly? birthDate)
    {
        if (effectiveOn > today)
            return "生效日期不能晚于今天";
        if (effectiveOn < Calendar.DateBounds.Earliest)
            return $"生效日期不能早于 {Calendar.DateBounds.Earliest:yyyy-MM-dd}";
        if (birthDate is { } born && effectiveOn < born)
            return "生效日期不能早于出生日期";
        return null;
    }

    /// <summary>
    /// Whether a fact of <paramref name="kind"/> may be withdrawn as entered in error, given the facts of the record that
    /// stay in force once it is gone. Every record holds a hukou, a managing unit and an employment status from its
    /// registration: the last fact of one of those kinds cannot be withdrawn (the record would lose it), it is corrected
    /// by registering the right one. Pension and death facts may always be withdrawn. Null when fine.
    /// </summary>
    public static string? CheckWithdrawal(FactKind kind, IEnumerable<Fact> remaining)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        if (kind is not (FactKind.Hukou or FactKind.OrgUnit or FactKind.Employment) || remaining.Any(f => f.Kind == kind))
            return null;
        var name = FactCodes.ChineseName(kind);
        return $"这是该档案唯一的{name}记录，撤回后档案将没有{name}；如登记有误，请登记正确的{FactCodes.EventName(kind)}。";
    }
}
