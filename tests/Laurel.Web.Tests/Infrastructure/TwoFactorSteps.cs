using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), computed from the key the enrolment page shows.</summary>
public static class Totp
{
    public static string Code(string key, DateTimeOffset at)
    {
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
        var hash = HMACSHA1.HashData(Base32(key), counter);
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Now(string key) => Code(key, DateTimeOffset.UtcNow);

    /// <summary>A six-digit code that is none of the codes valid around now (the server accepts a few steps either side).</summary>
    public static string Wrong(string key)
    {
        var valid = Enumerable.Range(-3, 7).Select(i => Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{(int.Parse(Now(key), System.Globalization.CultureInfo.InvariantCulture) + 1 + i * 7919) % 1_000_000:D6}")
            .First(c => !valid.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}

/// <summary>The steps of two-factor sign-in as a browser takes them, over HTTP.</summary>
public static class TwoFactorSteps
{
    public sealed record Enrolled(string Key, IReadOnlyList<string> RecoveryCodes);

    /// <summary>A fresh user with no grants, created by the demo's sysadmin; returns the user name.</summary>
    public static async Task<string> NewUser(LaurelApp app, string prefix)
    {
        var admin = await app.ApiAs("admin");
        var unit = await TestData.UnitId(admin, "朝阳区总工会");
        var userName = TestData.UniqueName(prefix);
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName = "双因素测试", orgUnitId = unit, password = LaurelApp.Password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return userName;
    }

    public static HttpClient Browser(LaurelApp app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    /// <summary>The login page's password step; answers the redirect.</summary>
    public static async Task<HttpResponseMessage> Password(HttpClient browser, string userName, string password = LaurelApp.Password)
    {
        var form = await browser.GetStringAsync("/login");
        return await browser.PostAsync("/login", Form(form, ("Input.UserName", userName), ("Input.Password", password)));
    }

    /// <summary>The second step's form, with a code or recovery code.</summary>
    public static async Task<HttpResponseMessage> SecondStep(HttpClient browser, string code)
    {
        var form = await browser.GetStringAsync("/login/two-factor");
        return await browser.PostAsync("/login/two-factor", Form(form, ("Code", code)));
    }

    /// <summary>Enrols the signed-in browser's user with an authenticator app: reads the key, confirms it with a code.</summary>
    public static async Task<Enrolled> EnrolAuthenticator(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/account/two-factor");
        var key = WebUtility.HtmlDecode(Regex.Match(page, "data-shared-key>([^<]+)<").Groups[1].Value);
        key.ShouldNotBeEmpty();
        var confirmed = await browser.PostAsync("/account/two-factor?handler=Authenticator", Form(page, ("Code", Totp.Now(key))));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await confirmed.Content.ReadAsStringAsync();
        html.ShouldContain("data-state=\"enabled\"");
        var codes = RecoveryCodes(html);
        codes.Count.ShouldBe(10);
        return new Enrolled(key, codes);
    }

    public static List<string> RecoveryCodes(string html)
    {
        var list = Regex.Match(html, "data-recovery-codes>(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(list, "<code>([^<]+)</code>").Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>A fresh user signed in (password only, two-factor off) and enrolled with an authenticator app.</summary>
    public static async Task<(string UserName, Enrolled Enrolled)> NewEnrolledUser(LaurelApp app, string prefix)
    {
        var userName = await NewUser(app, prefix);
        var browser = Browser(app);
        (await Password(browser, userName)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (userName, await EnrolAuthenticator(browser));
    }

    public static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", LaurelApp.AntiforgeryToken(page))));

    public static async Task<HttpResponseMessage> Token(LaurelApp app, string userName, string? code) =>
        await app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = userName, password = LaurelApp.Password, code });

    public static async Task<string> TokenOf(HttpResponseMessage created) =>
        (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
}
