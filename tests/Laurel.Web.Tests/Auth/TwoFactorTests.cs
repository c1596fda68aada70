using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Hosting;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using static Laurel.Web.Tests.Infrastructure.TwoFactorSteps;

namespace Laurel.Web.Tests.Auth;

[Collection(DemoCollection.Name)]
public sealed class TwoFactorTests(LaurelApp app)
{
    private Task<long> Count(string sql, params object[] args) => TestDb.Scalar<long>(app.OwnerConnectionString, sql, args);

    [Fact]
    public void Two_factor_sign_in_is_required_by_default_and_in_production_settings_but_not_in_development()
    {
        static bool Required(params string[] files)
        {
            var config = new ConfigurationBuilder();
            foreach (var file in files)
            {
                config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, file), optional: false);
            }
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Laurel"] = "Host=127.0.0.1;Database=x",
                ["Laurel:EncryptionKey"] = LaurelApp.TestKey,
            });
            return LaurelSettings.From(config.Build()).Settings!.RequireTwoFactor;
        }
        Required().ShouldBeTrue();
        Required("appsettings.json").ShouldBeTrue();
        Required("appsettings.json", "appsettings.Development.json").ShouldBeFalse();
    }

    [Fact]
    public async Task Enrolling_an_authenticator_app_is_audited_and_afterwards_the_password_alone_gets_no_sign_in_cookie()
    {
        var (user, _) = await NewEnrolledUser(app, "tf-pw");
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_enabled' AND user_name = $1", user)).ShouldBeGreaterThanOrEqualTo(1);

        var cookies = new CookieContainer();
        var browser = Browser(app, cookies);
        var step = await Password(browser, user);
        step.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        step.Headers.Location!.OriginalString.ShouldStartWith("/login/two-factor");
        var names = cookies.GetAllCookies().Select(c => c.Name).ToList();
        names.ShouldNotContain("laurel");
        names.ShouldContain("laurel.2fa");
        var home = await browser.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldContain("/login");
        (await browser.GetAsync("/account/two-factor")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_correct_authenticator_code_on_the_second_page_signs_in()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-ok");
        var cookies = new CookieContainer();
        var browser = Browser(app, cookies);
        await Password(browser, user);
        var second = await SecondStep(browser, Totp.Now(enrolled.Key));
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        second.Headers.Location!.OriginalString.ShouldBe("/");
        cookies.GetAllCookies().Select(c => c.Name).ShouldContain("laurel");
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetStringAsync("/account/two-factor")).ShouldContain("data-state=\"authenticator-ready\"");
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_cannot_be_replayed_on_the_page_or_the_token_endpoint()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-once");
        var code = Totp.Now(enrolled.Key);
        var first = Browser(app);
        await Password(first, user);
        (await SecondStep(first, code)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var second = Browser(app);
        await Password(second, user);
        var replay = await SecondStep(second, code);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("已使用过");
        (await Token(app, user, code)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_failed' AND user_name = $1", user)).ShouldBe(2);
        // The code of the next 30-second step is a new code.
        (await Token(app, user, Totp.Code(enrolled.Key, DateTimeOffset.UtcNow.AddSeconds(30)))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Wrong_authenticator_codes_are_refused_audited_and_counted_until_the_account_locks()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-bad");
        var browser = Browser(app);
        await Password(browser, user);
        var wrong = await SecondStep(browser, Totp.Wrong(enrolled.Key));
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("验证码或恢复码不正确");
        (await TestDb.Scalar<int>(app.OwnerConnectionString, "SELECT access_failed_count FROM users WHERE user_name = $1", user)).ShouldBe(1);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_failed' AND user_name = $1", user)).ShouldBe(1);

        for (var i = 0; i < 4; i++)
        {
            await SecondStep(browser, Totp.Wrong(enrolled.Key));
        }
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT lockout_end > now() FROM users WHERE user_name = $1", user)).ShouldBeTrue();
        var locked = await SecondStep(browser, Totp.Now(enrolled.Key));
        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("锁定");
        (await Token(app, user, Totp.Now(enrolled.Key))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_right_password_between_wrong_codes_does_not_wipe_the_count_so_five_wrong_codes_still_lock()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-again");
        for (var i = 0; i < 5; i++)
        {
            // Each round starts afresh with the right password: only the second factor resets the count.
            var browser = Browser(app);
            (await Password(browser, user)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await SecondStep(browser, Totp.Wrong(enrolled.Key));
        }
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT coalesce(lockout_end > now(), false) FROM users WHERE user_name = $1", user)).ShouldBeTrue();
        (await Token(app, user, Totp.Now(enrolled.Key))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_codes_sent_all_at_once_to_the_token_endpoint_are_each_refused_counted_and_audited_and_none_answers_500()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-par");
        var wrong = Totp.Wrong(enrolled.Key);
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Token(app, user, wrong)));
        answers.Select(a => a.StatusCode).Distinct().ShouldBe([HttpStatusCode.Unauthorized]);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT lockout_end > now() FROM users WHERE user_name = $1", user)).ShouldBeTrue();
        // Each attempt is refused at the second factor or, once the account is locked, at the password step.
        (await Count("SELECT count(*) FROM audit_entries WHERE action IN ('two_factor_failed', 'login_failed') AND user_name = $1", user)).ShouldBe(12);
    }

    [Fact]
    public async Task One_recovery_code_sent_twice_at_once_signs_in_only_once()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-par-rc");
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Token(app, user, enrolled.RecoveryCodes[5])));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(1);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_refused_the_second_time()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-rc");
        var code = enrolled.RecoveryCodes[3];

        var first = Browser(app);
        await Password(first, user);
        (await SecondStep(first, code.ToLowerInvariant())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await first.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'recovery_code_used' AND user_name = $1", user)).ShouldBe(1);
        (await first.GetStringAsync("/account/two-factor")).ShouldContain("data-recovery-left>9<");

        var second = Browser(app);
        await Password(second, user);
        var again = await SecondStep(second, code);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("验证码或恢复码不正确");
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_failed' AND user_name = $1", user)).ShouldBe(1);
    }

    [Fact]
    public async Task The_token_endpoint_asks_a_user_with_two_factor_sign_in_for_a_code_and_takes_a_recovery_code_once()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-api");

        var missing = await Token(app, user, null);
        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain("验证码");
        problem.TryGetProperty("token", out _).ShouldBeFalse();

        var wrong = await Token(app, user, Totp.Wrong(enrolled.Key));
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("验证码或恢复码不正确");
        (await TestDb.Scalar<int>(app.OwnerConnectionString, "SELECT access_failed_count FROM users WHERE user_name = $1", user)).ShouldBe(1);

        var right = await Token(app, user, Totp.Now(enrolled.Key));
        right.StatusCode.ShouldBe(HttpStatusCode.Created);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOf(right));
        (await client.GetAsync("/api/v1/org-units")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Token(app, user, enrolled.RecoveryCodes[0])).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Token(app, user, enrolled.RecoveryCodes[0])).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Renewed_recovery_codes_replace_the_old_ones_and_disabling_returns_to_password_only_sign_in()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-off");
        var browser = Browser(app);
        await Password(browser, user);
        (await SecondStep(browser, Totp.Now(enrolled.Key))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await browser.GetStringAsync("/account/two-factor");
        var renewed = await browser.PostAsync("/account/two-factor?handler=RecoveryCodes", Form(page));
        var fresh = RecoveryCodes(await renewed.Content.ReadAsStringAsync());
        fresh.Count.ShouldBe(10);
        fresh.ShouldNotContain(enrolled.RecoveryCodes[0]);
        (await Token(app, user, enrolled.RecoveryCodes[0])).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'recovery_codes_renewed' AND user_name = $1", user)).ShouldBe(1);

        page = await browser.GetStringAsync("/account/two-factor");
        (await browser.PostAsync("/account/two-factor?handler=Disable", Form(page))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_disabled' AND user_name = $1", user)).ShouldBe(1);
        (await Count("SELECT count(*) FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.user_name = $1 AND t.name IN ('RecoveryCodes', 'AuthenticatorConfirmed')", user)).ShouldBe(0);
        // The page offers a new, unconfirmed key for enrolling again; the old one is gone.
        (await Count("SELECT count(*) FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.user_name = $1 AND t.name = 'AuthenticatorKey' AND t.value = $2",
            user, enrolled.Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ShouldBe(0);
        (await Token(app, user, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = Browser(app);
        (await Password(again, user)).Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task The_passkey_endpoints_give_webauthn_options_for_this_site_and_refuse_a_forged_credential()
    {
        var (user, enrolled) = await NewEnrolledUser(app, "tf-pk");
        var browser = Browser(app);
        await Password(browser, user);
        await SecondStep(browser, Totp.Now(enrolled.Key));

        var page = await browser.GetStringAsync("/account/two-factor");
        page.ShouldContain("data-passkey=\"create\"");
        page.ShouldContain("/js/passkeys.js");
        page.ShouldNotContain("onclick");
        var ask = new HttpRequestMessage(HttpMethod.Post, "/account/two-factor?handler=PasskeyOptions");
        ask.Headers.Add("RequestVerificationToken", LaurelApp.AntiforgeryToken(page));
        var answer = await browser.SendAsync(ask);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var options = await answer.Content.ReadFromJsonAsync<JsonElement>();
        options.GetProperty("rp").GetProperty("id").GetString().ShouldBe(app.BaseAddress.Host);
        options.GetProperty("user").GetProperty("name").GetString().ShouldBe(user);
        options.GetProperty("challenge").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(32);

        // Without the antiforgery token the options are refused.
        (await browser.PostAsync("/account/two-factor?handler=PasskeyOptions", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var forged = await browser.PostAsync("/account/two-factor?handler=AddPasskey", Form(page,
            ("PasskeyName", "伪造"),
            ("CredentialJson", """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"},"clientExtensionResults":{}}""")));
        forged.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("通行密钥未能添加");
        (await Count("SELECT count(*) FROM user_passkeys p JOIN users u ON u.id = p.user_id WHERE u.user_name = $1", user)).ShouldBe(0);
        (await Count("SELECT count(*) FROM audit_entries WHERE action = 'two_factor_failed' AND user_name = $1", user)).ShouldBe(1);

        // The sign-in step's passkey options need a passed password step in this browser.
        var stranger = Browser(app);
        var login = await stranger.GetStringAsync("/login");
        (await stranger.GetAsync("/login/two-factor")).Headers.Location!.OriginalString.ShouldStartWith("/login");
        var sneak = new HttpRequestMessage(HttpMethod.Post, "/login/two-factor?handler=PasskeyOptions");
        sneak.Headers.Add("RequestVerificationToken", LaurelApp.AntiforgeryToken(login));
        (await stranger.SendAsync(sneak)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
