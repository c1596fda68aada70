using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Security;

/// <summary>Sessions end: logout, token revocation, password change and reset, lockout and deactivation.</summary>
[Collection(DemoCollection.Name)]
public sealed class SessionTests(LaurelApp app)
{
    private const string NewPassword = "Changed@2026y";

    private static async Task ShouldBeSignedIn(HttpClient client)
    {
        var home = await client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task ShouldBeSentToLogin(HttpClient client)
    {
        var home = await client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldContain("/login");
    }

    private static async Task<HttpStatusCode> ApiStatus(HttpClient client) => (await client.GetAsync("/api/v1/org-units")).StatusCode;

    [Fact]
    public async Task A_cookie_copied_before_logout_no_longer_works_after_it_and_the_logout_is_audited()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "out");
        var signedIn = await TestUsers.SignInAsync(app, name);
        var copy = TestUsers.WithCookieHeader(app, signedIn.CookieHeader);
        await ShouldBeSignedIn(copy);

        var logout = await TestUsers.PostFormAsync(signedIn.Client, "/logout", "/logout", []);
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await ShouldBeSentToLogin(copy);
        await ShouldBeSentToLogin(signedIn.Client);
        (await TestUsers.AuditCount(app, "logout", id)).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT revoked_reason FROM user_sessions WHERE user_id = $1", id)).ShouldBe("logout");
        // Sessions end by revocation only: the application's login cannot delete the record of one.
        await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString, "DELETE FROM user_sessions WHERE user_id = $1", id));
    }

    [Fact]
    public async Task Deleting_the_current_token_ends_that_token_only_and_is_audited()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "tok");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var other = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);

        (await token.DeleteAsync("/api/v1/tokens/current")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await token.DeleteAsync("/api/v1/tokens/current")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ApiStatus(other)).ShouldBe(HttpStatusCode.OK);
        (await TestUsers.AuditCount(app, "token_revoked", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Changing_the_password_through_the_api_ends_every_old_token_and_cookie_and_answers_a_new_token()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "chg");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var cookie = await TestUsers.SignInAsync(app, name);

        var wrong = await token.PostAsJsonAsync("/api/v1/account/password", new { oldPassword = "Wrong@2026", newPassword = NewPassword });
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("oldPassword")[0].GetString().ShouldBe("原密码不正确");
        var weak = await token.PostAsJsonAsync("/api/v1/account/password", new { oldPassword = TestUsers.Password, newPassword = "short" });
        (await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("newPassword")[0].GetString()!.ShouldContain("至少8位");
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);

        var changed = await token.PostAsJsonAsync("/api/v1/account/password", new { oldPassword = TestUsers.Password, newPassword = NewPassword });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fresh = TestUsers.WithToken(app, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(cookie.Client);
        (await ApiStatus(fresh)).ShouldBe(HttpStatusCode.OK);
        (await TestUsers.RequestTokenAsync(app, name, TestUsers.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TestUsers.RequestTokenAsync(app, name, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TestUsers.AuditCount(app, "password_changed", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Changing_the_password_on_the_page_keeps_this_browser_signed_in_afresh_and_ends_the_others()
    {
        var (_, name) = await TestUsers.CreateAsync(app, "pag");
        var here = await TestUsers.SignInAsync(app, name);
        var elsewhere = await TestUsers.SignInAsync(app, name);
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        (await here.Client.GetStringAsync("/")).ShouldContain("/account/password");

        var mismatch = await TestUsers.PostFormAsync(here.Client, "/account/password", "/account/password", new()
        {
            ["Input.OldPassword"] = TestUsers.Password, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword + "x",
        });
        mismatch.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mismatch.Content.ReadAsStringAsync()).ShouldContain("两次输入的新密码不一致");

        var changed = await TestUsers.PostFormAsync(here.Client, "/account/password", "/account/password", new()
        {
            ["Input.OldPassword"] = TestUsers.Password, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await here.Client.GetStringAsync("/account/password")).ShouldContain("密码已修改");
        await ShouldBeSignedIn(here.Client);
        await ShouldBeSentToLogin(elsewhere.Client);
        await ShouldBeSentToLogin(TestUsers.WithCookieHeader(app, here.CookieHeader));
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_sysadmin_reset_ends_every_session_and_forces_a_change_at_the_next_sign_in()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "rst");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var cookie = await TestUsers.SignInAsync(app, name);
        var admin = await app.ApiAs("admin");

        (await (await app.ApiAs("chaoyang")).PostAsync($"/api/v1/users/{id}/password-reset", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var adminId = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM users WHERE user_name = 'admin'");
        (await admin.PostAsync($"/api/v1/users/{adminId}/password-reset", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var reset = await admin.PostAsync($"/api/v1/users/{id}/password-reset", null);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        var temporary = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;
        (await TestUsers.AuditCount(app, "password_reset", id)).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT string_agg(coalesce(summary, '') || coalesce(after::text, ''), '') FROM audit_entries WHERE entity_id = $1",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldNotContain(temporary);

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(cookie.Client);
        (await TestUsers.RequestTokenAsync(app, name, TestUsers.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // The API: a token, but nothing else until the password is changed.
        var flagged = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name, temporary));
        var refused = await flagged.GetAsync("/api/v1/org-units");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("须先修改密码");

        // The UI: every page leads to the password page.
        var browser = await TestUsers.SignInAsync(app, name, temporary);
        var home = await browser.Client.GetAsync(browser.Location);
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldBe("/account/password");
        (await browser.Client.GetAsync("/honorees")).Headers.Location!.OriginalString.ShouldBe("/account/password");
        (await browser.Client.GetStringAsync("/account/password")).ShouldContain("管理员已重置您的密码");

        var changed = await flagged.PostAsJsonAsync("/api/v1/account/password", new { oldPassword = temporary, newPassword = NewPassword });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fresh = TestUsers.WithToken(app, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        (await ApiStatus(fresh)).ShouldBe(HttpStatusCode.OK);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT must_change_password FROM users WHERE id = $1", id)).ShouldBeFalse();
        await ShouldBeSignedIn((await TestUsers.SignInAsync(app, name, NewPassword)).Client);
    }

    [Fact]
    public async Task The_users_page_resets_a_password_and_shows_the_temporary_password_once()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "btn");
        var admin = await app.BrowserAs("admin");
        (await admin.GetStringAsync("/users")).ShouldContain("重置密码");

        var page = await TestUsers.PostFormAsync(admin, "/users", $"/users?handler=ResetPassword&userId={id}", []);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var temporary = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"temporary-password\">([^<]+)<").Groups[1].Value;
        temporary.Length.ShouldBe(12);
        html.ShouldContain(name);
        (await admin.GetStringAsync("/users")).ShouldNotContain(temporary);
        (await TestUsers.RequestTokenAsync(app, name, temporary)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_lockout_ends_the_users_existing_token_and_cookie_at_once()
    {
        var (_, name) = await TestUsers.CreateAsync(app, "lok");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var cookie = await TestUsers.SignInAsync(app, name);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);
        await ShouldBeSignedIn(cookie.Client);

        for (var i = 0; i < 5; i++)
        {
            await TestUsers.RequestTokenAsync(app, name, "wrong-" + i);
        }

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(cookie.Client);
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_existing_token_and_cookie_at_once()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "off");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var cookie = await TestUsers.SignInAsync(app, name);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);

        await TestDb.Scalar<object>(app.OwnerConnectionString, "UPDATE users SET is_active = false WHERE id = $1", id);

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(cookie.Client);
        // Reactivation does not bring the refused session or token back.
        await TestDb.Scalar<object>(app.OwnerConnectionString, "UPDATE users SET is_active = true WHERE id = $1", id);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(TestUsers.WithCookieHeader(app, cookie.CookieHeader));
    }
}
