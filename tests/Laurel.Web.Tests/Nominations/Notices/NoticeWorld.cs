using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Notices;

/// <summary>A candidate recommended for a notice test, with what was stored of them that no public page may show.</summary>
public sealed record TestCandidate(long Id, string Name, string ResidentId, DateOnly BirthDate, bool Female);

/// <summary>
/// Setup of the notice tests on the procedure app: a 朝阳区 campaign of its own (opened on app.Today), seats for 建外,
/// candidates recommended by 建外, notices published through the API, and objections inserted with SQL (the objections
/// part builds their real path; the merge switches these helpers to it).
/// </summary>
public sealed class NoticeWorld(ProcedureApp app)
{
    public ProcedureApp App => app;

    public async Task<long> Unit(string name) => await TestData.UnitId(await app.ApiAs("admin"), name);

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An open campaign of 朝阳区总工会 with <paramref name="jianwaiSeats"/> seats handed to 建外街道总工会.</summary>
    public async Task<long> Campaign(int jianwaiSeats = 6)
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var created = await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = await Unit("朝阳区总工会"), titleCode = "county_model_worker", awardingRegionCode = "110105", year = app.Today.Year,
            basisDocument = "朝工发〔2026〕8号", seatTotal = 20, nominationsOpenOn = app.Today, nominationsCloseOn = app.Today.AddDays(150),
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = app.Today, reportDocument = "朝工报〔2026〕8号" }), HttpStatusCode.OK);
        await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/quotas", new { orgUnitId = await Unit("建外街道总工会"), seats = jianwaiSeats }), HttpStatusCode.OK);
        return id;
    }

    /// <summary>A candidate recommended by 建外 (a woman when asked: the resident ID's 17th digit is even).</summary>
    public async Task<TestCandidate> Recommend(long campaign, bool female = false, string deeds = "多年扎根一线，带徒传技，攻克多项技术难题。")
    {
        var residentId = ResidentId(female);
        var name = TestData.UniqueName("公示");
        var created = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await Unit("建外街道总工会"), name, residentId, workplace = "建外某机械公司", post = "高级技师",
            category = "technician", deeds, vote = new { meetingKind = "workers_congress", heldOn = app.Today, present = 50, @for = 45, against = 3, abstaining = 2 },
        }), HttpStatusCode.Created);
        return new TestCandidate(created.GetProperty("id").GetInt64(), name, residentId, BirthDate(residentId), female);
    }

    /// <summary>A fresh resident ID of a woman or a man (the 17th digit is even for a woman).</summary>
    public static string ResidentId(bool female)
    {
        var residentId = TestData.NewResidentId();
        while ((residentId[16] - '0') % 2 == 0 != female)
        {
            residentId = TestData.NewResidentId();
        }
        return residentId;
    }

    public static DateOnly BirthDate(string residentId) =>
        DateOnly.ParseExact(residentId.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<HttpResponseMessage> Publish(HttpClient client, long campaign, string level, IEnumerable<long> candidates, DateOnly opensOn,
        int? workingDays = null, int? takedownDays = null) =>
        await client.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/notices", new
        {
            level, candidateIds = candidates.ToArray(), opensOn, workingDays, takedownDays,
            contactPhone = "010-65001234", contactAddress = "北京市朝阳区建外大街 1 号", contactEmail = "pingxuan@example.cn",
        });

    /// <summary>A unit notice (公示一) published by 建外; returns its answer.</summary>
    public async Task<JsonElement> PublishUnit(IEnumerable<long> candidates, DateOnly opensOn, int? workingDays = null, int? takedownDays = null) =>
        await Json(await Publish(await app.ApiAs("jianwai"), await CampaignOf(candidates.First()), "unit", candidates, opensOn, workingDays, takedownDays),
            HttpStatusCode.Created);

    public Task<long> CampaignOf(long candidate) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT campaign_id FROM candidates WHERE id = $1", candidate);

    public Task<string> State(long candidate) =>
        TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", candidate);

    /// <summary>An online objection without a finding against the candidate on the notice (an open case).</summary>
    public Task<long> OpenObjection(long notice, long candidate) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, """
            INSERT INTO objections (reference, notice_id, candidate_id, channel, text, received_at)
            VALUES ('YY2026-9' || lpad(($2 % 100000)::text, 5, '0'), $1, $2, 'online', '反映该人选事迹不实', now()) RETURNING id
            """, notice, candidate);

    public Task<long> CloseObjection(long objection) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, """
            UPDATE objections SET finding = 'not_upheld', finding_reason = '经核查，反映情况不属实', found_at = now() WHERE id = $1 RETURNING id
            """, objection);

    /// <summary>
    /// The review record that lets a candidate onto the next notice, through the reviews' API: in first_review the party
    /// committee's consent (审核一, by 建外), in second_review an agreeing opinion of every department still missing
    /// (审核二, by the campaign's selection admin).
    /// </summary>
    public async Task Reviewed(long candidate)
    {
        if (await State(candidate) == "first_review")
        {
            await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review",
                new { committeeName = "中共北京市朝阳区建外街道工作委员会", consentedOn = app.Today, signer = "党委书记" }), HttpStatusCode.Created);
            return;
        }
        var admin = await app.ApiAs("chaoyang-selection");
        var reviews = await Json(await admin.GetAsync($"/api/v1/candidates/{candidate}/reviews"), HttpStatusCode.OK);
        foreach (var department in reviews.GetProperty("requiredDepartments").EnumerateArray().Select(d => d.GetString()!))
        {
            await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", new
            {
                department, authority = "朝阳区" + department + "部门", opinion = "agree", signedOn = app.Today, signer = "经办人",
            }), HttpStatusCode.Created);
        }
    }

    /// <summary>Moves the clock to the day after the window of every given notice has closed.</summary>
    public void MovePast(params JsonElement[] notices)
    {
        var last = notices.Max(n => DateOnly.Parse(n.GetProperty("closesOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        if (last.AddDays(1) > app.Today)
        {
            app.MoveTo(last.AddDays(1));
        }
    }
}
