using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.OrgUnits;

/// <summary>A sysadmin keeps the org tree and the grants; a move carries the whole subtree, and scope follows it.</summary>
public sealed class OrgAndUserTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Moving_a_unit_moves_its_subtree_and_its_honorees_into_the_new_parents_scope()
    {
        var admin = await _app.ApiAs("admin");
        var wangjing = await TestData.UnitId(admin, "望京街道总工会");
        var created = await admin.PostAsJsonAsync("/api/v1/org-units", new { parentId = wangjing, name = "望京某社区工会", kind = "grassroots" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var unitId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var name = TestData.UniqueName("随迁");
        var honoree = (await TestData.CreateHonoree(await _app.ApiAs("wangjing"), "望京某社区工会", name)).GetProperty("id").GetInt64();
        var jianwai = await _app.ApiAs("jianwai");
        (await jianwai.GetAsync($"/api/v1/honorees/{honoree}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var jianwaiUnit = await TestData.UnitId(admin, "建外街道总工会");
        (await admin.PostAsJsonAsync($"/api/v1/org-units/{unitId}/move", new { parentId = jianwaiUnit })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await jianwai.GetAsync($"/api/v1/honorees/{honoree}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await _app.ApiAs("wangjing")).GetAsync($"/api/v1/honorees/{honoree}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var units = await jianwai.GetFromJsonAsync<JsonElement>("/api/v1/org-units");
        units.EnumerateArray().Single(u => u.GetProperty("id").GetInt64() == unitId).GetProperty("parentId").GetInt64().ShouldBe(jianwaiUnit);
    }

    [Fact]
    public async Task A_unit_cannot_move_under_its_own_descendant_and_renames_are_audited()
    {
        var admin = await _app.ApiAs("admin");
        var chaoyang = await TestData.UnitId(admin, "朝阳区总工会");
        var jianwai = await TestData.UnitId(admin, "建外街道总工会");
        var cycle = await admin.PostAsJsonAsync($"/api/v1/org-units/{chaoyang}/move", new { parentId = jianwai });
        cycle.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await cycle.Content.ReadAsStringAsync()).ShouldContain("parentId");

        (await admin.PutAsJsonAsync($"/api/v1/org-units/{jianwai}", new { name = "建国门外街道总工会" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=org_unit&entityId={jianwai}");
        audit.GetProperty("items")[0].GetProperty("after").GetString()!.ShouldContain("建国门外街道总工会");
        var bad = await admin.PostAsJsonAsync("/api/v1/org-units", new { parentId = chaoyang, name = "某市总工会", kind = "municipal" });
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("regionCode");
    }

    [Fact]
    public async Task Only_a_sysadmin_changes_the_tree_and_the_grants()
    {
        var chaoyang = await _app.ApiAs("chaoyang");
        var unit = await TestData.UnitId(chaoyang, "建外街道总工会");
        (await chaoyang.PostAsJsonAsync("/api/v1/org-units", new { parentId = unit, name = "越权工会", kind = "grassroots" }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await chaoyang.PutAsJsonAsync($"/api/v1/org-units/{unit}", new { name = "越权改名" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await chaoyang.GetFromJsonAsync<JsonElement>("/api/v1/users")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_new_user_granted_manager_at_a_street_sees_that_street_only_and_the_grant_is_audited()
    {
        var admin = await _app.ApiAs("admin");
        var jianwai = await TestData.UnitId(admin, "建外街道总工会");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = "jianwai2", displayName = "建外新干部", orgUnitId = jianwai, password = "Street@2026" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var grantId = await TestData.Grant(admin, await _app.ApiAs("admin2"), userId, "manager", jianwai);
        (await admin.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role = "root", orgUnitId = jianwai })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        var token = await _app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = "jianwai2", password = "Street@2026" });
        token.StatusCode.ShouldBe(HttpStatusCode.Created);
        var client = _app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        var names = (await client.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToList();
        names.ShouldContain("建外街道总工会");
        names.ShouldNotContain("望京街道总工会");

        (await admin.DeleteAsync($"/api/v1/users/{userId}/grants/{grantId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).GetArrayLength().ShouldBe(0);
        // The grant was created by the confirming sysadmin and revoked by the proposing one.
        var audit = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=role_grant&entityId={grantId}");
        audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString() + " " + e.GetProperty("userName").GetString())
            .ShouldBe(["delete admin", "create admin2"]);
    }
}
