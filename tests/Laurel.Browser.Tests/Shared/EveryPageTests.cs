using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Shared;

/// <summary>The demo with one computed payment cycle of 内蒙古自治区总工会, for the pages a finance user sees.</summary>
public sealed class DemoWithCycleFixture : BrowserFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var finance = await App.ApiAs("nmg-finance");
        var unit = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray()
            .Single(u => u.GetProperty("name").GetString() == "内蒙古自治区总工会").GetProperty("id").GetInt64();
        var created = await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month = "2026-07" });
        created.EnsureSuccessStatusCode();
        var cycle = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await finance.PostAsync($"/api/v1/payment-cycles/{cycle}/compute", null)).EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Every demo role signs in and opens every page its menu and home page link to, and the main detail pages it may see:
/// an honoree record with each of its tabs, a policy pack, a payment cycle, the audit log with a filter. axe-core checks
/// each (<see cref="BrowserSession"/>): no critical or serious violation anywhere.
/// </summary>
public sealed class EveryPageTests(DemoWithCycleFixture fixture) : IClassFixture<DemoWithCycleFixture>
{
    [Theory]
    [InlineData("admin")]
    [InlineData("auditor")]
    // Managers at the top and the bottom of the tree: a municipal manager (hohhot) reaches the same pages as nmg.
    [InlineData("nmg")]
    [InlineData("jianwai")]
    [InlineData("nmg-finance")]
    [InlineData("nmg-checker")]
    [InlineData("chaoyang-viewer")]
    [InlineData("chaoyang-selection")]
    public async Task Every_page_a_role_reaches_from_its_menu_and_home_page_has_no_critical_or_serious_accessibility_violation(string userName)
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync(userName);

        var paths = await SamePagePathsAsync(page, "header nav a[href^='/'], main a[href^='/']");
        paths.ShouldContain("/");
        foreach (var path in paths)
        {
            await session.GotoAsync(path);
        }

        if (paths.Contains("/honorees"))
        {
            await session.GotoAsync("/honorees");
            var record = (await SamePagePathsAsync(page, "main a[href^='/honorees/']")).First(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^/honorees/\d+$"));
            var extra = await SamePagePathsAsync(page, "main a[href='/honorees/new']");
            await session.GotoAsync(record);
            // Each tab's content is hidden until chosen, and axe-core looks only at what is shown.
            foreach (var tab in await page.Locator("[role=tab]").AllAsync())
            {
                await tab.ClickAsync();
                var pane = await tab.GetAttributeAsync("aria-controls");
                await page.Locator($"#{pane}.active.show").WaitForAsync();
                await session.AssertAccessibleAsync();
            }
            foreach (var path in extra.Concat(await SamePagePathsAsync(page, "main a[href$='/edit']")))
            {
                await session.GotoAsync(path);
            }
        }
        if (paths.Contains("/policies"))
        {
            await session.GotoAsync("/policies");
            await session.GotoAsync((await SamePagePathsAsync(page, "main a[href^='/policies/']")).First());
        }
        if (paths.Contains("/payments"))
        {
            await session.GotoAsync("/payments");
            await session.GotoAsync((await SamePagePathsAsync(page, "main a[href^='/payments/']")).First(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^/payments/\d+$")));
        }
        if (paths.Contains("/nominations"))
        {
            // The first campaign in sight: its page, its settings and notices' pages (publishing, each notice, its print
            // version), the decision, and every candidate on it with the page of the two reviews (两审核): the demo's
            // 朝阳区 campaign has a candidate at every step, so each step's forms are checked. Then the objection cases.
            await session.GotoAsync("/nominations");
            if ((await SamePagePathsAsync(page, "main a[href^='/nominations/campaigns/']"))
                .FirstOrDefault(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^/nominations/campaigns/\d+$")) is { } campaign)
            {
                await session.GotoAsync(campaign);
                var links = await page.Locator("main a[href^='/nominations/']").EvaluateAllAsync<string[]>(
                    "links => links.filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))");
                var candidates = links.Where(p => System.Text.RegularExpressions.Regex.IsMatch(p, @"^/nominations/candidates/\d+$")).Distinct().ToList();
                foreach (var path in await SamePagePathsAsync(page, "main a[href*='/notices']"))
                {
                    await session.GotoAsync(path);
                }
                await session.GotoAsync(campaign + "/review-departments");
                foreach (var candidate in candidates)
                {
                    await session.GotoAsync(candidate);
                    await session.GotoAsync(candidate + "/reviews");
                }
            }
            await session.GotoAsync("/nominations/objections");
            foreach (var path in (await SamePagePathsAsync(page, "main a[href^='/nominations/objections/']")).Take(1))
            {
                await session.GotoAsync(path);
            }
        }
        if (paths.Contains("/audit"))
        {
            await session.GotoAsync("/audit?user=jianwai&entityType=honoree");
            (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldContain("共");
        }

        await session.AssertAccessibleAsync();
        session.CheckedPages.Count.ShouldBeGreaterThan(paths.Count);
    }

    /// <summary>
    /// The award decision's pages and the attachment pages (issue 12): the demo's decided 铁岭市 campaign with its
    /// decision, one of its candidates with their deeds attachments, and the demo's 内蒙古 revocation case's evidence.
    /// </summary>
    [Fact]
    public async Task The_award_decision_and_attachment_pages_have_no_critical_or_serious_accessibility_violation()
    {
        var api = await fixture.App.ApiAs("tieling-selection");
        var campaign = (await api.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?pageSize=200")).GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("status").GetString() == "decided").GetProperty("id").GetInt64();
        var candidate = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/decision")).GetProperty("items")[0].GetProperty("candidateId").GetInt64();
        await using var session = await fixture.NewSessionAsync();
        await session.SignInAsync("tieling-selection");
        await session.GotoAsync($"/nominations/campaigns/{campaign}");
        await session.GotoAsync($"/nominations/campaigns/{campaign}/decision");
        await session.GotoAsync($"/nominations/candidates/{candidate}");
        await session.GotoAsync($"/nominations/candidates/{candidate}/attachments");

        var revocation = (await (await fixture.App.ApiAs("nmg-selection")).GetFromJsonAsync<JsonElement>("/api/v1/revocations")).GetProperty("items")[0]
            .GetProperty("id").GetInt64();
        await using var nmg = await fixture.NewSessionAsync();
        await nmg.SignInAsync("nmg-selection");
        await nmg.GotoAsync($"/revocations/{revocation}");
        await nmg.GotoAsync($"/revocations/{revocation}/attachments");
        await session.AssertAccessibleAsync();
        await nmg.AssertAccessibleAsync();
    }

    /// <summary>
    /// The paths the matching links go to, except signing out and file downloads, one per page shape: /honorees/12 and
    /// /honorees/34 are the same page with other data (the home page lists many records), so only the first is opened.
    /// </summary>
    private static async Task<List<string>> SamePagePathsAsync(IPage page, string selector)
    {
        var hrefs = await page.Locator(selector).EvaluateAllAsync<string[]>(
            "links => links.filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))");
        return [.. hrefs.Where(h => !h.StartsWith("/logout", StringComparison.Ordinal) && !h.Contains("export", StringComparison.Ordinal))
            .DistinctBy(Shape)];
    }

    private static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, "[0-9]+", "{n}");
}
