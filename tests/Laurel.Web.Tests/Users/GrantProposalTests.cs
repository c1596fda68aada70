using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Web.Data;
using Laurel.Web.Tests.Hosting;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Users;

/// <summary>
/// Three-admin separation and maker-checker for grants (issue 9, ADR 13): nobody grants themselves a role; a grant is
/// a proposal until another sysadmin confirms it; a sysadmin or auditor holds no other role.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class GrantProposalTests(LaurelApp app)
{
    private static readonly string[] AllRoles = ["manager", "viewer", "sysadmin", "auditor", "view_full_id", "policy_admin", "finance"];

    private async Task<long> UserId(string userName) =>
        (await (await app.ApiAs("admin")).GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetInt64();

    private async Task<List<string>> RolesOf(string userName) =>
        (await (await app.ApiAs("admin")).GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray()
            .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("grants").EnumerateArray()
            .Select(g => g.GetProperty("role").GetString()!).Order().ToList();

    /// <summary>A fresh user at 建外 with the demo password (so ApiAs can sign in as them), with no role yet.</summary>
    private async Task<(long Id, string UserName)> NewUser()
    {
        var userName = "sod-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await app.ApiAs("admin");
        var unit = await TestData.UnitId(admin, "建外街道总工会");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName, displayName = "三员测试", orgUnitId = unit, password = LaurelApp.Password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), userName);
    }

    private sealed record Setup(HttpClient Admin, HttpClient Admin2, long Jianwai, long UserId, string UserName);

    /// <summary>The two demo sysadmins, 建外's id and a fresh user there.</summary>
    private async Task<Setup> NewUserAndSysadmins()
    {
        var admin = await app.ApiAs("admin");
        var (userId, userName) = await NewUser();
        return new Setup(admin, await app.ApiAs("admin2"), await TestData.UnitId(admin, "建外街道总工会"), userId, userName);
    }

    private static Task<HttpResponseMessage> Confirm(HttpClient client, long proposalId) =>
        client.PostAsync($"/api/v1/grant-proposals/{proposalId}/confirm", null);

    private static async Task<long> Propose(HttpClient proposer, long userId, string role, long unitId)
    {
        var response = await proposer.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role, orgUnitId = unitId });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("pending");
        return body.GetProperty("id").GetInt64();
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task A_sysadmin_cannot_grant_itself_any_role()
    {
        var admin = await app.ApiAs("admin");
        var root = await TestData.UnitId(admin, "中华全国总工会");
        var self = await UserId("admin");
        foreach (var role in AllRoles)
        {
            var response = await admin.PostAsJsonAsync($"/api/v1/users/{self}/grants", new { role, orgUnitId = root });
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await Detail(response)).ShouldContain("不能为自己授予角色");
        }
        (await RolesOf("admin")).ShouldBe(["sysadmin"]);
        var pending = await (await app.ApiAs("admin2")).GetFromJsonAsync<JsonElement>("/api/v1/grant-proposals?status=pending");
        pending.EnumerateArray().ShouldNotContain(p => p.GetProperty("userId").GetInt64() == self);
    }

    [Fact]
    public async Task The_issue_probe_admin_gets_neither_manager_nor_view_full_id_at_the_root_even_through_a_second_sysadmin()
    {
        var admin = await app.ApiAs("admin");
        var admin2 = await app.ApiAs("admin2");
        var root = await TestData.UnitId(admin, "中华全国总工会");
        var self = await UserId("admin");
        foreach (var role in new[] { "manager", "view_full_id" })
        {
            (await admin.PostAsJsonAsync($"/api/v1/users/{self}/grants", new { role, orgUnitId = root })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var byAnother = await admin2.PostAsJsonAsync($"/api/v1/users/{self}/grants", new { role, orgUnitId = root });
            byAnother.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await Detail(byAnother)).ShouldContain("三员分立");
        }
        (await RolesOf("admin")).ShouldBe(["sysadmin"]);
        var honorees = await admin.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=1");
        honorees.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_proposal_grants_nothing_until_another_sysadmin_confirms_it()
    {
        var (admin, _, jianwai, userId, userName) = await NewUserAndSysadmins();
        var proposalId = await Propose(admin, userId, "manager", jianwai);

        var user = await app.ApiAs(userName);
        (await user.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).GetArrayLength().ShouldBe(0);
        (await RolesOf(userName)).ShouldBeEmpty();
        var pending = await (await app.ApiAs("admin2")).GetFromJsonAsync<JsonElement>("/api/v1/grant-proposals?status=pending");
        var listed = pending.EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == proposalId);
        listed.GetProperty("roleName").GetString().ShouldBe("劳模工作管理员");
        listed.GetProperty("proposedBy").GetString().ShouldBe("admin");

        var confirmed = await Confirm(await app.ApiAs("admin2"), proposalId);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("confirmed");
        (await user.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray()
            .Select(u => u.GetProperty("name").GetString()).ShouldContain("建外街道总工会");
        (await RolesOf(userName)).ShouldBe(["manager"]);
    }

    [Fact]
    public async Task Neither_the_proposer_nor_the_grantee_can_confirm_or_reject_and_a_decided_proposal_stays_decided()
    {
        var (admin, admin2, jianwai, userId, userName) = await NewUserAndSysadmins();
        var wangjing = await TestData.UnitId(admin, "望京街道总工会");
        // A street-level sysadmin, so that the grantee of the next proposal is a sysadmin who could try to decide it.
        await TestData.Grant(admin, admin2, userId, "sysadmin", jianwai);
        var proposalId = await Propose(admin, userId, "sysadmin", wangjing);

        var own = await Confirm(admin, proposalId);
        own.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Detail(own)).ShouldContain("提出人");
        (await admin.PostAsJsonAsync($"/api/v1/grant-proposals/{proposalId}/reject", new { comment = "撤回" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The grantee administers 建外 only: 望京's proposal is not theirs to see; give them no way round either.
        var grantee = await app.ApiAs(userName);
        (await Confirm(grantee, proposalId)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RolesOf(userName)).ShouldBe(["sysadmin"]);

        (await Confirm(admin2, proposalId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await Confirm(admin2, proposalId);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Detail(again)).ShouldContain("已确认");
        (await admin2.PostAsJsonAsync($"/api/v1/grant-proposals/{proposalId}/reject", new { comment = "晚了" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await RolesOf(userName)).ShouldBe(["sysadmin", "sysadmin"]);
    }

    [Fact]
    public async Task A_sysadmin_grantee_cannot_confirm_a_proposal_for_themselves_within_their_own_scope()
    {
        var (admin, admin2, jianwai, userId, userName) = await NewUserAndSysadmins();
        var soho = await TestData.UnitId(admin, "建外SOHO联合工会");
        await TestData.Grant(admin, admin2, userId, "sysadmin", jianwai);
        var proposalId = await Propose(admin, userId, "sysadmin", soho);
        var self = await Confirm(await app.ApiAs(userName), proposalId);
        self.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Detail(self)).ShouldContain("自己");
        (await RolesOf(userName)).ShouldBe(["sysadmin"]);
    }

    [Fact]
    public async Task A_confirmation_is_refused_when_the_grantee_became_a_sysadmin_after_the_proposal()
    {
        var (admin, admin2, jianwai, userId, userName) = await NewUserAndSysadmins();
        var asSysadmin = await Propose(admin, userId, "sysadmin", jianwai);
        var asManager = await Propose(admin, userId, "manager", jianwai);
        var asFullId = await Propose(admin, userId, "view_full_id", jianwai);
        (await Confirm(admin2, asSysadmin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var proposal in new[] { asManager, asFullId })
        {
            var refused = await Confirm(admin2, proposal);
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var reason = await Detail(refused);
            reason.ShouldContain("三员分立");
            reason.ShouldContain("系统管理员");
        }
        (await RolesOf(userName)).ShouldBe(["sysadmin"]);
        // And the other way round: now a sysadmin, they can no longer even be proposed for a data role or auditor.
        var auditor = await admin.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role = "auditor", orgUnitId = jianwai });
        auditor.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Detail(auditor)).ShouldContain("审计员");
    }

    [Fact]
    public async Task A_manager_is_never_made_sysadmin_or_auditor()
    {
        var (admin, admin2, jianwai, userId, userName) = await NewUserAndSysadmins();
        await TestData.Grant(admin, admin2, userId, "manager", jianwai);
        // Data roles combine: the manager may also be given view_full_id.
        await TestData.Grant(admin2, admin, userId, "view_full_id", jianwai);
        foreach (var role in new[] { "sysadmin", "auditor" })
        {
            var refused = await admin.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role, orgUnitId = jianwai });
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await Detail(refused)).ShouldContain("三员分立");
        }
        (await RolesOf(userName)).ShouldBe(["manager", "view_full_id"]);
    }

    [Fact]
    public async Task Proposals_confirmations_and_rejections_are_audited_with_before_and_after()
    {
        var (admin, admin2, jianwai, userId, userName) = await NewUserAndSysadmins();
        var confirmedId = await Propose(admin, userId, "viewer", jianwai);
        var rejectedId = await Propose(admin, userId, "finance", jianwai);
        var noReason = await admin2.PostAsJsonAsync($"/api/v1/grant-proposals/{rejectedId}/reject", new { comment = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("comment")[0].GetString()!.ShouldContain("驳回理由");
        (await Confirm(admin2, confirmedId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin2.PostAsJsonAsync($"/api/v1/grant-proposals/{rejectedId}/reject", new { comment = "该同志不从事财务工作" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RolesOf(userName)).ShouldBe(["viewer"]);

        var auditor = await app.ApiAs("auditor");
        var confirmed = (await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=grant_proposal&entityId={confirmedId}"))
            .GetProperty("items").EnumerateArray().ToList();
        confirmed.Select(e => e.GetProperty("action").GetString() + " " + e.GetProperty("userName").GetString()).ShouldBe(["update admin2", "create admin"]);
        confirmed[1].GetProperty("after").GetString()!.ShouldContain("pending");
        confirmed[0].GetProperty("before").GetString()!.ShouldContain("pending");
        confirmed[0].GetProperty("after").GetString()!.ShouldContain("confirmed");
        var rejected = (await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=grant_proposal&entityId={rejectedId}"))
            .GetProperty("items").EnumerateArray().ToList();
        rejected.Select(e => e.GetProperty("action").GetString()).ShouldBe(["update", "create"]);
        rejected[0].GetProperty("after").GetString()!.ShouldContain("rejected");
        rejected[0].GetProperty("after").GetString()!.ShouldContain("该同志不从事财务工作");
        var grantEntries = (await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=role_grant&user=admin2"))
            .GetProperty("items").EnumerateArray();
        grantEntries.ShouldContain(e => e.GetProperty("action").GetString() == "create" && e.GetProperty("summary").GetString()!.Contains(userName));
    }

    [Fact]
    public async Task Proposals_are_listed_by_status_and_a_bad_status_names_the_parameter()
    {
        var admin2 = await app.ApiAs("admin2");
        var bad = await admin2.GetAsync("/api/v1/grant-proposals?status=approved");
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _).ShouldBeTrue();
        var pending = await admin2.GetFromJsonAsync<JsonElement>("/api/v1/grant-proposals?status=pending");
        pending.EnumerateArray().ShouldAllBe(p => p.GetProperty("status").GetString() == "pending");
        (await (await app.ApiAs("chaoyang")).GetFromJsonAsync<JsonElement>("/api/v1/grant-proposals")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_database_refuses_a_data_role_for_a_sysadmin_and_any_change_to_a_decided_proposal()
    {
        var (admin, admin2, jianwai, userId, _) = await NewUserAndSysadmins();
        await TestData.Grant(admin, admin2, userId, "sysadmin", jianwai);
        var direct = await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString,
            "INSERT INTO role_grants (user_id, role, org_unit_id) VALUES ($1, 'manager', $2)", userId, jianwai));
        direct.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);

        var proposalId = await TestDb.Scalar<long>(app.AppConnectionString,
            "SELECT id FROM grant_proposals WHERE user_id = $1 AND status = 'confirmed'", userId);
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString,
            "UPDATE grant_proposals SET status = 'pending', decided_by = NULL, decided_at = NULL WHERE id = $1", proposalId));
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString,
            "UPDATE grant_proposals SET role = 'manager' WHERE id = $1", proposalId));
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString,
            "DELETE FROM grant_proposals WHERE id = $1", proposalId));
        var pending = await Propose(admin, userId, "sysadmin", await TestData.UnitId(admin, "建外SOHO联合工会"));
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString,
            "UPDATE grant_proposals SET status = 'confirmed', decided_by = proposed_by, decided_at = now() WHERE id = $1", pending));
    }

    [Fact]
    public async Task The_users_page_shows_pending_proposals_in_chinese_and_confirms_them_with_a_dialog()
    {
        var (admin, _, jianwai, userId, userName) = await NewUserAndSysadmins();
        var proposalId = await Propose(admin, userId, "viewer", jianwai);

        var byProposer = await (await app.BrowserAs("admin")).GetStringAsync("/users");
        var proposerRow = Row(byProposer, $"data-proposal=\"{proposalId}\"");
        proposerRow.ShouldContain("只读查看");
        proposerRow.ShouldNotContain("viewer");
        proposerRow.ShouldContain("您提出的申请");
        proposerRow.ShouldNotContain("ConfirmProposal", Case.Insensitive);
        Row(byProposer, "data-user=\"admin\"").ShouldContain("不能为自己授予角色");

        var checker = await app.BrowserAs("admin2");
        var page = await checker.GetStringAsync("/users");
        var row = Row(page, $"data-proposal=\"{proposalId}\"");
        row.ShouldContain("data-confirm=\"");
        var action = WebUtility.HtmlDecode(Regex.Match(row, "<form[^>]* action=\"([^\"]*confirmproposal[^\"]*)\"", RegexOptions.IgnoreCase).Groups[1].Value);
        action.ShouldNotBeEmpty(row);
        var posted = await checker.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await checker.GetStringAsync("/users")).ShouldContain("已确认授权申请");
        (await RolesOf(userName)).ShouldBe(["viewer"]);
    }

    [Fact]
    public async Task The_users_page_refuses_a_grant_to_oneself_in_chinese()
    {
        var browser = await app.BrowserAs("admin2");
        var page = await browser.GetStringAsync("/users");
        var self = await UserId("admin2");
        var root = await TestData.UnitId(await app.ApiAs("admin2"), "中华全国总工会");
        var posted = await browser.PostAsync("/users?handler=Grant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Grant.UserId"] = self.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grant.Role"] = "view_full_id",
            ["Grant.OrgUnitId"] = root.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await posted.Content.ReadAsStringAsync()).ShouldContain("不能为自己授予角色");
        (await RolesOf("admin2")).ShouldBe(["sysadmin"]);
    }

    /// <summary>The table row that carries <paramref name="marker"/>.</summary>
    private static string Row(string html, string marker)
    {
        var start = html.IndexOf("<tr " + marker, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, marker);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

/// <summary>Revoking: one sysadmin suffices, but the last sysadmin at the root stays (its own app: it revokes demo grants).</summary>
public sealed class LastSysadminTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task One_sysadmin_revokes_another_but_nobody_revokes_the_last_sysadmin_at_the_root()
    {
        var admin = await _app.ApiAs("admin");
        var users = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().ToList();
        (long User, long Grant) SysadminGrant(string name)
        {
            var user = users.Single(u => u.GetProperty("userName").GetString() == name);
            return (user.GetProperty("id").GetInt64(),
                user.GetProperty("grants").EnumerateArray().Single(g => g.GetProperty("role").GetString() == "sysadmin").GetProperty("id").GetInt64());
        }
        var (admin2Id, admin2Grant) = SysadminGrant("admin2");
        var (adminId, adminGrant) = SysadminGrant("admin");

        (await admin.DeleteAsync($"/api/v1/users/{admin2Id}/grants/{admin2Grant}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var last = await admin.DeleteAsync($"/api/v1/users/{adminId}/grants/{adminGrant}");
        last.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("最后一名");
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).GetArrayLength().ShouldBeGreaterThan(0);
        var audit = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=role_grant&entityId={admin2Grant}");
        var entry = audit.GetProperty("items")[0];
        entry.GetProperty("action").GetString().ShouldBe("delete");
        entry.GetProperty("before").GetString()!.ShouldContain("sysadmin");
    }
}

/// <summary>Migration 0008 stops on existing grants that break the separation, naming them.</summary>
public sealed class SeparationMigrationTests
{
    [Fact]
    public async Task Migration_0008_stops_and_names_a_user_who_already_holds_sysadmin_and_manager()
    {
        var (owner, _) = await TestCluster.CreateDatabaseAsync();
        var dir = MigrationTests.CopyMigrations();
        try
        {
            var later = Directory.GetFiles(Path.Combine(dir, "migrations"), "*.sql")
                .Where(f => string.CompareOrdinal(Path.GetFileName(f), "0008") >= 0).ToList();
            var aside = Path.Combine(dir, "aside");
            Directory.CreateDirectory(aside);
            later.ForEach(f => File.Move(f, Path.Combine(aside, Path.GetFileName(f))));
            await MigrationRunner.ApplyAsync(owner, null, dir);
            await TestDb.Scalar<object>(owner, "INSERT INTO org_units (id, path, name, kind) VALUES (1, '/1/', '中华全国总工会', 'national')");
            await TestDb.Scalar<object>(owner, "INSERT INTO users (id, user_name, normalized_user_name, display_name, org_unit_id) VALUES (1, 'old-admin', 'OLD-ADMIN', '旧管理员', 1)");
            await TestDb.Scalar<object>(owner, "INSERT INTO role_grants (user_id, role, org_unit_id) VALUES (1, 'sysadmin', 1), (1, 'manager', 1)");
            later.ForEach(f => File.Move(Path.Combine(aside, Path.GetFileName(f)), f));

            var error = await Should.ThrowAsync<PostgresException>(() => MigrationRunner.ApplyAsync(owner, null, dir));
            error.MessageText.ShouldContain("三员分立");
            error.MessageText.ShouldContain("old-admin");
            (await TestDb.Scalar<bool>(owner, "SELECT to_regclass('grant_proposals') IS NULL")).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
