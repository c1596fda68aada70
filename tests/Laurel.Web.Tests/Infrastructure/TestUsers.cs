using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>
/// Users of a test's own, created through the API by the demo sysadmin: tests that grant, lock out, reset or deactivate
/// someone never touch a demo account that other tests sign in with.
/// </summary>
public static class TestUsers
{
    public const string Password = "Fresh@2026x";

    /// <summary>
    /// A new user of <paramref name="unitName"/> (password <see cref="LaurelApp.Password"/>, so that
    /// <see cref="LaurelApp.ApiAs"/> signs them in) holding the given grants. The grants are written straight into
    /// role_grants with the owner's login: the tests using this are about what a grant allows, not about how one is given.
    /// </summary>
    public static async Task<string> Create(LaurelApp app, string unitName, params (string Role, string UnitName)[] grants)
    {
        var (id, userName) = await CreateAsync(app, "t", unitName, LaurelApp.Password);
        foreach (var (role, unit) in grants)
        {
            (await TestDb.Scalar<long>(app.OwnerConnectionString,
                "WITH g AS (INSERT INTO role_grants (user_id, role, org_unit_id) SELECT $1, $2, id FROM org_units WHERE name = $3 RETURNING 1) SELECT count(*) FROM g",
                id, role, unit)).ShouldBe(1);
        }
        return userName;
    }

    /// <summary>Creates a user with no grants (by default under 建外街道总工会, password <see cref="Password"/>); returns its id and name.</summary>
    public static async Task<(long Id, string UserName)> CreateAsync(LaurelApp app, string prefix = "u", string unitName = "建外街道总工会",
        string password = Password)
    {
        var admin = await app.ApiAs("admin");
        var userName = TestData.UniqueName(prefix + "-");
        var unit = await TestData.UnitId(admin, unitName);
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName = "测试用户", orgUnitId = unit, password });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), userName);
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(LaurelApp app, string userName, string password) =>
        app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = userName, password });

    /// <summary>A fresh token of the user (every call is a new one).</summary>
    public static async Task<string> TokenAsync(LaurelApp app, string userName, string password = Password)
    {
        var response = await RequestTokenAsync(app, userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public static HttpClient WithToken(LaurelApp app, string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through the login page; returns the client, its cookies and the answer's redirect target.</summary>
    public static async Task<SignedIn> SignInAsync(LaurelApp app, string userName, string password = Password)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var form = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName}");
        return new SignedIn(client, cookies.GetCookieHeader(app.BaseAddress), response.Headers.Location!.OriginalString);
    }

    /// <summary>A client that sends exactly this Cookie header, as someone who copied the cookie would.</summary>
    public static HttpClient WithCookieHeader(LaurelApp app, string cookieHeader)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    /// <summary>Posts a form of the signed-in client, with the antiforgery token of the page it is on.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await client.GetStringAsync(page));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static Task<long> AuditCount(LaurelApp app, string action, long userId) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = $1 AND entity_type = 'user' AND entity_id = $2",
            action, userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A client signed in through the login page, the Cookie header it sent at sign-in, and where the login sent it.</summary>
public sealed record SignedIn(HttpClient Client, string CookieHeader, string Location);
