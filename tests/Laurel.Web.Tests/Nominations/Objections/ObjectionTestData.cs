using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Objections;

/// <summary>A candidate of 建外街道总工会 on a notice, made for the objection tests.</summary>
public sealed record NoticedCandidate(long CampaignId, long CandidateId, string Name, long NoticeId);

/// <summary>
/// Setup for the objection tests. A 朝阳区 campaign and a 建外 candidate come through the API, and so does the open notice
/// they are on (公示一, published by 建外 today). A notice whose window lies in the past cannot be published on the real
/// clock these tests run on: that one is inserted with SQL as publishing would have left it.
/// </summary>
public static class ObjectionTestData
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// A new candidate of 建外 in a new 朝阳区 campaign, on a notice of 建外: published today through the API, or, with a
    /// window given relative to today, one whose window is over (inserted).
    /// </summary>
    public static async Task<NoticedCandidate> CandidateOnNoticeAsync(LaurelApp app, int? opensInDays = null, int? closesInDays = null)
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var units = await app.ApiAs("admin");
        var district = await TestData.UnitId(units, "朝阳区总工会");
        var jianwai = await TestData.UnitId(units, "建外街道总工会");
        var created = await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = district, titleCode = "county_model_worker", awardingRegionCode = "110105", year = Today.Year,
            basisDocument = "朝工发〔2026〕1号", seatTotal = 5, nominationsOpenOn = Today.AddDays(-1), nominationsCloseOn = Today.AddDays(30),
        }), HttpStatusCode.Created);
        var campaign = created.GetProperty("id").GetInt64();
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{campaign}/report", new { reportOn = Today, reportDocument = "朝工报〔2026〕3号" }), HttpStatusCode.OK);
        await Json(await admin.PostAsync($"/api/v1/campaigns/{campaign}/open", null), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/quotas", new { orgUnitId = jianwai, seats = 2 }), HttpStatusCode.OK);
        var name = TestData.UniqueName("异议人选");
        var candidate = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = jianwai, name, residentId = TestData.NewResidentId(), workplace = "建外某公司", post = "高级技师",
            category = "technician", deeds = "多年扎根一线，带徒传技。",
            vote = new { meetingKind = "workers_congress", heldOn = Today.AddDays(-1), present = 50, @for = 40, against = 5, abstaining = 0 },
        }), HttpStatusCode.Created);
        var id = candidate.GetProperty("id").GetInt64();
        var notice = opensInDays is null
            ? (await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/notices", new
            {
                level = "unit", candidateIds = new[] { id }, opensOn = Today,
                contactPhone = "010-65001234", contactAddress = "北京市朝阳区建国门外大街1号",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt64()
            : await NoticeAsync(app, campaign, jianwai, Today.AddDays(opensInDays.Value), Today.AddDays(closesInDays ?? -1), id);
        return new NoticedCandidate(campaign, id, name, notice);
    }

    /// <summary>A unit notice (公示一) of the campaign holding the candidates, inserted as the notices part would publish it.</summary>
    public static async Task<long> NoticeAsync(LaurelApp app, long campaign, long unit, DateOnly opensOn, DateOnly closesOn, params long[] candidates)
    {
        var notice = await TestDb.Scalar<long>(app.OwnerConnectionString, """
            INSERT INTO notices (campaign_id, org_unit_id, level, title, opens_on, working_days, closes_on, contact_phone, contact_address,
                                 snapshot, snapshot_sha256, published_at)
            VALUES ($1, $2, 'unit', '关于推荐人选的公示', $3, 5, $4, '010-65001234', '北京市朝阳区建国门外大街1号', '{}', sha256('{}'::bytea), now())
            RETURNING id
            """, campaign, unit, opensOn, closesOn);
        for (var i = 0; i < candidates.Length; i++)
        {
            await TestDb.Scalar<int>(app.OwnerConnectionString, """
                WITH placed AS (
                    INSERT INTO notice_candidates (notice_id, candidate_id, position, name, gender, unit, post, summary)
                    SELECT $1, id, $3, name, gender, workplace, post, left(deeds, 300) FROM candidates WHERE id = $2 RETURNING 1)
                SELECT count(*)::int FROM placed
                """, notice, candidates[i], i + 1);
            await TestDb.Scalar<int>(app.OwnerConnectionString,
                "WITH moved AS (UPDATE candidates SET state = 'unit_notice' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM moved", candidates[i]);
        }
        return notice;
    }

    /// <summary>An objection posted on the public API, answering its reference.</summary>
    public static async Task<string> SubmitAsync(LaurelApp app, NoticedCandidate k, string text, string? name = null, string? phone = null)
    {
        var answer = await Json(await app.Anonymous().PostAsJsonAsync($"/api/public/v1/notices/{k.NoticeId}/objections",
            new { candidateId = k.CandidateId, text, name, phone }), HttpStatusCode.Created);
        return answer.GetProperty("reference").GetString()!;
    }

    public static Task<long> ObjectionIdAsync(LaurelApp app, string reference) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM objections WHERE reference = $1", reference);

    public static Task<long> UserIdAsync(LaurelApp app, string userName) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM users WHERE user_name = $1", userName);
}
