using System.Net;
using System.Net.Http.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Security;

/// <summary>The pages enforce the same scope as the API: the server decides, not the links.</summary>
[Collection(DemoCollection.Name)]
public sealed class UiTests(LaurelApp app)
{
    [Fact]
    public async Task Pages_need_a_login()
    {
        var response = await app.Anonymous().GetAsync("/honorees");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }

    [Fact]
    public async Task A_record_of_another_branch_is_not_found_on_the_pages_and_not_listed()
    {
        var name = TestData.UniqueName("望京页");
        var id = (await TestData.CreateHonoree(await app.ApiAs("wangjing"), "望京街道总工会", name)).GetProperty("id").GetInt64();
        var jianwai = await app.BrowserAs("jianwai");
        (await jianwai.GetAsync($"/honorees/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await jianwai.GetAsync($"/honorees/{id}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await jianwai.GetStringAsync("/honorees?q=" + Uri.EscapeDataString(name))).ShouldContain("共 0 人");
        var export = await jianwai.GetStringAsync("/honorees/export?q=" + Uri.EscapeDataString(name));
        export.ShouldNotContain(name);
        var chaoyang = await app.BrowserAs("chaoyang");
        (await chaoyang.GetStringAsync($"/honorees/{id}")).ShouldContain(name);
        var found = await chaoyang.GetStringAsync("/honorees?q=" + Uri.EscapeDataString(name));
        found.ShouldContain("共 1 人");
        found.ShouldContain($"/honorees/{id}");
        (await chaoyang.GetStringAsync("/honorees/export?q=" + Uri.EscapeDataString(name))).ShouldContain(name);
    }

    [Fact]
    public async Task Html_typed_into_a_field_shows_as_text()
    {
        var name = "<b>粗体</b>";
        var id = (await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", name)).GetProperty("id").GetInt64();
        var page = await (await app.BrowserAs("jianwai")).GetStringAsync($"/honorees/{id}");
        page.ShouldNotContain("<b>粗体</b>");
        page.ShouldContain("&lt;b&gt;粗体&lt;/b&gt;");
    }

    [Fact]
    public async Task The_export_shows_masked_ids_and_is_audited()
    {
        var rid = TestData.NewResidentId();
        var name = TestData.UniqueName("导出");
        await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", name, rid);
        var csv = await (await app.BrowserAs("jianwai")).GetStringAsync("/honorees/export?q=" + Uri.EscapeDataString(name));
        csv.ShouldContain(rid[..6] + "********" + rid[14..]);
        csv.ShouldNotContain(rid);
        var audit = await (await app.ApiAs("auditor")).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit-entries?action=export&user=jianwai");
        audit.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_sysadmin_sees_the_org_tree_but_no_honoree()
    {
        var admin = await app.BrowserAs("admin");
        (await admin.GetStringAsync("/org-units")).ShouldContain("望京街道总工会");
        var list = await admin.GetAsync("/honorees");
        if (list.StatusCode == HttpStatusCode.OK)
        {
            (await list.Content.ReadAsStringAsync()).ShouldContain("共 0 人");
        }
        else
        {
            list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Every_page_header_shows_the_user_and_their_unit()
    {
        var page = await (await app.BrowserAs("wangjing")).GetStringAsync("/");
        // The demo account's name (姓名), not its login.
        page.ShouldContain("李秀英");
        page.ShouldContain("望京街道总工会");
    }
}

/// <summary>Pages that belong to one role send everyone else to the 没有权限 page, which answers 403.</summary>
[Collection(DemoCollection.Name)]
public sealed class RolePageTests(LaurelApp app)
{
    private static async Task ShouldBeDenied(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        new Uri(new Uri("http://x"), location).AbsolutePath.ShouldBe("/denied");
        (await client.GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Users_and_grants_are_for_sysadmins_only()
    {
        await ShouldBeDenied(await app.BrowserAs("chaoyang"), "/users");
        var page = await (await app.BrowserAs("admin")).GetStringAsync("/users");
        page.ShouldContain("chaoyang-viewer");
        page.ShouldContain("只读查看");
    }

    [Fact]
    public async Task The_audit_log_page_is_for_auditors_only_and_searches_by_user_and_action()
    {
        await ShouldBeDenied(await app.BrowserAs("admin"), "/audit");
        await ShouldBeDenied(await app.BrowserAs("jianwai"), "/audit");
        await app.BrowserAs("wangjing");
        var page = await (await app.BrowserAs("auditor")).GetStringAsync("/audit?user=wangjing&action=login_succeeded");
        var rows = System.Text.RegularExpressions.Regex.Matches(page, "<tr data-audit-id=\"\\d+\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.Contains("wangjing") && r.Contains("登录成功"));
    }

    [Fact]
    public async Task Registering_an_honoree_is_for_managers_only()
    {
        await ShouldBeDenied(await app.BrowserAs("chaoyang-viewer"), "/honorees/new");
        (await (await app.BrowserAs("chaoyang")).GetAsync("/honorees/new")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>Two instances behind a load balancer share the Data Protection keys through PostgreSQL.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly LaurelApp _first = new();
    private LaurelApp _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _second = LaurelApp.SharingDatabaseWith(_first);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_login_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        _first.BaseAddress.ShouldNotBe(_second.BaseAddress);
        var cookies = new CookieContainer();
        await _first.BrowserAs("chaoyang", cookies);
        using var second = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _second.BaseAddress };
        var response = await second.GetAsync("/honorees");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Signed in as chaoyang, whose demo name the header shows.
        (await response.Content.ReadAsStringAsync()).ShouldContain("陈志刚");
        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _second.BaseAddress };
        (await stranger.GetAsync("/honorees")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
