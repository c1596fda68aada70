using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Auth;

/// <summary>
/// Passkeys through Chromium's WebAuthn virtual authenticator (Chrome DevTools Protocol): the page's own script
/// (wwwroot/js/passkeys.js) registers one on /account/two-factor and signs in with it on /login/two-factor.
/// </summary>
public sealed class PasskeyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_user_registers_a_passkey_and_then_signs_in_with_password_and_passkey()
    {
        var userName = await TwoFactorSteps.NewUser(fixture.App, "tf-browser");
        // WebAuthn takes no IP address as the site's name: the browser goes to localhost.
        var baseUrl = $"http://localhost:{fixture.App.BaseAddress.Port}";
        await using var session = await fixture.NewSessionAsync(baseUrl: baseUrl);
        var context = session.Context;
        // Two browsers and two apps share the test machine's two cores: waits are generous, none is asserted.
        context.SetDefaultTimeout(90_000);
        var page = session.Page;
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await SignInWithPassword(session, userName);
        await page.WaitForURLAsync(baseUrl + "/");
        await session.CheckAsync();
        await session.GotoAsync("/account/two-factor");
        await page.FillAsync("[data-field=passkeyName]", "办公室电脑");
        await page.ClickAsync("form[data-passkey=create] button[type=submit]");
        await page.Locator("[data-message]").WaitForAsync();
        (await page.Locator("[data-message]").InnerTextAsync()).ShouldContain("通行密钥已添加");
        (await page.Locator("[data-recovery-codes] code").CountAsync()).ShouldBe(10);
        (await page.Locator("[data-passkeys]").InnerTextAsync()).ShouldContain("办公室电脑");
        await session.CheckAsync();
        (await TestDb.Scalar<long>(fixture.App.OwnerConnectionString,
            "SELECT count(*) FROM user_passkeys p JOIN users u ON u.id = p.user_id WHERE u.user_name = $1 AND u.two_factor_enabled", userName)).ShouldBe(1);

        await context.ClearCookiesAsync();
        await SignInWithPassword(session, userName);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/login/two-factor"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await session.CheckAsync();
        (await page.Context.CookiesAsync()).Select(c => c.Name).ShouldNotContain("laurel");
        await page.ClickAsync("form[data-passkey=get] button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
        await session.CheckAsync();
        (await page.Context.CookiesAsync()).Select(c => c.Name).ShouldContain("laurel");
        await session.GotoAsync("/account/two-factor");
        (await page.Locator("[data-state]").First.GetAttributeAsync("data-state")).ShouldBe("enabled");

        Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "two-factor.png"), FullPage = true });

        // The passkey was the only second factor: removing it (allowed, as two-factor is not required here) switches it off.
        await page.ClickAsync("[data-passkeys] button[type=submit]");
        await page.Locator("[data-message]").WaitForAsync();
        (await page.Locator("[data-message]").InnerTextAsync()).ShouldContain("双因素认证已停用");
        (await TestDb.Scalar<long>(fixture.App.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE user_name = $1 AND action IN ('passkey_added', 'passkey_removed', 'two_factor_enabled', 'two_factor_disabled')", userName)).ShouldBe(4);
    }

    private static async Task SignInWithPassword(BrowserSession session, string userName)
    {
        await session.GotoAsync("/login");
        await session.Page.FillAsync("[data-field=userName]", userName);
        await session.Page.FillAsync("[data-field=password]", LaurelApp.Password);
        await session.Page.ClickAsync("button[type=submit]");
    }
}
