using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Honorees;

public sealed class HonoreeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_street_cadre_corrects_a_mistyped_resident_id_then_finds_the_new_record_by_name()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;

        await session.SignInAsync("jianwai");
        (await page.ContentAsync()).ShouldContain("建外街道总工会");

        await session.GotoAsync("/honorees/new");
        var name = "韩春" + Guid.NewGuid().ToString("N")[..4];
        var residentId = TestData.NewResidentId();
        var lastChar = residentId[^1];
        var mistyped = residentId[..^1] + (lastChar == '0' ? '1' : '0');
        await page.FillAsync("[data-field=name]", name);
        await page.FillAsync("[data-field=residentId]", mistyped);
        await page.SelectOptionAsync("[data-field=orgUnitId]", new SelectOptionValue { Label = "建外街道总工会" });
        await page.FillAsync("[data-field=hukouRegionCode]", "110105");
        await page.SelectOptionAsync("[data-field='employment.status']", "employed");
        await page.FillAsync("[data-field='employment.since']", "2001-09-01");
        await page.ClickAsync("[data-testid=save]");

        var error = page.Locator("[data-error-for=residentId]");
        (await error.InnerTextAsync()).ShouldContain("校验码");
        (await page.InputValueAsync("[data-field=name]")).ShouldBe(name);
        await session.CheckAsync();

        await page.FillAsync("[data-field=residentId]", residentId);
        await page.ClickAsync("[data-testid=save]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/honorees/\d+$"));
        await session.CheckAsync();

        await session.GotoAsync("/honorees?q=" + Uri.EscapeDataString(name));
        await page.ClickAsync($"a:has-text('{name}')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/honorees/\d+$"));
        await session.CheckAsync();
        var detail = await page.ContentAsync();
        detail.ShouldContain(name);
        detail.ShouldContain(residentId[..6] + "********" + residentId[14..]);
        detail.ShouldNotContain(residentId);

        Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
        var shot = Path.Combine(BrowserFixture.ArtifactsDirectory, "honoree-detail.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        new FileInfo(shot).Length.ShouldBeGreaterThan(10_000);
    }
}
