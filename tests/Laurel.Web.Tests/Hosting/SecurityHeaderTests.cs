using System.Net;
using System.Text.RegularExpressions;
using Laurel.Web.Hosting;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Tests.Hosting;

/// <summary>Every response carries the hardening headers; the pages run no inline script, so the policy can forbid it.</summary>
[Collection(DemoCollection.Name)]
public sealed class SecurityHeaderTests(LaurelApp app)
{
    public static TheoryData<string> Paths => new() { "/login", "/api/v1/titles", "/css/site.css", "/js/site.js", "/no-such-page", "/openapi/v1.json" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.Anonymous().GetAsync(path);
        var headers = response.Headers;
        string.Join(";", headers.GetValues("Content-Security-Policy")).ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        SecurityHeaders.ContentSecurityPolicy.ShouldContain("script-src 'self';");
        SecurityHeaders.ContentSecurityPolicy.ShouldContain("frame-ancestors 'none'");
        headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"]);
        // Plain HTTP on loopback: no HSTS, which only means something over HTTPS.
        headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public void Hsts_is_sent_only_over_https()
    {
        var https = new DefaultHttpContext();
        https.Request.Scheme = "https";
        SecurityHeaders.Apply(https);
        https.Response.Headers.StrictTransportSecurity.ToString().ShouldBe(SecurityHeaders.StrictTransportSecurity);

        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        SecurityHeaders.Apply(http);
        http.Response.Headers.ContainsKey("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public void The_sign_in_and_antiforgery_cookies_are_secure_whenever_the_request_is_https()
    {
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        cookie.Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
        cookie.Cookie.HttpOnly.ShouldBeTrue();
        app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
    }

    public static TheoryData<string, string> Pages => new()
    {
        { "jianwai", "/" }, { "jianwai", "/honorees" }, { "jianwai", "/honorees/new" }, { "jianwai", "/consult" },
        { "admin", "/users" }, { "admin", "/org-units" }, { "auditor", "/audit" }, { "tieling-finance", "/payments" },
        { "tieling", "/policies" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_hold_no_inline_script_or_event_handler_attribute(string user, string path)
    {
        var html = await (await app.BrowserAs(user)).GetStringAsync(path);
        AssertNoInlineScript(html);
    }

    [Fact]
    public async Task The_honoree_record_holds_no_inline_script_or_event_handler_attribute()
    {
        var jianwai = await app.ApiAs("jianwai");
        var id = (await TestData.CreateHonoree(jianwai, "建外街道总工会", TestData.UniqueName("脚本"))).GetProperty("id").GetInt64();
        var response = await (await app.BrowserAs("jianwai")).GetAsync($"/honorees/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        AssertNoInlineScript(await response.Content.ReadAsStringAsync());
    }

    private static void AssertNoInlineScript(string html)
    {
        Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase).ShouldBeEmpty();
        Regex.Matches(html, "<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase).ShouldBeEmpty();
        html.ShouldNotContain("javascript:", Case.Insensitive);
    }
}
