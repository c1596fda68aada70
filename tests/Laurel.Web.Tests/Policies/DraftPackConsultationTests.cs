using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Policies;

/// <summary>
/// A draft pack (langfang-2019-draft) is simulated at the service window, never told as owed: each of its entries is
/// marked in the API and labelled on the page; an honoree's record never shows one.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DraftPackConsultationTests(LaurelApp app)
{
    private const string Draft = "langfang-2019-draft";

    [Fact]
    public async Task The_consultation_api_marks_each_entry_of_a_draft_pack_as_simulated_with_the_packs_status()
    {
        var response = await (await app.ApiAs("langfang")).PostAsJsonAsync("/api/v1/entitlements/evaluate", new
        {
            month = "2026-05", regionCode = "131000",
            person = new { birthDate = "1965-03-01", hukouRegionCode = "131002", employment = new { status = "employed", since = "1990-01-01" } },
            honours = new[] { new { titleCode = "national_model_worker", awardedOn = "2010-04-27" } },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entitlements").EnumerateArray().ToList();

        var card = entries.Single(e => e.GetProperty("benefitCode").GetString() == "talent_service_card");
        card.GetProperty("pack").GetString().ShouldBe(Draft);
        card.GetProperty("simulated").GetBoolean().ShouldBeTrue();
        card.GetProperty("packStatus").GetString().ShouldBe("draft");
        foreach (var e in entries)
        {
            var draft = e.GetProperty("pack").GetString() == Draft;
            e.GetProperty("simulated").GetBoolean().ShouldBe(draft);
            e.GetProperty("packStatus").GetString().ShouldBe(draft ? "draft" : "in_force");
        }
    }

    [Fact]
    public async Task The_consultation_page_labels_each_draft_entry_and_no_in_force_one()
    {
        var client = await app.BrowserAs("langfang");
        var form = await client.GetStringAsync("/consult");
        var answer = await client.PostAsync("/consult", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
            ["Input.Month"] = "2026-05", ["Input.RegionCode"] = "131000", ["Input.BirthDate"] = "1965-03-01",
            ["Input.HukouRegionCode"] = "131002", ["Input.EmploymentStatus"] = "employed", ["Input.EmploymentSince"] = "1990-01-01",
            ["Input.Honours[0].TitleCode"] = "national_model_worker", ["Input.Honours[0].AwardedOn"] = "2010-04-27",
        }));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await answer.Content.ReadAsStringAsync();
        var rows = System.Text.RegularExpressions.Regex.Matches(html, "<tr data-benefit=\"(?<code>[^\"]+)\" data-simulated=\"(?<sim>true|false)\"[^>]*>(?<body>.*?)</tr>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        var card = rows.Single(m => m.Groups["code"].Value == "talent_service_card");
        card.Groups["sim"].Value.ShouldBe("true");
        card.Groups["body"].Value.ShouldContain("征求意见稿·仅供模拟");
        rows.Count(m => m.Groups["body"].Value.Contains("征求意见稿·仅供模拟", StringComparison.Ordinal))
            .ShouldBe(rows.Count(m => m.Groups["sim"].Value == "true"));
    }

    [Fact]
    public async Task The_honorees_benefits_tab_shows_no_draft_entry()
    {
        var client = await app.ApiAs("langfang");
        var unit = await TestData.UnitId(client, "廊坊市总工会");
        var created = await client.PostAsJsonAsync("/api/v1/honorees", new
        {
            name = TestData.UniqueName("廊坊"), residentId = TestData.NewResidentId(birthSpanDays: 4000), orgUnitId = unit, hukouRegionCode = "131002",
            employment = new { status = "employed", employerName = "廊坊某厂", employerType = "enterprise", since = "1990-01-01" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "national_model_worker", awardedOn = "2010-04-27", awardingBody = "中共中央、国务院" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var api = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/entitlements?month=2026-05");
        api.GetProperty("entitlements").EnumerateArray().ShouldAllBe(e => !e.GetProperty("simulated").GetBoolean());
        var tab = await (await app.BrowserAs("langfang")).GetStringAsync($"/honorees/{id}?tab=benefits&month=2026-05");
        tab.ShouldNotContain("data-simulated=\"true\"");
        tab.ShouldNotContain("燕赵英才服务卡");
    }
}
