using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>
/// Laurel running on a real Kestrel port against its own database in the test cluster, with the demo data loaded.
/// The tests talk to it over HTTP only, as outside clients would.
/// </summary>
public class LaurelApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Laurel@2026";
    // A fixed key for the tests only; production keys come from configuration, never from the repository.
    public const string TestKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private readonly Dictionary<string, string> _tokens = [];

    private string _owner = "", _app = "";

    public string OwnerConnectionString { get => _owner; private init => _owner = value; }
    public string AppConnectionString { get => _app; private init => _app = value; }
    protected virtual bool LoadDemo => true;
    /// <summary>Laurel:RequireTwoFactor; off in the tests (as in the demo) unless a fixture turns it on.</summary>
    protected virtual bool RequireTwoFactor => false;

    /// <summary>Configuration over the tests' defaults, e.g. a low <c>Laurel:RateLimits:SignIn:PermitLimit</c>.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    public LaurelApp()
    {
        UseKestrel(0);
    }

    /// <summary>Another instance against the same database (the load-balancer case).</summary>
    public static LaurelApp SharingDatabaseWith(LaurelApp other) => new()
    {
        OwnerConnectionString = other.OwnerConnectionString,
        AppConnectionString = other.AppConnectionString,
    };

    public async Task InitializeAsync()
    {
        if (OwnerConnectionString.Length == 0)
        {
            (_owner, _app) = await TestCluster.CreateDatabaseAsync();
        }
        StartServer();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Laurel"] = AppConnectionString,
            ["ConnectionStrings:LaurelOwner"] = OwnerConnectionString,
            ["Laurel:EncryptionKey"] = TestKey,
            ["Laurel:Demo"] = LoadDemo ? "true" : "false",
            ["Laurel:RequireTwoFactor"] = RequireTwoFactor ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // The suite signs demo accounts in from 127.0.0.1 all the time; RateLimitTests and AudienceTests run apps with low limits.
            ["Laurel:RateLimits:SignIn:PermitLimit"] = "1000000",
            ["Laurel:RateLimits:Public:PermitLimit"] = "1000000",
            ["Laurel:RateLimits:Objections:PermitLimit"] = "1000000",
            // The compute warm-up at start (ADR 9) reads the database in the background; PersonLoaderTests runs it itself.
            ["Laurel:WarmUp"] = "false",
        }).AddInMemoryCollection(Settings));
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>The real address Kestrel listens on.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>Forgets the bearer tokens fetched so far; the next <see cref="ApiAs"/> signs in again.</summary>
    public void ForgetSignIns() => _tokens.Clear();

    /// <summary>An API client for a demo account, with a bearer token fetched once per fixture.</summary>
    public async Task<HttpClient> ApiAs(string userName)
    {
        if (!_tokens.TryGetValue(userName, out var token))
        {
            var response = await Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = userName, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenAnswer>())!.Token;
            _tokens[userName] = token;
        }
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A cookie client signed in through the login page, as a browser would be.</summary>
    public async Task<HttpClient> BrowserAs(string userName, CookieContainer? cookies = null)
    {
        cookies ??= new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        var form = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login as {userName} failed: {response.StatusCode}");
        }
        return client;
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } token
            ? token
            : throw new InvalidOperationException("No antiforgery token in the page.");

    private sealed record TokenAnswer(string Token, DateTimeOffset ExpiresAt);
}
