using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>
/// One browser context and page whose every document is checked by axe-core (<see cref="Axe"/>). <see cref="GotoAsync"/>
/// and <see cref="SignInAsync"/> check each page they reach; after a navigation a test starts itself (a link clicked,
/// a form sent) it calls <see cref="CheckAsync"/>, and where a page changes without one (a tab opened) too. The session
/// counts the documents the page loads: one left without a check is itself a finding, so no page goes unchecked.
/// Findings are collected and fail the test at <see cref="AssertAccessibleAsync"/> or when the session ends
/// (<c>await using</c>, which first checks the page as it is left), each with its page, rule id, element and help text.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly TimeSpan AxeTimeout = TimeSpan.FromSeconds(120);
    private readonly List<string> _findings = [];
    private readonly HashSet<string> _seen = [];
    private readonly List<string> _checked = [];
    private readonly List<string> _loaded = [];
    private string? _lastChecked;
    private int _reported;

    private BrowserSession(IBrowserContext context, IPage page, string baseUrl)
    {
        Context = context;
        Page = page;
        BaseUrl = baseUrl;
        page.Load += (_, loaded) =>
        {
            if (loaded.Url.StartsWith("http", StringComparison.Ordinal))
            {
                lock (_loaded)
                {
                    _loaded.Add(PathOf(loaded.Url));
                }
            }
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public string BaseUrl { get; }

    /// <summary>The paths of the documents axe-core has checked so far, in order.</summary>
    public IReadOnlyList<string> CheckedPages => _checked;

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, string baseUrl, BrowserNewContextOptions? options)
    {
        options ??= new BrowserNewContextOptions();
        options.Locale ??= "zh-CN";
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        // No fading: axe-core measures colour contrast, which a half-faded tab would fail.
        options.ReducedMotion ??= ReducedMotion.Reduce;
        var context = await browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, baseUrl.TrimEnd('/'));
    }

    /// <summary>Opens a path of the site and checks the page.</summary>
    public async Task<IResponse?> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(BaseUrl + path);
        await CheckAsync();
        return response;
    }

    /// <summary>Signs in through the login page, as a person would, and waits for the home page; both are checked.</summary>
    public async Task SignInAsync(string userName, string password = Laurel.Web.Tests.Infrastructure.LaurelApp.Password)
    {
        await GotoAsync("/login");
        await Page.FillAsync("[data-field=userName]", userName);
        await Page.FillAsync("[data-field=password]", password);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(BaseUrl + "/");
        await CheckAsync();
    }

    /// <summary>Checks the page as it stands now and fails with every finding collected so far.</summary>
    public async Task AssertAccessibleAsync()
    {
        await CheckAsync();
        ThrowFindings();
    }

    /// <summary>Runs axe-core on the page as it stands; its findings fail the test later (or at <see cref="AssertAccessibleAsync"/>).</summary>
    public async Task CheckAsync()
    {
        var url = Page.Url;
        if (Page.IsClosed || !url.StartsWith("http", StringComparison.Ordinal))
        {
            return;
        }
        var path = PathOf(url);
        lock (_loaded)
        {
            foreach (var skipped in _loaded.Where(p => p != path && p != _lastChecked).Distinct())
            {
                Add($"{skipped}: loaded but never checked by axe-core (a test calls session.CheckAsync() after a navigation it starts)");
            }
            _loaded.Clear();
        }
        _lastChecked = path;
        try
        {
            // The browser's own view of a JSON answer or a file is no page of ours.
            if (await Page.EvaluateAsync<string>("() => document.contentType").WaitAsync(AxeTimeout) != "text/html")
            {
                return;
            }
            foreach (var finding in await Axe.SeriousViolationsAsync(Page).WaitAsync(AxeTimeout))
            {
                Add(finding);
            }
            _checked.Add(path);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            Add($"{path}: axe-core could not run ({e.Message.Split('\n')[0]})");
        }
    }

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.PathAndQuery : url;

    private void Add(string finding)
    {
        if (_seen.Add(finding))
        {
            _findings.Add(finding);
        }
    }

    private void ThrowFindings()
    {
        if (_findings.Count > _reported)
        {
            var fresh = _findings.Skip(_reported).ToList();
            _reported = _findings.Count;
            throw new AxeViolationsException(fresh);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CheckAsync();
        }
        finally
        {
            await Context.CloseAsync();
        }
        ThrowFindings();
    }
}
