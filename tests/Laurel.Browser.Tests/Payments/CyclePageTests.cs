using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Payments;

/// <summary>
/// The payment cycle page as finance staff see it in Chromium: who is offered the approval, the special fund before
/// approving, explanations opened on demand, the bank's reason for a return, and the buttons while a request runs.
/// One app and database for the class, Inner Mongolia's cycles: 2026-01 and 2026-03 end approved, 2026-11 (the latest)
/// ends computed, so that no test's compute waits for another's month.
/// </summary>
public sealed class CyclePageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<BrowserSession> SignedIn(string userName)
    {
        var session = await fixture.NewSessionAsync();
        // Browsers and apps share the test machine's two cores: waits are generous, none is asserted.
        session.Context.SetDefaultTimeout(90_000);
        await session.SignInAsync(userName);
        return session;
    }

    private async Task<long> Cycle(string month, bool compute)
    {
        var finance = await fixture.App.ApiAs("nmg-finance");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var created = await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        if (compute)
        {
            await Act(finance, id, "compute");
        }
        return id;
    }

    private static async Task Act(HttpClient client, long cycle, string action)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/payment-cycles/{cycle}/{action}", new { });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_maker_is_not_offered_the_approval_and_the_checker_sees_what_remains_of_the_special_fund_before_approving()
    {
        var cycle = await Cycle("2026-01", compute: true);
        var view = await (await fixture.App.ApiAs("nmg-checker")).GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}");
        var total = view.GetProperty("total").GetDecimal();
        var remaining = view.GetProperty("specialFund").GetProperty("remaining").GetDecimal();
        total.ShouldBeGreaterThan(0m);

        await using (var makerSession = await SignedIn("nmg-finance"))
        {
        var maker = makerSession.Page;
        await makerSession.GotoAsync($"/payments/{cycle}");
        (await maker.Locator("[data-testid=compute]").IsVisibleAsync()).ShouldBeTrue();
        (await maker.Locator("[data-testid=approve]").CountAsync()).ShouldBe(0);
        (await maker.GetByRole(AriaRole.Button, new() { Name = "审批" }).CountAsync()).ShouldBe(0);
        (await maker.Locator("[data-testid=maker-note]").InnerTextAsync()).ShouldContain("须由另一名财务人员");
        }

        await using var checkerSession = await SignedIn("nmg-checker");
        var checker = checkerSession.Page;
        await checkerSession.GotoAsync($"/payments/{cycle}");
        var fund = await checker.Locator("[data-testid=approve-fund]").InnerTextAsync();
        fund.ShouldContain($"本批次合计 {Money(total)} 元");
        fund.ShouldContain($"专项经费剩余 {Money(remaining)} 元，审批后剩余 {Money(remaining - total)} 元");
        (await checker.Locator("[data-testid=special-fund]").InnerTextAsync()).ShouldContain($"剩余 {Money(remaining)} 元");
        string? asked = null;
        checker.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await checker.ClickAsync("[data-testid=approve]");
        await checker.Locator("[data-testid=status][data-status=approved]").WaitForAsync();
        await checkerSession.CheckAsync();
        asked.ShouldNotBeNull().ShouldContain("确定审批");
        (await checker.Locator("[data-testid=special-fund]").InnerTextAsync()).ShouldContain($"剩余 {Money(remaining - total)} 元");
    }

    [Fact]
    public async Task While_the_compute_runs_the_buttons_are_disabled_and_say_so_and_then_each_explanation_opens_on_demand()
    {
        var cycle = await Cycle("2026-11", compute: false);
        await using var session = await SignedIn("nmg-finance");
        var page = session.Page;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await session.GotoAsync($"/payments/{cycle}");

        // The compute's request is held until the page has been looked at: no timing involved.
        var release = new TaskCompletionSource();
        await page.RouteAsync(new Regex("handler=Compute"), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var click = page.ClickAsync("[data-testid=compute]");
        // Read in the page itself, in one go: while its navigation is pending, Playwright's locators wait for the next page.
        var busy = await (await page.WaitForFunctionAsync("""
            () => {
                const compute = document.querySelector('[data-testid=compute]');
                if (!compute.disabled) return null;
                const status = document.querySelector('[data-busy-status]');
                return JSON.stringify({ text: compute.textContent, busy: compute.getAttribute('aria-busy'),
                    deleteDisabled: document.querySelector('[data-testid=delete]').disabled,
                    role: status.getAttribute('role'), status: status.textContent });
            }
            """)).JsonValueAsync<string>();
        var shown = JsonDocument.Parse(busy).RootElement;
        shown.GetProperty("text").GetString()!.ShouldContain("正在计算");
        shown.GetProperty("busy").GetString().ShouldBe("true");
        shown.GetProperty("deleteDisabled").GetBoolean().ShouldBeTrue();
        shown.GetProperty("role").GetString().ShouldBe("status");
        shown.GetProperty("status").GetString()!.ShouldContain("正在计算");
        release.SetResult();
        await click;
        await page.Locator("[data-testid=flash]").WaitForAsync();
        await session.CheckAsync();
        (await page.Locator("[data-testid=flash]").InnerTextAsync()).ShouldContain("计算完成");
        (await page.Locator("[data-testid=compute]").IsEnabledAsync()).ShouldBeTrue();

        // Every row's explanation is closed; the keyboard opens one.
        var details = page.Locator("[data-testid=items] details.item-explanation");
        (await details.CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("[data-testid=items] details.item-explanation[open]").CountAsync()).ShouldBe(0);
        var first = details.First;
        (await first.Locator(".explanation-text").IsVisibleAsync()).ShouldBeFalse();
        await first.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=items] details.item-explanation').open");
        (await first.Locator(".explanation-text").IsVisibleAsync()).ShouldBeTrue();
        (await first.Locator(".explanation-text").InnerTextAsync()).Length.ShouldBeGreaterThan(0);
        (await page.Locator("[data-testid=items] details.item-explanation[open]").CountAsync()).ShouldBe(1);

        Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "payment-cycle.png"), FullPage = true });
        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_payment_the_bank_returned_shows_the_banks_reason_in_the_summary_and_on_its_row()
    {
        var cycle = await Cycle("2026-03", compute: true);
        var finance = await fixture.App.ApiAs("nmg-finance");
        await Act(await fixture.App.ApiAs("nmg-checker"), cycle, "approve");
        var csv = Encoding.UTF8.GetString(await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv"));
        var ids = Regex.Matches(csv, "LM[0-9]{6}[A-Z0-9]{14}").Select(m => m.Value).ToList();
        ids.Count.ShouldBeGreaterThan(1);
        var results = new StringBuilder("指令号,结果,原因\r\n");
        foreach (var id in ids)
        {
            results.Append(id).Append(id == ids[0] ? ",失败,账户已销户\r\n" : ",成功,\r\n");
        }
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(results.ToString())), "file", "回单.csv" } })
        {
            var imported = await finance.PostAsync($"/api/v1/payment-cycles/{cycle}/bank-results", form);
            imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }

        await using var session = await SignedIn("nmg-finance");
        var page = session.Page;
        await session.GotoAsync($"/payments/{cycle}");
        var summary = await page.Locator("[data-testid=bank-results]").InnerTextAsync();
        summary.ShouldContain("退回 1 笔");
        summary.ShouldContain("账户已销户：1 笔");
        await page.ClickAsync("[data-testid=returned-link]");
        await page.WaitForURLAsync(new Regex("status=returned"));
        await page.Locator("#status option[value=returned][selected]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await session.CheckAsync();
        var row = page.Locator("[data-testid=items] tbody tr");
        (await row.CountAsync()).ShouldBe(1);
        (await row.GetAttributeAsync("data-instruction-id")).ShouldBe(ids[0]);
        (await row.Locator("[data-testid=result-reason]").InnerTextAsync()).ShouldBe("账户已销户");
    }
}
