using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Users;

/// <summary>
/// Deactivation, second-factor resets under maker-checker, refused self-service and the users page (issue 11, ADR 18).
/// Each test works on users of its own; the demo's sysadmins only act.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class UserAdministrationTests(LaurelApp app)
{
    private static async Task<HttpStatusCode> ApiStatus(HttpClient client) => (await client.GetAsync("/api/v1/org-units")).StatusCode;

    private static async Task ShouldBeSentToLogin(HttpClient client)
    {
        var home = await client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldContain("/login");
    }

    private async Task<long> IdOf(string userName) =>
        (await (await app.ApiAs("admin")).GetFromJsonAsync<JsonElement>("/api/v1/users?q=" + Uri.EscapeDataString(userName))).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetInt64();

    private Task<long> AuditCount(string action, string entityType, long id) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = $1 AND entity_type = $2 AND entity_id = $3",
            action, entityType, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<long> AdminId(string userName) =>
        await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM users WHERE user_name = $1", userName);

    [Fact]
    public async Task Deactivating_a_user_through_the_api_ends_their_cookie_and_token_at_once_and_reactivating_brings_neither_back()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "deact");
        var token = TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name));
        var cookie = await TestUsers.SignInAsync(app, name);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);

        var admin = await app.ApiAs("admin");
        var off = await admin.PostAsync($"/api/v1/users/{id}/deactivate", null);
        off.StatusCode.ShouldBe(HttpStatusCode.OK, await off.Content.ReadAsStringAsync());
        (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isActive").GetBoolean().ShouldBeFalse();

        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(cookie.Client);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM (SELECT revoked_reason FROM user_sessions WHERE user_id = $1 UNION ALL SELECT revoked_reason FROM api_tokens WHERE user_id = $1) r WHERE revoked_reason = 'deactivated'",
            id)).ShouldBe(2);
        (await TestUsers.RequestTokenAsync(app, name, TestUsers.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AuditCount("user_deactivated", "user", id)).ShouldBe(1);
        (await admin.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await admin.PostAsync($"/api/v1/users/{id}/reactivate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeSentToLogin(TestUsers.WithCookieHeader(app, cookie.CookieHeader));
        (await ApiStatus(TestUsers.WithToken(app, await TestUsers.TokenAsync(app, name)))).ShouldBe(HttpStatusCode.OK);
        (await AuditCount("user_reactivated", "user", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_sysadmin_cannot_deactivate_themselves_and_the_refused_attempt_is_audited()
    {
        var adminId = await AdminId("admin2");
        var before = await AuditCount("refused", "user", adminId);
        var response = await (await app.ApiAs("admin2")).PostAsync($"/api/v1/users/{adminId}/deactivate", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("不能停用或启用自己的账号");
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT is_active FROM users WHERE id = $1", adminId)).ShouldBeTrue();
        (await AuditCount("refused", "user", adminId)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_user_outside_the_sysadmins_scope_or_a_non_sysadmin_cannot_deactivate_anyone()
    {
        var (id, _) = await TestUsers.CreateAsync(app, "deact-scope");
        (await (await app.ApiAs("jianwai")).PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT is_active FROM users WHERE id = $1", id)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_users_page_deactivates_after_a_confirmation_and_offers_reactivation()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "deact-page");
        var admin = await app.BrowserAs("admin");
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync("/users?q=" + name));
        var button = page.QuerySelector($"tr[data-user='{name}'] button[data-action='deactivate']").ShouldNotBeNull();
        button.GetAttribute("data-confirm").ShouldNotBeNull().ShouldContain(name);

        var response = await TestUsers.PostFormAsync(admin, "/users", $"/users?handler=Deactivate&userId={id}", []);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT is_active FROM users WHERE id = $1", id)).ShouldBeFalse();
        var after = new HtmlParser().ParseDocument(await admin.GetStringAsync("/users?q=" + name));
        after.QuerySelector($"tr[data-user='{name}']")!.TextContent.ShouldContain("已停用");
        after.QuerySelector($"tr[data-user='{name}'] button[data-action='reactivate']").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_second_factor_reset_needs_a_second_sysadmin_and_then_removes_the_factors_and_ends_the_sessions()
    {
        var (name, enrolled) = await TwoFactorSteps.NewEnrolledUser(app, "tfr-");
        var id = await IdOf(name);
        var token = TestUsers.WithToken(app, await TwoFactorSteps.TokenOf(await TwoFactorSteps.Token(app, name, Totp.Now(enrolled.Key))));
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);
        var admin = await app.ApiAs("admin");
        var admin2 = await app.ApiAs("admin2");

        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/two-factor-reset", new { reason = "" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var proposed = await admin.PostAsJsonAsync($"/api/v1/users/{id}/two-factor-reset", new { reason = "手机丢失，恢复码遗失，已当面核实身份" });
        proposed.StatusCode.ShouldBe(HttpStatusCode.Accepted, await proposed.Content.ReadAsStringAsync());
        var resetId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/two-factor-reset", new { reason = "再次" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The proposer cannot confirm it; a pending proposal removes nothing.
        (await admin.PostAsync($"/api/v1/two-factor-resets/{resetId}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.OK);
        (await TwoFactorSteps.Token(app, name, null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var pending = await admin2.GetFromJsonAsync<JsonElement>("/api/v1/two-factor-resets?status=pending");
        pending.EnumerateArray().ShouldContain(r => r.GetProperty("id").GetInt64() == resetId);

        var confirmed = await admin2.PostAsync($"/api/v1/two-factor-resets/{resetId}/confirm", null);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        (await ApiStatus(token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT two_factor_enabled FROM users WHERE id = $1", id)).ShouldBeFalse();
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM user_tokens WHERE user_id = $1 AND name IN ('AuthenticatorKey', 'RecoveryCodes', 'AuthenticatorConfirmed')", id)).ShouldBe(0);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT revoked_reason FROM api_tokens WHERE user_id = $1", id)).ShouldBe("two_factor_reset");
        // The old recovery codes are gone with the rest; the password alone signs in now (two-factor is optional in the tests).
        (await TwoFactorSteps.Token(app, name, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AuditCount("two_factor_reset", "user", id)).ShouldBe(1);
        (await admin2.PostAsync($"/api/v1/two-factor-resets/{resetId}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task On_the_users_page_one_sysadmin_proposes_a_second_factor_reset_and_only_the_other_gets_the_buttons_to_decide_it()
    {
        var (name, _) = await TwoFactorSteps.NewEnrolledUser(app, "tfr-page-");
        var id = await IdOf(name);
        var admin = await app.BrowserAs("admin");
        var users = new HtmlParser().ParseDocument(await admin.GetStringAsync("/users?q=" + name));
        users.QuerySelector($"tr[data-user='{name}'] button[data-action='propose-two-factor-reset']").ShouldNotBeNull();
        var proposed = await TestUsers.PostFormAsync(admin, "/users", $"/users?handler=ProposeTwoFactorReset&userId={id}",
            new() { ["reason"] = "手机丢失，已电话回拨核实" });
        proposed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await proposed.Content.ReadAsStringAsync());
        var resetId = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM two_factor_resets WHERE user_id = $1", id);

        var mine = new HtmlParser().ParseDocument(await admin.GetStringAsync("/users"));
        var row = mine.QuerySelector($"tr[data-two-factor-reset='{resetId}']").ShouldNotBeNull();
        row.TextContent.ShouldContain("您提出的申请");
        row.QuerySelector("button").ShouldBeNull();
        var other = new HtmlParser().ParseDocument(await (await app.BrowserAs("admin2")).GetStringAsync("/users"));
        var confirm = other.QuerySelector($"tr[data-two-factor-reset='{resetId}'] button.btn-success").ShouldNotBeNull();
        confirm.GetAttribute("data-confirm").ShouldNotBeNull().ShouldContain(name);
    }

    [Fact]
    public async Task Nobody_resets_their_own_second_factor_and_the_refused_attempt_is_audited()
    {
        var adminId = await AdminId("admin");
        var before = await AuditCount("refused", "user", adminId);
        var response = await (await app.ApiAs("admin")).PostAsJsonAsync($"/api/v1/users/{adminId}/two-factor-reset", new { reason = "我的手机丢了" });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("不能重置自己的双因素认证");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM two_factor_resets WHERE user_id = $1", adminId)).ShouldBe(0);
        (await AuditCount("refused", "user", adminId)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_rejected_second_factor_reset_removes_nothing_and_needs_a_reason()
    {
        var (name, enrolled) = await TwoFactorSteps.NewEnrolledUser(app, "tfr-no-");
        var id = await IdOf(name);
        var proposed = await (await app.ApiAs("admin2")).PostAsJsonAsync($"/api/v1/users/{id}/two-factor-reset", new { reason = "本人来电称手机丢失" });
        var resetId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var admin = await app.ApiAs("admin");
        (await admin.PostAsJsonAsync($"/api/v1/two-factor-resets/{resetId}/reject", new { comment = "" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await admin.PostAsJsonAsync($"/api/v1/two-factor-resets/{resetId}/reject", new { comment = "未能核实来电人身份" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT two_factor_enabled FROM users WHERE id = $1", id)).ShouldBeTrue();
        (await TwoFactorSteps.Token(app, name, Totp.Now(enrolled.Key))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_refused_self_grant_is_audited_and_grants_nothing()
    {
        var adminId = await AdminId("admin");
        var before = await AuditCount("refused", "user", adminId);
        var root = await TestData.UnitId(await app.ApiAs("admin"), "中华全国总工会");
        var response = await (await app.ApiAs("admin")).PostAsJsonAsync($"/api/v1/users/{adminId}/grants", new { role = "view_full_id", orgUnitId = root });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await AuditCount("refused", "user", adminId)).ShouldBe(before + 1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString,
            "SELECT summary FROM audit_entries WHERE action = 'refused' AND entity_id = $1 ORDER BY id DESC LIMIT 1", adminId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldContain("查看完整身份证号");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM grant_proposals WHERE user_id = $1", adminId)).ShouldBe(0);
    }

    [Fact]
    public async Task The_users_page_finds_a_user_by_their_name_and_shows_demo_accounts_display_names()
    {
        var page = new HtmlParser().ParseDocument(await (await app.BrowserAs("admin")).GetStringAsync("/users?q=" + Uri.EscapeDataString("王建国")));
        var rows = page.QuerySelectorAll("table[data-testid='users'] tbody tr");
        rows.Select(r => r.GetAttribute("data-user")).ShouldBe(["jianwai"]);
        rows[0].TextContent.ShouldContain("王建国");
        var byLogin = new HtmlParser().ParseDocument(await (await app.BrowserAs("admin")).GetStringAsync("/users?q=CHECKER"));
        byLogin.QuerySelectorAll("table[data-testid='users'] tbody tr").Select(r => r.GetAttribute("data-user")).Order()
            .ShouldBe(["chaoyang-selection-checker", "nmg-checker", "nmg-selection-checker", "tieling-checker", "tieling-selection-checker"]);
    }

    [Fact]
    public async Task The_revoke_button_keeps_its_word_on_one_line_and_every_grant_select_is_labelled()
    {
        var page = new HtmlParser().ParseDocument(await (await app.BrowserAs("admin")).GetStringAsync("/users"));
        var revoke = page.QuerySelectorAll("button").Where(b => b.TextContent.Trim() == "收回").ToList();
        revoke.ShouldNotBeEmpty();
        revoke.ShouldAllBe(b => b.ClassList.Contains("text-nowrap"));
        page.QuerySelectorAll("table[data-testid='users'] select").ShouldAllBe(s => !string.IsNullOrEmpty(s.GetAttribute("aria-label")));
    }
}
