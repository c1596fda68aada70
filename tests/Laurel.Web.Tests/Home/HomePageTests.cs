using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Home;

/// <summary>
/// Each role's start page (issue 11): what waits for the signed-in user, and counts under their scope. One database for
/// the class, so that the cycles made here are the only ones of their months.
/// </summary>
public sealed class HomePageTests(LaurelApp app) : IClassFixture<LaurelApp>
{
    private async Task<IDocument> Home(string userName) =>
        new HtmlParser().ParseDocument(await (await app.BrowserAs(userName)).GetStringAsync("/"));

    private static IElement? Section(IDocument page, string testId) => page.QuerySelector($"[data-testid='{testId}']");

    private static bool ListsCycle(IDocument page, string testId, long cycle) =>
        Section(page, testId)?.QuerySelector($"tr[data-cycle='{cycle}']") is not null;

    [Fact]
    public async Task The_checker_is_told_a_computed_cycle_waits_for_them_and_the_maker_that_it_was_sent_back()
    {
        var finance = await app.ApiAs("nmg-finance");
        var checker = await app.ApiAs("nmg-checker");
        var cycle = await CreateCycle(finance, await TestData.UnitId(finance, "内蒙古自治区总工会"), "2025-09");
        await Ok(await Act(finance, cycle, "compute"));

        var checkerHome = await Home("nmg-checker");
        ListsCycle(checkerHome, "cycles-to-approve", cycle).ShouldBeTrue();
        Section(checkerHome, "cycles-to-approve")!.QuerySelector($"tr[data-cycle='{cycle}'] a")!.GetAttribute("href").ShouldBe($"/payments/{cycle}");
        Section(checkerHome, "cycles-to-approve")!.TextContent.ShouldContain("何丽娟");
        var makerHome = await Home("nmg-finance");
        ListsCycle(makerHome, "cycles-to-approve", cycle).ShouldBeFalse();
        ListsCycle(makerHome, "cycles-awaiting-others", cycle).ShouldBeTrue();
        // Finance staff of another paying unit are not told of it.
        ListsCycle(await Home("tieling-checker"), "cycles-to-approve", cycle).ShouldBeFalse();

        await Ok(await Act(checker, cycle, "reject", new { comment = "呼和浩特市人数有误，请核实" }));

        var sentBack = await Home("nmg-finance");
        ListsCycle(sentBack, "cycles-sent-back", cycle).ShouldBeTrue();
        Section(sentBack, "cycles-sent-back")!.TextContent.ShouldContain("呼和浩特市人数有误，请核实");
        ListsCycle(await Home("nmg-checker"), "cycles-to-approve", cycle).ShouldBeFalse();
        Section(await Home("nmg-checker"), "cycles-sent-back").ShouldBeNull();
    }

    [Fact]
    public async Task A_second_sysadmin_sees_the_grant_proposal_the_first_made_and_the_first_sees_it_waiting_for_another()
    {
        var (userId, userName) = await TestUsers.CreateAsync(app, "home");
        var admin = await app.ApiAs("admin");
        var unit = await TestData.UnitId(admin, "建外街道总工会");
        (await admin.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role = "viewer", orgUnitId = unit })).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.Accepted);

        var admin2Home = await Home("admin2");
        var waiting = Section(admin2Home, "decisions-waiting").ShouldNotBeNull();
        waiting.TextContent.ShouldContain(userName);
        waiting.TextContent.ShouldContain("只读查看");
        waiting.TextContent.ShouldContain("赵立新");
        var adminHome = await Home("admin");
        Section(adminHome, "decisions-waiting")!.TextContent.ShouldNotContain(userName);
        Section(adminHome, "my-proposals").ShouldNotBeNull();
        int.Parse(Section(adminHome, "user-counts")!.QuerySelectorAll("td")[1].TextContent, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(18);
    }

    [Theory]
    [InlineData("jianwai")]
    [InlineData("chaoyang-viewer")]
    [InlineData("nmg")]
    public async Task A_cadres_counts_equal_the_count_of_their_scoped_list(string userName)
    {
        var list = await (await app.ApiAs(userName)).GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=1");
        list.GetProperty("totalExact").GetBoolean().ShouldBeTrue();
        var home = await Home(userName);
        Section(home, "total")!.TextContent.Trim().ShouldBe(list.GetProperty("total").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Section(home, "cycles-to-approve").ShouldBeNull();
        Section(home, "decisions-waiting").ShouldBeNull();
        Section(home, "recent-audit").ShouldBeNull();
    }

    [Fact]
    public async Task A_cadre_sees_the_records_of_their_scope_changed_last_and_none_of_another_branch()
    {
        var mine = TestData.UniqueName("首页建外");
        var theirs = TestData.UniqueName("首页望京");
        var id = (await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", mine)).GetProperty("id").GetInt64();
        await TestData.CreateHonoree(await app.ApiAs("wangjing"), "望京街道总工会", theirs);
        var recent = Section(await Home("jianwai"), "recent-records").ShouldNotBeNull();
        recent.QuerySelector($"a[href='/honorees/{id}']")!.TextContent.ShouldBe(mine);
        recent.TextContent.ShouldNotContain(theirs);
    }

    [Fact]
    public async Task The_auditor_sees_the_latest_activity_and_the_days_failed_sign_ins()
    {
        var stranger = TestData.UniqueName("nobody-");
        var before = Section(await Home("auditor"), "audit-today")!.QuerySelectorAll("td")[3].TextContent;
        await TestUsers.RequestTokenAsync(app, stranger, "wrong-password");
        var home = await Home("auditor");
        Section(home, "recent-audit")!.TextContent.ShouldContain(stranger);
        int.Parse(Section(home, "audit-today")!.QuerySelectorAll("td")[3].TextContent, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(int.Parse(before, System.Globalization.CultureInfo.InvariantCulture));
        Section(home, "level-counts").ShouldBeNull();
    }

    [Theory]
    [InlineData("jianwai", "王建国")]
    [InlineData("nmg-checker", "萨仁高娃")]
    [InlineData("auditor", "孙慧敏")]
    public async Task Demo_accounts_are_greeted_and_shown_in_the_header_by_their_name(string userName, string displayName)
    {
        var home = await Home(userName);
        Section(home, "greeting")!.TextContent.ShouldBe("您好，" + displayName);
        Section(home, "user-badge")!.TextContent.ShouldContain(displayName);
    }
}
