using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) on a page as it stands. Laurel's rule: no critical or serious violation on any
/// page. <see cref="BrowserSession"/> runs it on every page a browser test visits; tests call it directly at the points
/// where a page changes without a navigation (a tab opened, a form's fields shown).
/// </summary>
public static class Axe
{
    private static readonly string[] Blocking = ["critical", "serious"];

    /// <summary>One line per critical or serious finding: address, rule id, impact, the element's selector, the help text.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .SelectMany(v => v.Nodes.Select(n => $"{Path(result.Url)} {v.Id} ({v.Impact}) at {n.Target} {Short(n.Html)}: {v.Help} — {v.HelpUrl}"))];
    }

    /// <summary>Fails naming every critical or serious violation on the page as it stands.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var found = await SeriousViolationsAsync(page);
        if (found.Count > 0)
        {
            throw new AxeViolationsException(found);
        }
    }

    private static string Short(string? html) => html is null ? "" : html.Length <= 120 ? html : html[..120] + "…";

    private static string Path(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;
}

public sealed class AxeViolationsException(IReadOnlyCollection<string> violations)
    : Exception($"axe-core: {violations.Count} critical or serious violation(s):\n" + string.Join('\n', violations));
