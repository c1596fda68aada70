using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests;

/// <summary>Headless Chromium from Debian's packages, driven by Playwright, against Laurel on a real port.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public LaurelApp App { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Signs in through the login page, as a person would, and waits for the home page.</summary>
    public async Task SignInAsync(IPage page, string userName)
    {
        var baseUrl = App.BaseAddress.ToString().TrimEnd('/');
        await page.GotoAsync(baseUrl + "/login");
        await page.FillAsync("[data-field=userName]", userName);
        await page.FillAsync("[data-field=password]", LaurelApp.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class HonoreeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task A_street_cadre_corrects_a_mistyped_resident_id_then_finds_the_new_record_by_name()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var baseUrl = fixture.App.BaseAddress.ToString().TrimEnd('/');

        await fixture.SignInAsync(page, "jianwai");
        (await page.ContentAsync()).ShouldContain("建外街道总工会");

        await page.GotoAsync(baseUrl + "/honorees/new");
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

        await page.FillAsync("[data-field=residentId]", residentId);
        await page.ClickAsync("[data-testid=save]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/honorees/\d+$"));

        await page.GotoAsync(baseUrl + "/honorees?q=" + Uri.EscapeDataString(name));
        await page.ClickAsync($"a:has-text('{name}')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/honorees/\d+$"));
        var detail = await page.ContentAsync();
        detail.ShouldContain(name);
        detail.ShouldContain(residentId[..6] + "********" + residentId[14..]);
        detail.ShouldNotContain(residentId);

        Directory.CreateDirectory(ArtifactsDirectory);
        var shot = Path.Combine(ArtifactsDirectory, "honoree-detail.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        new FileInfo(shot).Length.ShouldBeGreaterThan(10_000);
        await context.CloseAsync();
    }
}
