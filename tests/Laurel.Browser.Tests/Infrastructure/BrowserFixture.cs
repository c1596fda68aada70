using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>Headless Chromium from Debian's packages, driven by Playwright, against Laurel on a real port.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(new LaurelApp())
    {
    }

    /// <summary>A fixture over another kind of app (a <see cref="ProcedureApp"/>, whose clock the test moves).</summary>
    protected BrowserFixture(LaurelApp app) => App = app;

    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    public LaurelApp App { get; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => App.BaseAddress.ToString().TrimEnd('/');

    public virtual async Task InitializeAsync()
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

    /// <summary>
    /// A fresh browser context (zh-CN, 1280×900 unless said otherwise) whose every page is checked by axe-core; open it
    /// with <c>await using</c> so that the last page is checked and the findings fail the test.
    /// </summary>
    public Task<BrowserSession> NewSessionAsync(BrowserNewContextOptions? options = null, string? baseUrl = null) =>
        BrowserSession.OpenAsync(Browser, baseUrl ?? BaseUrl, options);

    public virtual async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}
