using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations;

/// <summary>The pool, campaigns, quotas and recommended candidates (issue 12), through the API as the cadres use it.</summary>
[Collection(DemoCollection.Name)]
public sealed class NominationTests(LaurelApp app)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private async Task<long> Unit(string name) => await TestData.UnitId(await app.ApiAs("admin"), name);

    private Task<long> AuditCount(string type, object id) => TestDb.Scalar<long>(app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = $1 AND entity_id = $2", type, id.ToString()!);

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A 朝阳区 campaign of the selection admin, with its report recorded and opened unless asked otherwise.</summary>
    private async Task<long> Campaign(int seats, bool open = true)
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var created = await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = await Unit("朝阳区总工会"), titleCode = "county_model_worker", awardingRegionCode = "110105", year = Today.Year,
            basisDocument = "朝工发〔2026〕1号", seatTotal = seats, nominationsOpenOn = Today.AddDays(-1), nominationsCloseOn = Today.AddDays(30),
            compositionRules = new[] { new { category = "frontline_worker", minShare = 0.5m, maxShare = (decimal?)null } },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        if (open)
        {
            await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = Today, reportDocument = "朝工报〔2026〕3号" }), HttpStatusCode.OK);
            await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.OK);
        }
        return id;
    }

    private async Task Allocate(HttpClient client, long campaign, string unit, int seats) =>
        await Json(await client.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = await Unit(unit), seats }), HttpStatusCode.OK);

    private async Task<object> NewCandidate(long campaign, string unit, int present = 50, int @for = 40, string category = "technician") => new
    {
        campaignId = campaign, orgUnitId = await Unit(unit), name = TestData.UniqueName("候选"), residentId = TestData.NewResidentId(),
        workplace = "建外某公司", post = "高级技师", category, deeds = "多年扎根一线，带徒传技。",
        vote = new { meetingKind = "workers_congress", heldOn = Today.AddDays(-1), present, @for, against = 5, abstaining = 0 },
    };

    [Fact]
    public async Task A_street_sees_only_its_own_pool_a_sibling_none_and_the_district_its_descendants()
    {
        var jianwai = await app.ApiAs("jianwai");
        var name = TestData.UniqueName("库");
        var created = await Json(await jianwai.PostAsJsonAsync("/api/v1/pool-entries", new
        {
            orgUnitId = await Unit("建外街道总工会"), year = Today.Year, name, residentId = TestData.NewResidentId(), workplace = "建外某公司",
            post = "电工", category = "frontline_worker", selectionKind = "post_expert", achievements = "连续三年岗位能手",
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();

        var own = await Json(await jianwai.GetAsync($"/api/v1/pool-entries?orgUnitId={await Unit("建外街道总工会")}&q={name}"), HttpStatusCode.OK);
        own.GetProperty("items").EnumerateArray().Single().GetProperty("residentIdMasked").GetString()!.ShouldContain("*");

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/pool-entries/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.GetAsync($"/api/v1/pool-entries?orgUnitId={await Unit("建外街道总工会")}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var wangjingAll = await Json(await wangjing.GetAsync($"/api/v1/pool-entries?q={name}"), HttpStatusCode.OK);
        wangjingAll.GetProperty("total").GetInt32().ShouldBe(0);
        (await wangjing.PutAsJsonAsync($"/api/v1/pool-entries/{id}", new { workplace = "x", post = "x", category = "technician", selectionKind = "other", achievements = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var district = await Json(await (await app.ApiAs("chaoyang")).GetAsync($"/api/v1/pool-entries?orgUnitId={await Unit("朝阳区总工会")}&q={name}"), HttpStatusCode.OK);
        district.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt64().ShouldBe(id);

        var report = await Json(await jianwai.PostAsJsonAsync("/api/v1/pool-reports", new { orgUnitId = await Unit("建外街道总工会"), year = Today.Year - 1 }), HttpStatusCode.Conflict);
        report.GetProperty("detail").GetString()!.ShouldContain("还没有条目");
        (await AuditCount("pool_entry", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_person_already_in_the_registry_is_linked_to_their_record_never_duplicated()
    {
        var jianwai = await app.ApiAs("jianwai");
        var residentId = TestData.NewResidentId();
        var honoree = (await TestData.CreateHonoree(jianwai, "建外街道总工会", TestData.UniqueName("档"), residentId)).GetProperty("id").GetInt64();
        var honoreesBefore = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honorees");

        var entry = await Json(await jianwai.PostAsJsonAsync("/api/v1/pool-entries", new
        {
            orgUnitId = await Unit("建外街道总工会"), year = Today.Year, name = "同一人", residentId, workplace = "建外某公司", post = "电工",
            category = "frontline_worker", selectionKind = "may_day_award", achievements = "五一表彰",
        }), HttpStatusCode.Created);
        var detail = await Json(await jianwai.GetAsync($"/api/v1/pool-entries/{entry.GetProperty("id").GetInt64()}"), HttpStatusCode.OK);
        detail.GetProperty("honoreeId").GetInt64().ShouldBe(honoree);
        detail.GetProperty("linkedToRegistry").GetBoolean().ShouldBeTrue();

        var campaign = await Campaign(seats: 5);
        await Allocate(await app.ApiAs("chaoyang-selection"), campaign, "建外街道总工会", 2);
        var candidate = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await Unit("建外街道总工会"), poolEntryId = entry.GetProperty("id").GetInt64(), deeds = "事迹",
            vote = new { meetingKind = "general_meeting", heldOn = Today, present = 30, @for = 16, against = 10, abstaining = 4 },
        }), HttpStatusCode.Created);
        candidate.GetProperty("honoreeId").GetInt64().ShouldBe(honoree);
        // The pool entry was a frontline worker, as the campaign's minimum asks: no warning.
        candidate.GetProperty("compositionWarnings").GetArrayLength().ShouldBe(0);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honorees")).ShouldBe(honoreesBefore);
        (await jianwai.PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await Unit("建外街道总工会"), poolEntryId = entry.GetProperty("id").GetInt64(), deeds = "事迹",
            vote = new { meetingKind = "general_meeting", heldOn = Today, present = 30, @for = 16, against = 10, abstaining = 4 },
        })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_campaign_cannot_open_without_its_report_and_the_list_answers_the_published_shape()
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var id = await Campaign(seats: 3, open: false);
        var refused = await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("一报告");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM campaigns WHERE id = $1", id)).ShouldBe("draft");

        var candidate = await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/candidates", await NewCandidate(id, "建外街道总工会"));
        (await Json(candidate, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("现在不能推荐");

        (await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = Today, reportDocument = "" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = Today, reportDocument = "朝工报〔2026〕9号" }), HttpStatusCode.OK);
        (await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("open");
        (await AuditCount("campaign", id)).ShouldBe(3);

        var list = await Json(await (await app.ApiAs("jianwai")).GetAsync("/api/v1/campaigns?pageSize=200"), HttpStatusCode.OK);
        list.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        var item = list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);
        item.GetProperty("titleCode").GetString().ShouldBe("county_model_worker");
        item.GetProperty("year").GetInt32().ShouldBe(Today.Year);
        item.GetProperty("orgUnitId").GetInt64().ShouldBe(await Unit("朝阳区总工会"));
        item.GetProperty("status").GetString().ShouldBe("open");
        var tieling = await Json(await (await app.ApiAs("tieling")).GetAsync("/api/v1/campaigns?pageSize=200"), HttpStatusCode.OK);
        tieling.GetProperty("items").EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetInt64() == id);
        (await (await app.ApiAs("tieling")).GetAsync($"/api/v1/campaigns/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_unit_cannot_allocate_more_than_it_holds_nor_submit_past_its_seats()
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var campaign = await Campaign(seats: 3);
        await Allocate(admin, campaign, "建外街道总工会", 2);
        var over = await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = await Unit("望京街道总工会"), seats = 2 }), HttpStatusCode.Conflict);
        over.GetProperty("detail").GetString()!.ShouldContain("最多还能给该单位分配 1 个");

        var jianwai = await app.ApiAs("jianwai");
        (await jianwai.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = await Unit("建外SOHO联合工会"), seats = 3 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await Allocate(jianwai, campaign, "建外SOHO联合工会", 1);
        // 望京 is no unit of 建外's: it does not exist for 建外.
        (await jianwai.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = await Unit("望京街道总工会"), seats = 1 })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // 建外 keeps one of its two seats: one candidate, and the next is refused.
        var first = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", await NewCandidate(campaign, "建外街道总工会")), HttpStatusCode.Created);
        first.GetProperty("compositionWarnings")[0].GetString()!.ShouldContain("一线职工");
        var second = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", await NewCandidate(campaign, "建外街道总工会")), HttpStatusCode.Conflict);
        second.GetProperty("detail").GetString()!.ShouldContain("名额已用完");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM candidates WHERE campaign_id = $1", campaign)).ShouldBe(1);
        (await AuditCount("campaign_quota", $"{campaign}/{await Unit("建外SOHO联合工会")}")).ShouldBe(1);

        var quotas = await Json(await admin.GetAsync($"/api/v1/campaigns/{campaign}/quotas"), HttpStatusCode.OK);
        var jianwaiSeats = quotas.EnumerateArray().Single(q => q.GetProperty("orgUnitName").GetString() == "建外街道总工会");
        jianwaiSeats.GetProperty("seats").GetInt32().ShouldBe(2);
        jianwaiSeats.GetProperty("used").GetInt32().ShouldBe(1);
        jianwaiSeats.GetProperty("free").GetInt32().ShouldBe(0);

        // A withdrawal gives the seat back, and is a step of the history with its reason.
        var candidate = first.GetProperty("id").GetInt64();
        (await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/steps", new { action = "withdraw" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/steps", new { action = "withdraw", reason = "本人申请退出" }), HttpStatusCode.Created);
        (await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/steps", new { action = "reject", reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var steps = await Json(await jianwai.GetAsync($"/api/v1/candidates/{candidate}/steps"), HttpStatusCode.OK);
        steps.EnumerateArray().Select(s => s.GetProperty("toState").GetString()).ShouldBe(["recommended", "withdrawn"]);
        steps[1].GetProperty("reason").GetString().ShouldBe("本人申请退出");
        await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", await NewCandidate(campaign, "建外街道总工会")), HttpStatusCode.Created);
        (await AuditCount("candidate", candidate)).ShouldBe(2);
        (await (await app.ApiAs("wangjing")).GetAsync($"/api/v1/candidates/{candidate}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_cadres_submitting_the_last_seat_at_once_get_one_success_and_one_clear_message()
    {
        var campaign = await Campaign(seats: 2);
        await Allocate(await app.ApiAs("chaoyang-selection"), campaign, "望京街道总工会", 1);
        var other = await app.ApiAs(await TestUsers.Create(app, "望京街道总工会", ("manager", "望京街道总工会")));
        var wangjing = await app.ApiAs("wangjing");
        var bodies = new[] { await NewCandidate(campaign, "望京街道总工会"), await NewCandidate(campaign, "望京街道总工会") };

        var answers = await Task.WhenAll(
            wangjing.PostAsJsonAsync("/api/v1/candidates", bodies[0]),
            other.PostAsJsonAsync("/api/v1/candidates", bodies[1]));

        answers.Select(a => a.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        var refused = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("望京街道总工会的推荐名额已用完");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM candidates WHERE campaign_id = $1", campaign)).ShouldBe(1);
    }

    [Fact]
    public async Task A_democratic_vote_of_half_or_less_of_those_present_is_refused_naming_the_field_and_nothing_is_saved()
    {
        var campaign = await Campaign(seats: 2);
        await Allocate(await app.ApiAs("chaoyang-selection"), campaign, "建外街道总工会", 1);
        var jianwai = await app.ApiAs("jianwai");
        var refused = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", await NewCandidate(campaign, "建外街道总工会", present: 80, @for: 40)),
            HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("errors").GetProperty("vote.for")[0].GetString()!.ShouldContain("未超过到会人数 80 人的半数");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM candidates WHERE campaign_id = $1", campaign)).ShouldBe(0);

        var passed = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", await NewCandidate(campaign, "建外街道总工会", present: 80, @for: 41)), HttpStatusCode.Created);
        var detail = await Json(await jianwai.GetAsync($"/api/v1/candidates/{passed.GetProperty("id").GetInt64()}"), HttpStatusCode.OK);
        detail.GetProperty("state").GetString().ShouldBe("recommended");
        detail.GetProperty("vote").GetProperty("for").GetInt32().ShouldBe(41);
        detail.GetProperty("steps").EnumerateArray().Single().GetProperty("actorName").GetString().ShouldBe("jianwai");
        detail.GetProperty("residentIdMasked").GetString()!.ShouldContain("*");
        (await AuditCount("candidate", passed.GetProperty("id").GetInt64())).ShouldBe(1);
        // The history cannot be rewritten, not even by the owner.
        await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<long>(app.OwnerConnectionString,
            "WITH d AS (DELETE FROM candidate_steps WHERE candidate_id = $1 RETURNING 1) SELECT count(*) FROM d", passed.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_pages_show_the_campaign_seats_and_the_candidates_history_in_scope_and_a_bad_pool_entry_names_its_field()
    {
        var campaign = await Campaign(seats: 4);
        await Allocate(await app.ApiAs("chaoyang-selection"), campaign, "建外街道总工会", 2);
        var body = await NewCandidate(campaign, "建外街道总工会");
        var created = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/candidates", body), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var name = (string)body.GetType().GetProperty("name")!.GetValue(body)!;

        var jianwai = await app.BrowserAs("jianwai");
        (await jianwai.GetStringAsync("/")).ShouldContain("href=\"/nominations\"");
        var page = await jianwai.GetStringAsync($"/nominations/campaigns/{campaign}");
        page.ShouldContain(name);
        page.ShouldContain("data-testid=\"quotas\"");
        page.ShouldContain("推荐人选");
        var candidate = await jianwai.GetStringAsync($"/nominations/candidates/{id}");
        candidate.ShouldContain("职工代表大会");
        candidate.ShouldContain("到会 50 人，赞成 40 票");
        candidate.ShouldContain("jianwai");
        (await (await app.BrowserAs("wangjing")).GetAsync($"/nominations/candidates/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var pool = await jianwai.GetStringAsync("/nominations/pool");
        var entryName = TestData.UniqueName("页");
        var answer = await jianwai.PostAsync("/nominations/pool", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.OrgUnitId"] = (await Unit("建外街道总工会")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Year"] = Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Name"] = entryName,
            ["Input.ResidentId"] = "110108199001011234", ["Input.Workplace"] = "某公司", ["Input.Post"] = "电工", ["Input.Category"] = "frontline_worker",
            ["Input.SelectionKind"] = "other", ["Input.Achievements"] = "事迹", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(pool),
        }));
        var html = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        System.Text.RegularExpressions.Regex.IsMatch(html, "data-error-for=\"residentId\">身份证号[^<]+<").ShouldBeTrue(
            string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(html, "data-error-for=\"[^\"]+\">[^<]*<|alert-danger[^<]*<").Select(m => m.Value)));
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM pool_entries WHERE name = $1", entryName)).ShouldBe(0);
    }
    [Fact]
    public async Task The_campaign_form_offers_the_region_list_starts_at_the_users_region_and_takes_a_picked_choice()
    {
        var admin = await app.BrowserAs("chaoyang-selection");
        var form = await admin.GetStringAsync("/nominations");
        form.ShouldContain("list=\"region-options\"");
        form.ShouldContain("<datalist id=\"region-options\"");
        System.Text.RegularExpressions.Regex.IsMatch(form, "id=\"Input_AwardingRegionCode\"[^>]*value=\"110105\"").ShouldBeTrue();
        form.ShouldNotContain("行政区划代码");

        var document = "朝工发〔2026〕" + TestData.UniqueName("区");
        var answer = await admin.PostAsync("/nominations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.OrgUnitId"] = (await Unit("朝阳区总工会")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.TitleCode"] = "county_model_worker", ["Input.AwardingRegionCode"] = "110105 朝阳区",
            ["Input.Year"] = Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.BasisDocument"] = document,
            ["Input.SeatTotal"] = "3", ["Input.NominationsOpenOn"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.NominationsCloseOn"] = Today.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.NoticeWorkingDays"] = "5", ["Input.Departments"] = "纪检监察、公安",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect, await answer.Content.ReadAsStringAsync());
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT awarding_region_code FROM campaigns WHERE basis_document = $1", document)).ShouldBe("110105");
    }
    [Fact]
    public async Task The_campaign_page_warns_when_next_years_holiday_table_is_missing_and_not_when_it_is_there()
    {
        var campaign = await Campaign(seats: 2);
        var nextYear = Today.Year + 1;
        var known = await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM calendar_days WHERE extract(year FROM day) = $1 AND kind <> 'ordinary'", (double)nextYear);
        var page = await (await app.BrowserAs("chaoyang-selection")).GetStringAsync($"/nominations/campaigns/{campaign}");
        if (known == 0)
        {
            page.ShouldContain("data-testid=\"next-year-missing\"");
            page.ShouldContain($"尚无 {nextYear} 年的节假日与调休安排");
        }
        else
        {
            page.ShouldNotContain("data-testid=\"next-year-missing\"");
        }
    }
}
