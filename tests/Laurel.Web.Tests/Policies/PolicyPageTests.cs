using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Policies;

[Collection(DemoCollection.Name)]
public sealed class PolicyPageTests(LaurelApp app)
{
    [Fact]
    public async Task The_benefits_tab_shows_the_allowance_with_its_document_and_the_benefits_not_due_with_reasons()
    {
        var api = await app.ApiAs("nmg");
        var unit = await TestData.UnitId(api, "内蒙古自治区总工会");
        var created = await api.PostAsJsonAsync("/api/v1/honorees", new
        {
            name = TestData.UniqueName("巴特尔"), residentId = TestData.NewResidentId(), orgUnitId = unit, hukouRegionCode = "150102",
            employment = new { status = "retired", employerName = "包头钢铁公司", employerType = "enterprise", since = "2015-06-01" },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await api.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "provincial_model_worker", awardingRegionCode = "150000", awardedOn = "2009-04-28", awardingBody = "内蒙古自治区人民政府" });

        var page = await (await app.BrowserAs("nmg")).GetStringAsync($"/honorees/{id}?tab=benefits&month=2026-02");
        page.ShouldContain("data-benefit=\"honorary_allowance\"");
        page.ShouldContain("300.00");
        page.ShouldContain("内蒙古自治区劳动模范");
        page.ShouldContain("不符合条件的待遇");
    }

    [Fact]
    public async Task The_service_window_answers_typed_in_facts_and_names_a_bad_field()
    {
        var client = await app.BrowserAs("chaoyang");
        var form = await client.GetStringAsync("/consult");
        var token = LaurelApp.AntiforgeryToken(form);
        var answer = await client.PostAsync("/consult", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Month"] = "2026-05", ["Input.RegionCode"] = "150102", ["Input.BirthDate"] = "1958-02-01",
            ["Input.HukouRegionCode"] = "150102", ["Input.EmploymentStatus"] = "retired", ["Input.EmployerType"] = "enterprise",
            ["Input.EmploymentSince"] = "2018-02-01", ["Input.PensionScheme"] = "enterprise", ["Input.PensionMonthly"] = "3100",
            ["Input.Honours[0].TitleCode"] = "national_model_worker", ["Input.Honours[0].AwardedOn"] = "2010-04-27",
        }));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await answer.Content.ReadAsStringAsync();
        html.ShouldContain("data-benefit=\"honorary_allowance\"");
        html.ShouldContain("500.00");

        var bad = await client.PostAsync("/consult", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Month"] = "2026-05", ["Input.RegionCode"] = "12",
        }));
        var badHtml = await bad.Content.ReadAsStringAsync();
        badHtml.ShouldContain("管理单位所在地区码应为6位有效的行政区划代码");
        badHtml.ShouldContain("请填写身份证号或出生日期");
    }

    [Fact]
    public async Task The_pack_pages_list_every_pack_and_show_values_with_references_or_that_the_figure_is_local()
    {
        var client = await app.BrowserAs("tieling");
        var list = await client.GetStringAsync("/policies");
        list.ShouldContain("tieling-2026");
        list.ShouldContain("征求意见稿");
        var tieling = await client.GetStringAsync("/policies/tieling-2026");
        tieling.ShouldContain("pension_top_up.standard_line.enterprise");
        tieling.ShouldContain("标准由当地确定");
        tieling.ShouldContain("推定");
        (await client.GetAsync("/policies/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_packs_policy_admin_sees_the_value_form_and_its_preview_changes_nothing()
    {
        (await (await app.BrowserAs("nmg")).GetStringAsync("/policies/tieling-2026")).ShouldNotContain("data-testid=\"add-value\"");
        var tieling = await app.BrowserAs("tieling");
        var page = await tieling.GetStringAsync("/policies/tieling-2026");
        page.ShouldContain("data-testid=\"add-value\"");
        var preview = await tieling.PostAsync("/policies/tieling-2026?handler=Preview", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
            ["Input.Parameter"] = "election_award.amount.model_worker", ["Input.EffectiveFrom"] = "2026-09-01",
            ["Input.Value"] = "8000", ["Input.Reference"] = "测试预览",
        }));
        var html = await preview.Content.ReadAsStringAsync();
        html.ShouldContain("2026年9月 起的影响");
        (await tieling.GetStringAsync("/policies/tieling-2026")).ShouldNotContain("测试预览");
    }
}
