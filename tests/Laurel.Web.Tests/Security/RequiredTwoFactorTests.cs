using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Laurel.Web.Security;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Infrastructure.TwoFactorSteps;

namespace Laurel.Web.Tests.Security;

/// <summary>Laurel with Laurel:RequireTwoFactor=true, as in Production, on a database of its own.</summary>
public sealed class RequiredTwoFactorApp : LaurelApp
{
    protected override bool RequireTwoFactor => true;
}

public sealed class RequiredTwoFactorTests(RequiredTwoFactorApp app) : IClassFixture<RequiredTwoFactorApp>
{
    [Fact]
    public async Task A_user_without_a_second_factor_is_led_to_enrol_and_the_api_refuses_them_with_403_until_they_have()
    {
        // This instance's database is its own, so its demo account may be enrolled here.
        const string user = "datong";
        var refused = await Token(app, user, null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("/account/two-factor");

        // A token that existed before the requirement was switched on is refused too.
        var old = "old-token-" + Guid.NewGuid().ToString("N");
        await TestDb.Scalar<object>(app.OwnerConnectionString,
            "INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) SELECT id, $1, now(), now() + interval '1 hour' FROM users WHERE user_name = $2",
            Sessions.Hash(old), user);
        var api = app.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", old);
        var forbidden = await api.GetAsync("/api/v1/org-units");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("双因素认证");

        var browser = Browser(app);
        (await Password(browser, user)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var elsewhere = await browser.GetAsync("/honorees");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        elsewhere.Headers.Location!.OriginalString.ShouldBe("/account/two-factor");
        var enrol = await browser.GetStringAsync("/account/two-factor");
        enrol.ShouldContain("data-state=\"enrol-required\"");
        enrol.ShouldContain("<svg");
        enrol.ShouldContain("otpauth://totp/");
        enrol.ShouldNotContain("handler=Disable");

        var enrolled = await EnrolAuthenticator(browser);
        (await browser.GetAsync("/honorees")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetStringAsync("/account/two-factor")).ShouldNotContain("handler=Disable");
        (await api.GetAsync("/api/v1/org-units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Token(app, user, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var created = await Token(app, user, Totp.Now(enrolled.Key));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var fresh = app.Anonymous();
        fresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOf(created));
        (await fresh.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/org-units")).GetArrayLength().ShouldBeGreaterThan(0);
    }
}
