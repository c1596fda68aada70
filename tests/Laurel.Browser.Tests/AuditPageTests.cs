using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Web.Features.Shared;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests;

/// <summary>The auditor's audit log in the browser: a date filter, Chinese names, readable details, the xlsx export.</summary>
public sealed class AuditPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_auditor_filters_by_the_day_reads_an_entry_in_Chinese_opens_its_raw_record_and_downloads_the_xlsx()
    {
        var name = TestData.UniqueName("审计页");
        var id = (await TestData.CreateHonoree(await fixture.App.ApiAs("jianwai"), "建外街道总工会", name)).GetProperty("id").GetInt64();
        var entry = (await (await fixture.App.ApiAs("auditor")).GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=honoree&entityId={id}"))
            .GetProperty("items")[0];
        var day = Show.Date(DateBounds.BeijingToday(entry.GetProperty("occurredAt").GetDateTimeOffset()));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var baseUrl = fixture.App.BaseAddress.ToString().TrimEnd('/');
        await fixture.SignInAsync(page, "auditor");
        await page.GotoAsync($"{baseUrl}/audit");
        await page.SelectOptionAsync("#entityType", new SelectOptionValue { Label = "劳模档案" });
        await page.FillAsync("#entityId", id.ToString());
        await page.FillAsync("#from", day);
        await page.FillAsync("#to", day);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("from=" + day, StringComparison.Ordinal));

        (await page.TextContentAsync("[data-testid=total]"))!.ShouldContain("共 1 条");
        var row = page.Locator("table[data-testid=audit] tbody tr").First;
        (await row.Locator("[data-testid=object]").InnerTextAsync()).ShouldBe($"劳模档案 {id}");
        var details = row.Locator("details[data-testid=details]");
        var list = details.Locator("dl.audit-details");
        (await list.IsVisibleAsync()).ShouldBeFalse();
        await details.Locator(":scope > summary").ClickAsync();
        (await list.IsVisibleAsync()).ShouldBeTrue();
        var shown = await list.InnerTextAsync();
        shown.ShouldContain("姓名");
        shown.ShouldContain(name);
        shown.ShouldContain("就业状态");
        shown.ShouldContain("在职");
        shown.ShouldNotContain("employmentStatus");
        var raw = details.Locator("pre.audit-json").First;
        (await raw.IsVisibleAsync()).ShouldBeFalse();
        await details.Locator("details > summary", new LocatorLocatorOptions { HasText = "原始记录" }).ClickAsync();
        (await raw.IsVisibleAsync()).ShouldBeTrue();
        (await raw.InnerTextAsync()).ShouldContain("\"employmentStatus\": \"employed\"");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-xlsx]"));
        download.SuggestedFilename.ShouldStartWith("审计日志-");
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        var (_, rows) = TestXlsx.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        rows.Count.ShouldBe(2);
        rows[1].Single(c => c.Reference == "F2").Value.ShouldBe("劳模档案");
        await context.CloseAsync();
    }
}
