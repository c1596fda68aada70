using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Shared;

/// <summary>
/// Chinese everywhere a cadre reads: every staff page a demo account reaches by following links from the home page is
/// rendered, and its visible text (and the placeholders, titles and labels a person reads) holds no ASCII word of three
/// letters or more outside a short allow-list. Codes stay in attributes and in the API.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class ChineseTextTests(LaurelApp app)
{
    /// <summary>
    /// Words a cadre may read: file formats, the names of authenticator products on the two-factor page, a demo unit's
    /// proper name (建外SOHO联合工会), and the demo accounts' user names (shown on /users and in the greeting).
    /// </summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "PDF", "JPEG", "PNG", "CSV", "Excel", "xlsx", "Microsoft", "Authenticator", "Google", "FreeOTP", "Windows", "Hello", "SOHO",
        "admin", "admin2", "auditor", "acftu", "nmg", "hohhot", "tieling", "datong", "chaoyang", "jianwai", "wangjing", "langfang",
        "suzhou", "viewer", "finance", "checker",
    };

    /// <summary>At most this many pages of one shape (/honorees/#, /policies/…?tab=) per account: their text comes from the same view.</summary>
    private const int PerShape = 2;

    [GeneratedRegex("[A-Za-z]{3,}[0-9]*")]
    private static partial Regex AsciiWord();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    [Theory]
    [InlineData("admin")]
    [InlineData("nmg")]
    [InlineData("nmg-finance")]
    public async Task Every_page_a_demo_account_reaches_from_the_home_page_reads_in_Chinese(string userName)
    {
        var client = await app.BrowserAs(userName);
        // User names are what people type to sign in: /users shows them as they are, those of other tests' users too.
        var userNames = (await (await app.ApiAs("admin")).GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray()
            .Select(u => u.GetProperty("userName").GetString()!).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var visited = 0;
        while (queue.TryDequeue(out var path))
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            visited++;
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            problems.AddRange(EnglishIn(page, userNames).Select(w => $"{path}: {w}"));
            foreach (var link in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith("/api/", StringComparison.Ordinal)
                    || link.StartsWith("/login", StringComparison.Ordinal) || link.StartsWith("/logout", StringComparison.Ordinal))
                {
                    continue;
                }
                var target = link.Split('#')[0];
                var shape = Shape(target);
                if (target.Length > 0 && seen.Add(target) && (shapes[shape] = shapes.GetValueOrDefault(shape) + 1) <= PerShape)
                {
                    queue.Enqueue(target);
                }
            }
        }
        visited.ShouldBeGreaterThan(3, "the crawl reached hardly any page");
        problems.Distinct().ShouldBeEmpty();
    }

    /// <summary>The path with every number as #, and the names (not values) of its query.</summary>
    private static string Shape(string target)
    {
        var parts = target.Split('?', 2);
        var query = parts.Length > 1 ? string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal)) : "";
        return Digits().Replace(parts[0], "#") + "?" + query;
    }

    /// <summary>The ASCII words of the text a person reads on the page, with a few characters of context each.</summary>
    private static IEnumerable<string> EnglishIn(IDocument page, IReadOnlySet<string> userNames)
    {
        foreach (var name in page.QuerySelectorAll("*").Where(e => e.ChildElementCount == 0 && userNames.Contains(e.TextContent.Trim())).ToList())
        {
            name.TextContent = "";
        }
        // Not read: scripts and styles, a datalist's hidden choices (its labels are Chinese), and what a person copies
        // into a device (a two-factor secret, its authenticator address, recovery codes).
        foreach (var hidden in page.QuerySelectorAll("script, style, template, noscript, datalist, code, kbd, [data-authenticator-uri]").ToList())
        {
            hidden.Remove();
        }
        var texts = new List<string> { page.Title ?? "", page.Body?.TextContent ?? "" };
        foreach (var element in page.QuerySelectorAll("[placeholder], [title], [aria-label], [alt]"))
        {
            // A label may name a user by login (授予 jianwai 的角色): the login is a name, not English.
            texts.AddRange(new[] { "placeholder", "title", "aria-label", "alt" }.Select(element.GetAttribute).OfType<string>()
                .Select(t => userNames.OrderByDescending(n => n.Length).Aggregate(t, (text, n) => text.Replace(n, "", StringComparison.Ordinal))));
        }
        foreach (var text in texts)
        {
            foreach (Match word in AsciiWord().Matches(text))
            {
                if (!Allowed.Contains(word.Value))
                {
                    var from = Math.Max(0, word.Index - 12);
                    yield return $"“{word.Value}” in “{text.Substring(from, Math.Min(text.Length - from, word.Length + 24)).ReplaceLineEndings(" ").Trim()}”";
                }
            }
        }
    }
}
