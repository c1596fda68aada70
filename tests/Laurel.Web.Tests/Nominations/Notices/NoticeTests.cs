using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Notices;

/// <summary>Publishing, reading, closing out and withdrawing notices (公示, issue 12 §4), through the API on the procedure clock.</summary>
[Collection(ProcedureCollection.Name)]
public sealed class NoticeTests(ProcedureApp app)
{
    private readonly NoticeWorld _world = new(app);

    private static DateOnly Day(JsonElement e, string property) => DateOnly.Parse(e.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    private static string Chinese(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Publishing_moves_the_candidates_onto_the_notice_and_stores_a_snapshot_whose_sha256_matches()
    {
        var campaign = await _world.Campaign();
        var a = await _world.Recommend(campaign);
        var b = await _world.Recommend(campaign, female: true);

        var notice = await _world.PublishUnit([a.Id, b.Id], app.Today);
        var id = notice.GetProperty("id").GetInt64();

        (await _world.State(a.Id)).ShouldBe("unit_notice");
        (await _world.State(b.Id)).ShouldBe("unit_notice");
        var snapshot = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT snapshot FROM notices WHERE id = $1", id);
        var stored = await TestDb.Scalar<byte[]>(app.OwnerConnectionString, "SELECT snapshot_sha256 FROM notices WHERE id = $1", id);
        SHA256.HashData(Encoding.UTF8.GetBytes(snapshot)).ShouldBe(stored);
        notice.GetProperty("snapshotSha256").GetString().ShouldBe(Convert.ToHexStringLower(stored));
        snapshot.ShouldContain(a.Name);
        snapshot.ShouldContain("\"gender\":\"female\"");
        snapshot.ShouldNotContain(a.ResidentId);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM notice_candidates WHERE notice_id = $1", id)).ShouldBe(2);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'notice' AND entity_id = $1", id.ToString(CultureInfo.InvariantCulture))).ShouldBe(1);
        var step = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT payload::text FROM candidate_steps WHERE candidate_id = $1 ORDER BY seq DESC LIMIT 1", a.Id);
        step.ShouldContain($"\"noticeId\": {id}");

        var list = await NoticeWorld.Json(await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/campaigns/{campaign}/notices"), HttpStatusCode.OK);
        var item = list.EnumerateArray().Single();
        item.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "level", "opensOn", "closesOn", "status"]);
        item.GetProperty("level").GetString().ShouldBe("unit");
        item.GetProperty("status").GetString().ShouldBe("open");

        var detail = await NoticeWorld.Json(await (await app.ApiAs("chaoyang-selection")).GetAsync($"/api/v1/notices/{id}"), HttpStatusCode.OK);
        detail.GetProperty("snapshotSha256").GetString().ShouldBe(Convert.ToHexStringLower(stored));
        detail.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("candidateId").GetInt64()).ShouldBe([a.Id, b.Id]);
        (await (await app.BrowserAs("jianwai")).GetStringAsync($"/nominations/campaigns/{campaign}")).ShouldContain($"href=\"/nominations/notices/{id}\"");
        (await (await app.BrowserAs("jianwai")).GetStringAsync($"/nominations/notices/{id}")).ShouldContain(Convert.ToHexStringLower(stored));
    }

    [Fact]
    public async Task One_candidate_in_the_wrong_state_refuses_the_whole_notice_naming_them_and_nothing_is_saved()
    {
        var campaign = await _world.Campaign();
        var on = await _world.Recommend(campaign);
        await _world.PublishUnit([on.Id], app.Today);
        var fresh = await _world.Recommend(campaign);
        var notices = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM notices WHERE campaign_id = $1", campaign);

        var refused = await NoticeWorld.Json(await _world.Publish(await app.ApiAs("jianwai"), campaign, "unit", [fresh.Id, on.Id], app.Today), HttpStatusCode.Conflict);

        refused.GetProperty("detail").GetString()!.ShouldContain(on.Name);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM notices WHERE campaign_id = $1", campaign)).ShouldBe(notices);
        (await _world.State(fresh.Id)).ShouldBe("recommended");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM candidate_steps WHERE candidate_id = $1", fresh.Id)).ShouldBe(1);
        var early = await NoticeWorld.Json(await _world.Publish(await app.ApiAs("jianwai"), campaign, "unit", [fresh.Id], app.Today.AddDays(-1)), HttpStatusCode.UnprocessableEntity);
        early.GetProperty("errors").GetProperty("opensOn")[0].GetString()!.ShouldContain("不能早于今天");
        // The campaign level is its selection admins' to publish, and 建外's candidate is not in second review.
        (await _world.Publish(await app.ApiAs("jianwai"), campaign, "campaign", [fresh.Id], app.Today)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_window_of_a_notice_follows_the_working_day_calendar_and_closes_after_a_holiday_it_spans()
    {
        var campaign = await _world.Campaign();
        var candidate = await _world.Recommend(campaign);
        var nationalDay = new DateOnly(2026, 9, 28);
        var opensOn = app.Today <= nationalDay ? nationalDay : app.Today.AddDays(1);
        var expected = app.Today <= nationalDay
            ? new DateOnly(2026, 10, 9)
            : Day(await NoticeWorld.Json(await (await app.ApiAs("jianwai")).GetAsync(
                $"/api/v1/calendar/window?opensOn={opensOn:yyyy-MM-dd}&workingDays=5"), HttpStatusCode.OK), "closesOn");

        var notice = await _world.PublishUnit([candidate.Id], opensOn, workingDays: 5);

        Day(notice, "closesOn").ShouldBe(expected);
        notice.GetProperty("status").GetString().ShouldBe("scheduled");
        (await TestDb.Scalar<DateOnly>(app.OwnerConnectionString, "SELECT closes_on FROM notices WHERE id = $1", notice.GetProperty("id").GetInt64())).ShouldBe(expected);
        // Scheduled: not public yet.
        (await app.Anonymous().GetAsync($"/api/public/v1/notices/{notice.GetProperty("id").GetInt64()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Closing_early_is_refused_with_the_closing_date_and_the_close_out_certifies_and_advances_all_but_a_candidate_with_an_open_objection()
    {
        var campaign = await _world.Campaign();
        var clear = await _world.Recommend(campaign);
        var passes = await _world.Recommend(campaign);
        var objected = await _world.Recommend(campaign);
        var first = await _world.PublishUnit([clear.Id], app.Today, workingDays: 2);
        var second = await _world.PublishUnit([passes.Id, objected.Id], app.Today, workingDays: 2);
        var secondId = second.GetProperty("id").GetInt64();
        var objection = await _world.OpenObjection(secondId, objected.Id);

        var jianwai = await app.ApiAs("jianwai");
        var early = await NoticeWorld.Json(await jianwai.PostAsync($"/api/v1/notices/{first.GetProperty("id").GetInt64()}/close", null), HttpStatusCode.Conflict);
        early.GetProperty("detail").GetString()!.ShouldContain(Chinese(Day(first, "closesOn")));
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT certificate IS NULL FROM notices WHERE id = $1", first.GetProperty("id").GetInt64())).ShouldBeTrue();

        _world.MovePast(first, second);
        jianwai = await app.ApiAs("jianwai");
        var closed = await NoticeWorld.Json(await jianwai.PostAsync($"/api/v1/notices/{first.GetProperty("id").GetInt64()}/close", null), HttpStatusCode.OK);
        closed.GetProperty("certificate").GetString().ShouldBe("公示期满无异议");
        closed.GetProperty("advanced").EnumerateArray().Single().GetProperty("id").GetInt64().ShouldBe(clear.Id);
        (await _world.State(clear.Id)).ShouldBe("first_review");
        (await jianwai.PostAsync($"/api/v1/notices/{first.GetProperty("id").GetInt64()}/close", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var mixed = await NoticeWorld.Json(await jianwai.PostAsync($"/api/v1/notices/{secondId}/close", null), HttpStatusCode.OK);
        mixed.GetProperty("certificate").GetString().ShouldBe("异议已处理（1 件）");
        mixed.GetProperty("advanced").EnumerateArray().Single().GetProperty("id").GetInt64().ShouldBe(passes.Id);
        var held = mixed.GetProperty("held").EnumerateArray().Single();
        held.GetProperty("id").GetInt64().ShouldBe(objected.Id);
        held.GetProperty("reason").GetString()!.ShouldContain("1 件异议未办结");
        (await _world.State(passes.Id)).ShouldBe("first_review");
        (await _world.State(objected.Id)).ShouldBe("unit_notice");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT certificate FROM notices WHERE id = $1", secondId)).ShouldBe("异议已处理（1 件）");

        // Held by the gate until the case is closed; then the step by hand moves them on.
        var stillHeld = await NoticeWorld.Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{objected.Id}/steps", new { action = "advance" }), HttpStatusCode.Conflict);
        stillHeld.GetProperty("detail").GetString()!.ShouldContain("异议未办结");
        await _world.CloseObjection(objection);
        await NoticeWorld.Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{objected.Id}/steps", new { action = "advance" }), HttpStatusCode.Created);
        (await _world.State(objected.Id)).ShouldBe("first_review");
        // From first review the next step is publishing 公示二, not a step by hand; going back needs a reason.
        var elsewhere = await NoticeWorld.Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{objected.Id}/steps", new { action = "advance" }), HttpStatusCode.Conflict);
        elsewhere.GetProperty("detail").GetString()!.ShouldContain("发布推荐单位公示（公示二）");
        (await jianwai.PostAsJsonAsync($"/api/v1/candidates/{objected.Id}/steps", new { action = "back" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await NoticeWorld.Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{objected.Id}/steps", new { action = "back", reason = "补充事迹材料" }), HttpStatusCode.Created);
        (await _world.State(objected.Id)).ShouldBe("unit_notice");
    }

    [Fact]
    public async Task Out_of_scope_users_get_404_for_a_notice_and_cannot_close_or_publish_it()
    {
        var campaign = await _world.Campaign();
        var candidate = await _world.Recommend(campaign);
        var notice = await _world.PublishUnit([candidate.Id], app.Today);
        var id = notice.GetProperty("id").GetInt64();

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsync($"/api/v1/notices/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsJsonAsync($"/api/v1/notices/{id}/withdraw", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.GetAsync($"/api/v1/notices/{id}/docx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await NoticeWorld.Json(await wangjing.GetAsync($"/api/v1/campaigns/{campaign}/notices"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);
        (await (await app.BrowserAs("wangjing")).GetAsync($"/nominations/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tieling = await app.ApiAs("tieling");
        (await tieling.GetAsync($"/api/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.GetAsync($"/api/v1/campaigns/{campaign}/notices")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var other = await _world.Recommend(campaign);
        var refused = await NoticeWorld.Json(await _world.Publish(wangjing, campaign, "unit", [other.Id], app.Today), HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("errors").GetProperty("candidateIds")[0].GetString()!.ShouldContain("不在您的管理范围内");
        (await _world.State(other.Id)).ShouldBe("recommended");
    }

    [Fact]
    public async Task Withdrawing_a_notice_sends_its_candidates_back_with_the_reason_and_takes_the_public_page_down()
    {
        var campaign = await _world.Campaign();
        var a = await _world.Recommend(campaign);
        var b = await _world.Recommend(campaign);
        var notice = await _world.PublishUnit([a.Id, b.Id], app.Today);
        var id = notice.GetProperty("id").GetInt64();
        (await app.Anonymous().GetAsync($"/api/public/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The page is read (and so kept in the output cache) before the withdrawal, which must take it down at once.
        (await app.Anonymous().GetAsync($"/public/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var jianwai = await app.ApiAs("jianwai");

        (await jianwai.PostAsJsonAsync($"/api/v1/notices/{id}/withdraw", new { reason = "" })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var withdrawn = await NoticeWorld.Json(await jianwai.PostAsJsonAsync($"/api/v1/notices/{id}/withdraw", new { reason = "公示名单有误，重新发布" }), HttpStatusCode.OK);

        withdrawn.GetProperty("sentBack").GetArrayLength().ShouldBe(2);
        (await _world.State(a.Id)).ShouldBe("recommended");
        (await _world.State(b.Id)).ShouldBe("recommended");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT reason FROM candidate_steps WHERE candidate_id = $1 ORDER BY seq DESC LIMIT 1", a.Id))
            .ShouldBe("公示名单有误，重新发布");
        (await app.Anonymous().GetAsync($"/api/public/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/public/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await NoticeWorld.Json(await jianwai.GetAsync($"/api/v1/campaigns/{campaign}/notices"), HttpStatusCode.OK);
        list.EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == id).GetProperty("status").GetString().ShouldBe("withdrawn");
        (await jianwai.PostAsync($"/api/v1/notices/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // Back in recommended, they can be published again.
        await _world.PublishUnit([a.Id, b.Id], app.Today);
    }

    [Fact]
    public async Task Each_level_is_published_by_its_union_and_the_campaign_level_close_out_moves_no_one_on()
    {
        var campaign = await _world.Campaign();
        var candidate = await _world.Recommend(campaign);
        var unit = await _world.PublishUnit([candidate.Id], app.Today, workingDays: 1);
        _world.MovePast(unit);
        await NoticeWorld.Json(await (await app.ApiAs("jianwai")).PostAsync($"/api/v1/notices/{unit.GetProperty("id").GetInt64()}/close", null), HttpStatusCode.OK);
        (await _world.State(candidate.Id)).ShouldBe("first_review");
        await _world.Reviewed(candidate.Id);

        // 公示二: a union on the path from the candidate's unit up to the campaign's; 望京 is not on it.
        var jianwai = await app.ApiAs("jianwai");
        var offPath = await jianwai.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/notices", new
        {
            level = "recommending", candidateIds = new[] { candidate.Id }, opensOn = app.Today, workingDays = 1, orgUnitId = await _world.Unit("望京街道总工会"),
            contactPhone = "010-65001234", contactAddress = "朝阳区",
        });
        (await NoticeWorld.Json(offPath, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("orgUnitId")[0].GetString()!.ShouldContain("之间");
        var recommending = await NoticeWorld.Json(await (await app.ApiAs("chaoyang")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/notices", new
        {
            level = "recommending", candidateIds = new[] { candidate.Id }, opensOn = app.Today, workingDays = 1, orgUnitId = await _world.Unit("朝阳区总工会"),
            contactPhone = "010-65001234", contactAddress = "朝阳区",
        }), HttpStatusCode.Created);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT org_unit_id FROM notices WHERE id = $1", recommending.GetProperty("id").GetInt64()))
            .ShouldBe(await _world.Unit("朝阳区总工会"));
        _world.MovePast(recommending);
        await NoticeWorld.Json(await (await app.ApiAs("chaoyang")).PostAsync($"/api/v1/notices/{recommending.GetProperty("id").GetInt64()}/close", null), HttpStatusCode.OK);
        (await _world.State(candidate.Id)).ShouldBe("second_review");
        await _world.Reviewed(candidate.Id);

        // 公示三: the campaign's selection admins only; its close-out certifies and leaves the step to the award decision.
        (await _world.Publish(await app.ApiAs("jianwai"), campaign, "campaign", [candidate.Id], app.Today, 1)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await app.ApiAs("chaoyang-selection");
        var final = await NoticeWorld.Json(await _world.Publish(admin, campaign, "campaign", [candidate.Id], app.Today, 1), HttpStatusCode.Created);
        (await _world.State(candidate.Id)).ShouldBe("final_notice");
        _world.MovePast(final);
        admin = await app.ApiAs("chaoyang-selection");
        var closed = await NoticeWorld.Json(await admin.PostAsync($"/api/v1/notices/{final.GetProperty("id").GetInt64()}/close", null), HttpStatusCode.OK);
        closed.GetProperty("certificate").GetString().ShouldBe("公示期满无异议");
        closed.GetProperty("advanced").GetArrayLength().ShouldBe(0);
        (await _world.State(candidate.Id)).ShouldBe("final_notice");
        var byHand = await NoticeWorld.Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate.Id}/steps", new { action = "advance" }), HttpStatusCode.Conflict);
        byHand.GetProperty("detail").GetString()!.ShouldContain("表彰决定");
    }
}
