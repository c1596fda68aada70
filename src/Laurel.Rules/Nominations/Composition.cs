namespace Laurel.Rules.Nominations;

/// <summary>A composition rule of a campaign: the minimum and/or maximum share (0–1) of candidates of a category.</summary>
public sealed record CompositionRule(string Category, decimal? MinShare, decimal? MaxShare);

/// <summary>How one rule stands: the count of the category, the total, and the warning when it is not met (null when met).</summary>
public sealed record CompositionStanding(CompositionRule Rule, int Count, int Total, string? Warning);

/// <summary>
/// Composition rules (结构比例) are settings of the campaign with no shipped figures (the sources give none). They are
/// evaluated to warnings: shown on each submission and on the campaign page; only the award decision is blocked by them.
/// </summary>
public static class Composition
{
    /// <summary>Null when the rule is well formed; otherwise the message.</summary>
    public static string? RuleProblem(CompositionRule rule)
    {
        if (!NominationCodes.IsKnown(NominationCodes.Categories, rule.Category))
        {
            return $"人选类别应为{NominationCodes.Choices(NominationCodes.Categories)}之一";
        }
        if (rule.MinShare is null && rule.MaxShare is null)
        {
            return "请填写最低比例或最高比例";
        }
        if (rule.MinShare is < 0 or > 1 || rule.MaxShare is < 0 or > 1)
        {
            return "比例应在 0 至 100% 之间";
        }
        return rule.MinShare > rule.MaxShare ? "最低比例不能高于最高比例" : null;
    }

    /// <summary>Each rule against the categories of the candidates that hold a seat.</summary>
    public static IReadOnlyList<CompositionStanding> Evaluate(IReadOnlyList<CompositionRule> rules, IReadOnlyList<string> categories)
    {
        var total = categories.Count;
        return rules.Select(rule =>
        {
            var count = categories.Count(c => c == rule.Category);
            var name = NominationCodes.Name(NominationCodes.Categories, rule.Category) ?? rule.Category;
            string? warning = null;
            // An empty list meets no minimum yet, and breaks no maximum.
            if (rule.MinShare is { } min && (total == 0 || count < min * total))
            {
                warning = $"{name}占比 {Percent(count, total)}，低于最低比例 {Share(min)}";
            }
            else if (rule.MaxShare is { } max && total > 0 && count > max * total)
            {
                warning = $"{name}占比 {Percent(count, total)}，高于最高比例 {Share(max)}";
            }
            return new CompositionStanding(rule, count, total, warning);
        }).ToList();
    }

    public static IReadOnlyList<string> Warnings(IReadOnlyList<CompositionRule> rules, IReadOnlyList<string> categories) =>
        Evaluate(rules, categories).Where(s => s.Warning is not null).Select(s => s.Warning!).ToList();

    private static string Percent(int count, int total) =>
        total == 0 ? "0%（尚无人选）" : $"{Share((decimal)count / total)}（{count}/{total}）";

    /// <summary>0.5 → "50%", whatever the host's culture.</summary>
    public static string Share(decimal share) =>
        decimal.Round(share * 100, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
