using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Laurel.Web.Tests.Nominations.Objections;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Nominations;

/// <summary>
/// An anonymous objection made on the public form on a phone, then investigated, upheld and ending the candidate on the
/// case page (issue 12 §4, §8), with axe-core on every page. The notice is inserted by SQL until the notices part merges.
/// </summary>
public sealed class ObjectionPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_anonymous_objection_on_a_phone_is_investigated_upheld_and_rejects_the_candidate_after_a_confirmation()
    {
        var k = await ObjectionTestData.CandidateOnNoticeAsync(fixture.App);
        string reference;
        await using (var phone = await fixture.NewSessionAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        }))
        {
            // From the public notice, as a member of the public reads it, to the form of the candidate objected to.
            await phone.GotoAsync($"/public/notices/{k.NoticeId}");
            var page = phone.Page;
            await page.Locator($"a[href='/public/notices/{k.NoticeId}/objection?candidate={k.CandidateId}']").ClickAsync();
            await page.WaitForURLAsync($"**/public/notices/{k.NoticeId}/objection?candidate={k.CandidateId}");
            await phone.CheckAsync();
            (await page.Locator("[data-testid=candidate]").InnerTextAsync()).ShouldContain(k.Name);
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no sideways scrolling on a phone");
            await page.GetByLabel("异议内容（所反映的具体事实）").FillAsync("<script>alert(1)</script>该人选的获奖证书系伪造。");
            await page.ClickAsync("[data-testid=submit-objection]");
            await page.Locator("[data-testid=reference]").WaitForAsync();
            await phone.CheckAsync();
            reference = await page.Locator("[data-testid=reference]").InnerTextAsync();
            reference.ShouldMatch("^YY[0-9]{4}-[0-9]{6}$");
        }

        await using var staff = await fixture.NewSessionAsync();
        var p = staff.Page;
        await staff.SignInAsync("chaoyang-selection");
        await staff.GotoAsync("/nominations/objections?state=received");
        await p.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await p.WaitForURLAsync("**/nominations/objections/*");
        await staff.CheckAsync();
        (await p.Locator("[data-testid=objection-text]").InnerTextAsync()).ShouldBe("<script>alert(1)</script>该人选的获奖证书系伪造。");
        (await p.Locator("[data-testid=objector]").InnerTextAsync()).ShouldContain("匿名");

        await SubmitAsync(staff, p.GetByRole(AriaRole.Button, new() { Name = "指定" }));
        await p.GetByLabel("调查记录（记录后不能修改）").FillAsync("已向发证单位函询，证书编号查无记录。");
        await SubmitAsync(staff, p.GetByRole(AriaRole.Button, new() { Name = "保存记录" }));
        (await p.Locator("[data-testid=notes]").InnerTextAsync()).ShouldContain("查无记录");

        var asked = new List<string>();
        p.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await p.GetByLabel("结论", new() { Exact = true }).SelectOptionAsync("upheld");
        await p.GetByLabel("结论依据（不予受理的写明理由）").FillAsync("发证单位复函：该证书不存在。");
        await SubmitAsync(staff, p.GetByRole(AriaRole.Button, new() { Name = "记录结论" }));
        (await p.Locator("[data-testid=objection-state]").GetAttributeAsync("data-state")).ShouldBe("awaiting_decision");

        await p.GetByLabel("不予通过的理由").FillAsync("异议经调查属实，不予通过。");
        await SubmitAsync(staff, p.Locator("[data-testid=reject-candidate]"));
        asked.Last().ShouldContain(k.Name);
        (await p.Locator("[data-testid=objection-state]").GetAttributeAsync("data-state")).ShouldBe("closed");

        await staff.GotoAsync($"/nominations/candidates/{k.CandidateId}");
        (await p.Locator("[data-state=rejected]").CountAsync()).ShouldBe(1);
        (await p.Locator("[data-testid=candidate-objections]").InnerTextAsync()).ShouldContain(reference);
        await staff.AssertAccessibleAsync();
    }

    /// <summary>Presses a button that posts and redirects back to the case page, and checks the page it lands on once loaded.</summary>
    private static async Task SubmitAsync(BrowserSession session, ILocator button)
    {
        var page = session.Page;
        await page.RunAndWaitForResponseAsync(() => button.ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.Contains("/nominations/objections/", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await session.CheckAsync();
    }
}
