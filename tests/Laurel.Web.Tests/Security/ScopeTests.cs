using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Security;

/// <summary>
/// Tiered management: a cadre of one branch (建外) gets nothing of another branch (望京) from any endpoint, their common
/// ancestor (朝阳) sees both, a viewer cannot write, and a sysadmin sees no honoree personal data.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ScopeTests(LaurelApp app) : IAsyncLifetime
{
    private HttpClient _jianwai = null!, _wangjing = null!, _chaoyang = null!, _viewer = null!, _admin = null!;
    private JsonElement _inJianwai, _inWangjing;
    private string _jianwaiName = "", _wangjingName = "", _wangjingId = "";

    public async Task InitializeAsync()
    {
        _jianwai = await app.ApiAs("jianwai");
        _wangjing = await app.ApiAs("wangjing");
        _chaoyang = await app.ApiAs("chaoyang");
        _viewer = await app.ApiAs("chaoyang-viewer");
        _admin = await app.ApiAs("admin");
        _jianwaiName = TestData.UniqueName("建外");
        _wangjingName = TestData.UniqueName("望京");
        _wangjingId = TestData.NewResidentId();
        _inJianwai = await TestData.CreateHonoree(_jianwai, "建外街道总工会", _jianwaiName);
        _inWangjing = await TestData.CreateHonoree(_wangjing, "望京街道总工会", _wangjingName, _wangjingId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private long JianwaiId => _inJianwai.GetProperty("id").GetInt64();
    private long WangjingId => _inWangjing.GetProperty("id").GetInt64();

    private static async Task<(int Total, List<long> Ids)> Search(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=200&" + query);
        return (page.GetProperty("total").GetInt32(),
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList());
    }

    [Fact]
    public async Task Searching_by_name_finds_only_records_in_the_users_branch()
    {
        (await Search(_wangjing, "q=" + Uri.EscapeDataString(_jianwaiName))).Total.ShouldBe(0);
        (await Search(_jianwai, "q=" + Uri.EscapeDataString(_jianwaiName))).Ids.ShouldBe([JianwaiId]);
        (await Search(_chaoyang, "q=" + Uri.EscapeDataString(_jianwaiName))).Ids.ShouldBe([JianwaiId]);
        (await Search(_chaoyang, "q=" + Uri.EscapeDataString(_wangjingName))).Ids.ShouldBe([WangjingId]);
    }

    [Fact]
    public async Task Searching_by_exact_resident_id_outside_the_branch_finds_nothing()
    {
        (await Search(_jianwai, "q=" + _wangjingId)).Total.ShouldBe(0);
        (await Search(_chaoyang, "q=" + _wangjingId)).Ids.ShouldBe([WangjingId]);
    }

    [Fact]
    public async Task Counts_of_two_branches_add_up_within_their_common_ancestor_and_exclude_each_other()
    {
        var jianwai = await Search(_jianwai, "");
        var wangjing = await Search(_wangjing, "");
        var chaoyang = await Search(_chaoyang, "");
        jianwai.Total.ShouldBeGreaterThan(0);
        wangjing.Total.ShouldBeGreaterThan(0);
        chaoyang.Total.ShouldBeGreaterThanOrEqualTo(jianwai.Total + wangjing.Total);
        (await Search(_jianwai, "q=" + Uri.EscapeDataString(_wangjingName))).Total.ShouldBe(0);
        var wangjingUnit = await TestData.UnitId(_wangjing, "望京街道总工会");
        (await Search(_jianwai, $"orgUnitId={wangjingUnit}")).Total.ShouldBe(0);
        (await Search(_chaoyang, $"orgUnitId={wangjingUnit}")).Total.ShouldBe(wangjing.Total);
    }

    [Fact]
    public async Task A_record_of_another_branch_answers_404_to_detail_update_events_and_honours()
    {
        (await _jianwai.GetAsync($"/api/v1/honorees/{WangjingId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _jianwai.GetAsync($"/api/v1/honorees/{WangjingId}?asOf=2020-01-01")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _jianwai.PutAsJsonAsync($"/api/v1/honorees/{WangjingId}", new { name = "改名", residentId = _wangjingId, version = 1 }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _jianwai.PostAsJsonAsync($"/api/v1/honorees/{WangjingId}/events", new { type = "died", effectiveOn = "2024-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _jianwai.PostAsJsonAsync($"/api/v1/honorees/{WangjingId}/honours",
            new { titleCode = "national_model_worker", awardedOn = "2010-04-27", awardingBody = "国务院" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _chaoyang.GetAsync($"/api/v1/honorees/{WangjingId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _chaoyang.GetAsync($"/api/v1/honorees/{JianwaiId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Org_unit_lookup_lists_only_the_users_subtree()
    {
        var names = (await _jianwai.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray()
            .Select(u => u.GetProperty("name").GetString()).ToList();
        names.ShouldContain("建外街道总工会");
        names.ShouldNotContain("望京街道总工会");
        names.ShouldNotContain("朝阳区总工会");
        var chaoyang = (await _chaoyang.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray()
            .Select(u => u.GetProperty("name").GetString()).ToList();
        chaoyang.ShouldContain("建外街道总工会");
        chaoyang.ShouldContain("望京街道总工会");
        chaoyang.ShouldNotContain("铁岭市总工会");
    }

    [Fact]
    public async Task A_cadre_cannot_register_an_honoree_under_another_branch()
    {
        var wangjingUnit = await TestData.UnitId(_wangjing, "望京街道总工会");
        var response = await _jianwai.PostAsJsonAsync("/api/v1/honorees", TestData.NewHonoree(wangjingUnit, "越权"));
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("orgUnitId");
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_write()
    {
        (await _viewer.GetAsync($"/api/v1/honorees/{JianwaiId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Search(_viewer, "q=" + Uri.EscapeDataString(_jianwaiName))).Total.ShouldBe(1);
        var unit = await TestData.UnitId(_viewer, "建外街道总工会");
        (await _viewer.PostAsJsonAsync("/api/v1/honorees", TestData.NewHonoree(unit, "只读"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var detail = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{JianwaiId}");
        (await _viewer.PutAsJsonAsync($"/api/v1/honorees/{JianwaiId}",
            new { name = "改名", residentId = "x", version = detail.GetProperty("version").GetInt32() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _viewer.PostAsJsonAsync($"/api/v1/honorees/{JianwaiId}/events", new { type = "died", effectiveOn = "2024-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _viewer.PostAsJsonAsync($"/api/v1/honorees/{JianwaiId}/honours",
            new { titleCode = "national_model_worker", awardedOn = "2010-04-27", awardingBody = "国务院" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _chaoyang.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{JianwaiId}")).GetProperty("diedOn").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_sysadmin_sees_no_honoree_personal_data()
    {
        (await Search(_admin, "")).Total.ShouldBe(0);
        (await Search(_admin, "q=" + _wangjingId)).Total.ShouldBe(0);
        (await _admin.GetAsync($"/api/v1/honorees/{WangjingId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var units = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/org-units");
        units.GetArrayLength().ShouldBeGreaterThan(20);
    }
}
