using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Nominations;

/// <summary>
/// One candidate from the pool to the honour, through every step of 一报告两审核三公示 in the browser (issue 12 §8), on an
/// app whose clock the test moves past each notice's window. The campaign itself is set up through the API; every step
/// of the candidate is taken on the pages a cadre uses, with axe-core on each of them.
/// </summary>
public sealed partial class ProcedureJourneyTests(ProcedureBrowserFixture fixture) : IClassFixture<ProcedureBrowserFixture>
{
    private ProcedureApp App => fixture.Procedure;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_pool_entry_becomes_an_honour_through_every_step_on_the_pages()
    {
        var today = App.Today;
        var admin = await App.ApiAs("chaoyang-selection");
        var district = await TestData.UnitId(await App.ApiAs("admin"), "朝阳区总工会");
        var jianwai = await TestData.UnitId(await App.ApiAs("admin"), "建外街道总工会");
        var campaign = (await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = district, titleCode = "county_model_worker", awardingRegionCode = "110105", year = today.Year,
            basisDocument = "朝工发〔2026〕88号", seatTotal = 3, nominationsOpenOn = today, nominationsCloseOn = today.AddDays(90),
        }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{campaign}/report", new { reportOn = today, reportDocument = "朝工报〔2026〕88号" }), HttpStatusCode.OK);
        await Json(await admin.PostAsync($"/api/v1/campaigns/{campaign}/open", null), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = jianwai, seats = 2 }), HttpStatusCode.OK);

        const string name = "冯建业";
        long candidate;
        long honoree;
        // 建外: the pool entry, the recommendation with its democratic vote, and 公示一.
        await using (var street = await SignedInAsync("jianwai"))
        {
            var p = street.Page;
            await street.GotoAsync("/nominations/pool");
            await p.GetByLabel("单位", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "建外街道总工会" });
            await p.GetByLabel("姓名", new() { Exact = true }).FillAsync(name);
            await p.GetByLabel("身份证号", new() { Exact = true }).FillAsync(TestData.NewResidentId());
            await p.GetByLabel("工作单位", new() { Exact = true }).FillAsync("建外某电力公司");
            await p.GetByLabel("岗位", new() { Exact = true }).FillAsync("变电运维班长");
            await p.GetByLabel("人选类别").SelectOptionAsync("frontline_worker");
            await p.GetByLabel("入库方式").SelectOptionAsync("post_expert");
            await p.GetByLabel("主要事迹（500 字以内）").FillAsync("二十年坚守变电运维一线，保障重大活动供电零差错。");
            await SubmitAsync(street, p.GetByRole(AriaRole.Button, new() { Name = "录入" }));
            (await p.ContentAsync()).ShouldContain(name);

            await street.GotoAsync($"/nominations/campaigns/{campaign}/recommend");
            await p.GetByLabel("推荐单位").SelectOptionAsync(new SelectOptionValue { Label = "建外街道总工会" });
            var entry = p.Locator("#Input_PoolEntryId option", new() { HasTextString = name });
            await p.Locator("#Input_PoolEntryId").SelectOptionAsync(await entry.GetAttributeAsync("value") ?? "");
            await p.GetByLabel("事迹材料（3000 字以内）").FillAsync("该同志二十年坚守变电运维一线，带领班组保障重大活动供电零差错，培养技术骨干十二名。");
            await p.GetByLabel("会议日期").FillAsync(Day(today));
            await p.GetByLabel("到会人数").FillAsync("60");
            await p.GetByLabel("赞成票").FillAsync("52");
            await p.GetByLabel("反对票").FillAsync("5");
            await p.GetByLabel("弃权票").FillAsync("3");
            await SubmitAsync(street, p.GetByRole(AriaRole.Button, new() { Name = "提交推荐" }));
            candidate = long.Parse(CandidateUrl().Match(p.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            await State(candidate, "recommended");

            await PublishAsync(street, campaign, "unit", name, today);
        }
        await State(candidate, "unit_notice");
        await CloseOutAsync("jianwai", campaign, "unit");
        await State(candidate, "first_review");

        // 审核一 on the candidate's page, then 公示二 at the recommending union.
        await using (var street = await SignedInAsync("jianwai"))
        {
            var p = street.Page;
            await street.GotoAsync($"/nominations/candidates/{candidate}");
            await p.GetByLabel("党委名称").FillAsync("中共北京市朝阳区建外街道工作委员会");
            await p.GetByLabel("同意日期").FillAsync(Day(App.Today));
            await p.Locator("#Review_Signer").FillAsync("张书记");
            await SubmitAsync(street, p.GetByRole(AriaRole.Button, new() { Name = "记录同级党委意见" }));
            (await p.Locator("[data-testid=first-review]").InnerTextAsync()).ShouldContain("建外街道工作委员会");
            await PublishAsync(street, campaign, "recommending", name, App.Today);
        }
        await State(candidate, "second_notice");
        await CloseOutAsync("jianwai", campaign, "recommending");
        await State(candidate, "second_review");

        // 审核二: a department's signed opinion, then 公示三 at the district; after it, the award decision.
        await using (var office = await SignedInAsync("chaoyang-selection"))
        {
            var p = office.Page;
            await office.GotoAsync($"/nominations/candidates/{candidate}");
            await p.GetByLabel("部门", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "公安" });
            await p.GetByLabel("机关名称").FillAsync("北京市公安局朝阳分局");
            await p.GetByLabel("意见", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "同意" });
            await p.GetByLabel("签署日期").FillAsync(Day(App.Today));
            await p.Locator("#Review_OpinionSigner").FillAsync("李科长");
            await SubmitAsync(office, p.GetByRole(AriaRole.Button, new() { Name = "录入部门意见" }));
            (await p.Locator("[data-testid=opinions]").InnerTextAsync()).ShouldContain("北京市公安局朝阳分局");
            await PublishAsync(office, campaign, "campaign", name, App.Today);
        }
        await State(candidate, "final_notice");
        await CloseOutAsync("chaoyang-selection", campaign, "campaign");
        await State(candidate, "final_notice");

        await using (var office = await SignedInAsync("chaoyang-selection"))
        {
            var p = office.Page;
            await office.GotoAsync($"/nominations/campaigns/{campaign}");
            await SubmitAsync(office, p.GetByRole(AriaRole.Button, new() { Name = "截止推荐" }));
            await p.GetByLabel("授予机关").FillAsync("北京市朝阳区总工会");
            await p.GetByLabel("决定日期").FillAsync(Day(App.Today));
            await p.GetByLabel("表彰决定文号").FillAsync("朝工发〔2026〕99号");
            await SubmitAsync(office, p.GetByRole(AriaRole.Button, new() { Name = "作出表彰决定" }));
            var items = p.Locator("[data-testid=decision-items]");
            (await items.InnerTextAsync()).ShouldContain(name + "的劳模档案（本次新建）");
            var link = await items.GetByRole(AriaRole.Link, new() { Name = $"查看{name}的劳模档案" }).GetAttributeAsync("href");
            honoree = long.Parse(HonoreeUrl().Match(link!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        // The street that recommended the person keeps the new record, which now carries the honour with the decision's number.
        await using (var street = await SignedInAsync("jianwai"))
        {
            await street.GotoAsync($"/honorees/{honoree}?tab=honours");
            var record = await street.Page.ContentAsync();
            record.ShouldContain(name);
            record.ShouldContain("朝工发〔2026〕99号");
        }
        await State(candidate, "approved");
        // Exactly one honour, on a record created in the recommending unit (the person was new to the registry).
        (await TestDb.Scalar<long>(App.OwnerConnectionString, """
            SELECT count(*) FROM honours h JOIN honorees p ON p.id = h.honoree_id JOIN org_units u ON u.id = p.org_unit_id
            WHERE p.id = $1 AND p.name = $2 AND h.title_code = 'county_model_worker' AND u.name = '建外街道总工会'
            """, honoree, name)).ShouldBe(1);
        (await TestDb.Scalar<long>(App.OwnerConnectionString, "SELECT count(*) FROM honours WHERE honoree_id = $1", honoree)).ShouldBe(1);
    }

    [GeneratedRegex("/nominations/candidates/([0-9]+)")]
    private static partial Regex CandidateUrl();

    [GeneratedRegex("/honorees/([0-9]+)")]
    private static partial Regex HonoreeUrl();

    private async Task<BrowserSession> SignedInAsync(string user)
    {
        var session = await fixture.NewSessionAsync();
        session.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await session.SignInAsync(user);
        return session;
    }

    /// <summary>Publishes the notice of a level with the one candidate chosen, opening today, from the campaign's publish page.</summary>
    private static async Task PublishAsync(BrowserSession session, long campaign, string level, string name, DateOnly today)
    {
        var p = session.Page;
        await session.GotoAsync($"/nominations/campaigns/{campaign}/notices/new?level={level}");
        await p.GetByLabel(name, new() { Exact = true }).CheckAsync();
        await p.GetByLabel("公示开始日期").FillAsync(Day(today));
        await p.GetByLabel("受理异议电话").FillAsync("010-85990000");
        await p.GetByLabel("通讯地址").FillAsync("北京市朝阳区建外街道总工会");
        await SubmitAsync(session, p.GetByRole(AriaRole.Button, new() { Name = "发布公示" }));
        p.Url.ShouldContain("/nominations/notices/");
    }

    /// <summary>Moves the clock past the window of the campaign's latest notice of the level and closes it out on its page.</summary>
    private async Task CloseOutAsync(string user, long campaign, string level)
    {
        var notices = await Json(await (await App.ApiAs("chaoyang-selection")).GetAsync($"/api/v1/campaigns/{campaign}/notices"), HttpStatusCode.OK);
        var notice = notices.EnumerateArray().Last(n => n.GetProperty("level").GetString() == level);
        notice.GetProperty("status").GetString().ShouldBe("open");
        App.MoveTo(DateOnly.Parse(notice.GetProperty("closesOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddDays(1));
        await using var session = await SignedInAsync(user);
        await session.GotoAsync($"/nominations/notices/{notice.GetProperty("id").GetInt64()}");
        await SubmitAsync(session, session.Page.GetByRole(AriaRole.Button, new() { Name = "结束公示" }));
        (await session.Page.Locator("[data-testid=certificate]").InnerTextAsync()).ShouldContain("公示期满无异议");
    }

    private async Task State(long candidate, string state) =>
        (await TestDb.Scalar<string>(App.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", candidate)).ShouldBe(state);

    /// <summary>Presses a button that posts; waits for the page the post lands on (its redirect or the form again) and checks it.</summary>
    private static async Task SubmitAsync(BrowserSession session, ILocator button)
    {
        var page = session.Page;
        await page.RunAndWaitForResponseAsync(() => button.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Status is not (301 or 302 or 303));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await session.CheckAsync();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
