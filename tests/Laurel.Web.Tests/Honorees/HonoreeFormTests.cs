using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Honorees;

/// <summary>
/// The registry's forms as a cadre meets them: messages that say what to do in Chinese, the honour form's fields
/// outlined like the registration form's, one kind of month field read the same way everywhere, and region fields
/// that offer the regions by name, starting from the user's own.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class HonoreeFormTests(LaurelApp app)
{
    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static async Task<IDocument> Post(HttpClient client, string page, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await client.GetStringAsync(page));
        var response = await client.PostAsync(path, new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return Parse(html);
    }

    private static string ErrorFor(IDocument page, string field) =>
        string.Concat(page.QuerySelectorAll($"[data-error-for='{field}']").Select(e => e.TextContent)).Trim();

    [Fact]
    public async Task An_honour_without_a_title_asks_to_choose_one_and_its_fields_are_outlined_like_the_registration_forms()
    {
        var api = await app.ApiAs("jianwai");
        var id = (await TestData.CreateHonoree(api, "建外街道总工会", TestData.UniqueName("称号"))).GetProperty("id").GetInt64();
        var browser = await app.BrowserAs("jianwai");

        var page = await Post(browser, $"/honorees/{id}", $"/honorees/{id}?handler=Honour", new()
        {
            ["Honour.TitleCode"] = "", ["Honour.AwardedOn"] = "", ["Honour.AwardingBody"] = "",
        });

        ErrorFor(page, "titleCode").ShouldBe("请选择称号");
        page.QuerySelector("#Honour_TitleCode")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#Honour_AwardedOn")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#Honour_DocumentNumber")!.ClassList.ShouldNotContain("is-invalid");
        var unknown = await Post(browser, $"/honorees/{id}", $"/honorees/{id}?handler=Honour", new() { ["Honour.TitleCode"] = "no_such_title" });
        ErrorFor(unknown, "titleCode").ShouldContain("荣誉称号不存在");
    }

    [Fact]
    public async Task A_missing_employment_status_asks_to_choose_one_and_no_message_names_a_code()
    {
        var page = await Post(await app.BrowserAs("jianwai"), "/honorees/new", "/honorees/new", new()
        {
            ["Input.Name"] = TestData.UniqueName("状态"), ["Input.ResidentId"] = TestData.NewResidentId(), ["Input.HukouRegionCode"] = "110105",
            ["Input.EmploymentStatus"] = "", ["Input.EmploymentSince"] = "2001-09-01",
        });

        ErrorFor(page, "employment.status").ShouldBe("请选择就业状态");
        var api = await app.ApiAs("jianwai");
        var unit = await TestData.UnitId(api, "建外街道总工会");
        var wrong = await api.PostAsJsonAsync("/api/v1/honorees", new
        {
            name = TestData.UniqueName("状态"), residentId = TestData.NewResidentId(), orgUnitId = unit, hukouRegionCode = "110105",
            employment = new { status = "working", employerType = "company", since = "2001-09-01" },
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("employment.status")[0].GetString().ShouldBe("就业状态应为在职、退休或失业");
        errors.GetProperty("employment.employerType")[0].GetString().ShouldBe("单位性质应为机关、事业单位、企业或其他");
    }

    [Fact]
    public async Task The_registration_form_starts_the_hukou_at_the_users_region_and_accepts_a_place_picked_by_name()
    {
        var browser = await app.BrowserAs("tieling");
        var form = Parse(await browser.GetStringAsync("/honorees/new"));
        var hukou = form.QuerySelector("#Input_HukouRegionCode")!;
        hukou.GetAttribute("value").ShouldBe("211200");
        var choices = form.QuerySelector($"datalist#{hukou.GetAttribute("list")}")!.QuerySelectorAll("option")
            .ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent.Trim());
        choices["211282"].ShouldBe("辽宁省 铁岭市 开原市");
        choices.Keys.First().ShouldStartWith("21", Case.Sensitive, "the user's own province comes first");
        form.QuerySelector($"#{hukou.GetAttribute("aria-describedby")}")!.TextContent.ShouldContain("铁岭市");

        var name = TestData.UniqueName("开原");
        var unit = await TestData.UnitId(await app.ApiAs("tieling"), "铁岭市总工会");
        var response = await browser.PostAsync("/honorees/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.ResidentId"] = TestData.NewResidentId(), ["Input.OrgUnitId"] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.HukouRegionCode"] = "开原市", ["Input.EmploymentStatus"] = "employed", ["Input.EmploymentSince"] = "2001-09-01",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await browser.GetStringAsync("/honorees/new")),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var stored = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT hukou_region_code FROM honorees WHERE name = $1", name);
        stored.ShouldBe("211282");

        var bad = await Post(browser, "/honorees/new", "/honorees/new", new() { ["Input.HukouRegionCode"] = "火星" });
        ErrorFor(bad, "hukouRegionCode").ShouldContain("户籍地区无效");
        bad.QuerySelector("#Input_HukouRegionCode")!.ClassList.ShouldContain("is-invalid");
    }

    [Fact]
    public async Task Every_month_field_is_a_month_picker_and_a_month_typed_in_Chinese_is_read_while_a_wrong_one_is_named()
    {
        var nmg = await app.BrowserAs("nmg");
        var consult = Parse(await nmg.GetStringAsync("/consult"));
        consult.QuerySelector("#Input_Month")!.GetAttribute("type").ShouldBe("month");
        consult.QuerySelector("#Input_RegionCode")!.GetAttribute("value").ShouldBe("150000");
        var finance = Parse(await (await app.BrowserAs("nmg-finance")).GetStringAsync("/payments"));
        finance.QuerySelector("#Input_Month")!.GetAttribute("type").ShouldBe("month");

        var read = await Post(nmg, "/consult", "/consult", new()
        {
            ["Input.Month"] = "2026年3月", ["Input.RegionCode"] = "呼和浩特市", ["Input.BirthDate"] = "1960-01-01",
            ["Input.Honours[0].TitleCode"] = "national_model_worker", ["Input.Honours[0].AwardedOn"] = "2000-04-28",
        });
        read.QuerySelectorAll("h2").Select(h => h.TextContent).ShouldContain(h => h.Contains("2026年3月 应享待遇"));
        ErrorFor(read, "month").ShouldBeEmpty();

        var wrong = await Post(nmg, "/consult", "/consult", new() { ["Input.Month"] = "2026-13", ["Input.RegionCode"] = "150000", ["Input.BirthDate"] = "1960-01-01" });
        ErrorFor(wrong, "month").ShouldBe("查询月份格式不正确，请选择年月，例如 2026年12月");
        var empty = await Post(nmg, "/consult", "/consult", new() { ["Input.Month"] = "", ["Input.RegionCode"] = "150000", ["Input.BirthDate"] = "1960-01-01" });
        ErrorFor(empty, "month").ShouldBe("请选择查询月份");
    }

    [Fact]
    public async Task The_pack_pages_name_kinds_units_and_sources_in_Chinese_and_keep_the_codes_in_attributes()
    {
        var page = Parse(await (await app.BrowserAs("nmg")).GetStringAsync("/policies/chaoyang-2015"));
        var text = page.Body!.TextContent;
        text.ShouldNotContain("chaoyang-2015");
        text.ShouldNotContain(".txt");
        text.ShouldNotContain("后续版本");
        page.QuerySelector("[data-benefit='health_checkup']")!.TextContent.ShouldContain("服务");
        page.QuerySelector("[data-parameter='hardship_aid.amount']")!.TextContent.ShouldContain("元");
        text.ShouldContain("来源：北京市朝阳区总工会");
    }
}
