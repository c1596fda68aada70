using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Decision;

/// <summary>
/// Candidates brought to the final notice for the decision's tests: a 朝阳区 campaign and its candidates through the
/// API, then — the notices and reviews being built elsewhere — the steps, the closed campaign-level notice and the
/// campaign's close-out written straight into the database (the merge switches this to the real path).
/// </summary>
public sealed class DecisionSetupHelper(LaurelApp app)
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task<long> Unit(string name) => await TestData.UnitId(await app.ApiAs("admin"), name);

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A 朝阳区 campaign (open, 建外 holding <paramref name="seats"/> seats) with the given composition rules.</summary>
    public async Task<long> CampaignAsync(int seats = 10, object[]? compositionRules = null)
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var created = await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = await Unit("朝阳区总工会"), titleCode = "county_model_worker", awardingRegionCode = "110105", year = Today.Year,
            basisDocument = "朝工发〔2026〕21号", seatTotal = seats, nominationsOpenOn = Today.AddDays(-1), nominationsCloseOn = Today.AddDays(30),
            compositionRules = compositionRules ?? [],
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = Today, reportDocument = "朝工报〔2026〕21号" }), HttpStatusCode.OK);
        await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/quotas", new { orgUnitId = await Unit("建外街道总工会"), seats }), HttpStatusCode.OK);
        return id;
    }

    /// <summary>A candidate recommended by 建外 (with the given resident ID, or a new one).</summary>
    public async Task<long> CandidateAsync(long campaign, string category = "technician", string? residentId = null)
    {
        var jianwai = await app.ApiAs("jianwai");
        var created = await Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await Unit("建外街道总工会"), name = TestData.UniqueName("决定"), residentId = residentId ?? TestData.NewResidentId(),
            workplace = "建外某公司", post = "高级技师", category, deeds = "多年扎根一线，带徒传技。",
            vote = new { meetingKind = "workers_congress", heldOn = Today.AddDays(-1), present = 50, @for = 40, against = 5, abstaining = 0 },
        }), HttpStatusCode.Created);
        return created.GetProperty("id").GetInt64();
    }

    /// <summary>
    /// Closes the campaign's nominations and puts the candidates in the final notice, on a campaign-level notice whose
    /// window closed yesterday (snapshot, SHA-256 and certificate as the close-out leaves them); returns the notice's id.
    /// </summary>
    public async Task<long> FinalNoticeAsync(long campaign, params long[] candidates)
    {
        await Json(await (await app.ApiAs("chaoyang-selection")).PostAsync($"/api/v1/campaigns/{campaign}/close", null), HttpStatusCode.OK);
        string[] states = ["recommended", "unit_notice", "first_review", "second_notice", "second_review", "final_notice"];
        foreach (var candidate in candidates)
        {
            for (var i = 1; i < states.Length; i++)
            {
                await TestDb.Scalar<int>(app.OwnerConnectionString, """
                    WITH s AS (INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, payload, actor_name, occurred_at)
                               VALUES ($1, $2, 'advance', $3, $4, '{}', 'test', now()) RETURNING 1)
                    SELECT count(*)::int FROM s
                    """, candidate, i + 1, states[i - 1], states[i]);
            }
            await TestDb.Scalar<int>(app.OwnerConnectionString,
                "WITH u AS (UPDATE candidates SET state = 'final_notice' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", candidate);
        }
        var notice = await TestDb.Scalar<long>(app.OwnerConnectionString, """
            INSERT INTO notices (campaign_id, org_unit_id, level, title, opens_on, working_days, closes_on, contact_phone, contact_address,
                snapshot, snapshot_sha256, published_at, certificate, closed_at)
            SELECT id, org_unit_id, 'campaign', '关于推荐人选的公示', $2, 5, $3, '010-12345678', '朝阳区总工会', '{}', sha256(convert_to('{}', 'UTF8')),
                   now(), '公示期满无异议', now()
            FROM campaigns WHERE id = $1 RETURNING id
            """, campaign, Today.AddDays(-10), Today.AddDays(-1));
        var position = 0;
        foreach (var candidate in candidates)
        {
            await TestDb.Scalar<int>(app.OwnerConnectionString, """
                WITH n AS (INSERT INTO notice_candidates (notice_id, candidate_id, position, name, gender, unit, post, summary)
                           SELECT $1, id, $3, name, gender, workplace, post, left(deeds, 300) FROM candidates WHERE id = $2 RETURNING 1)
                SELECT count(*)::int FROM n
                """, notice, candidate, ++position);
        }
        return notice;
    }

    /// <summary>An objection against the candidate on the notice, received online and not yet looked into.</summary>
    public Task<long> OpenObjectionAsync(long notice, long candidate) => TestDb.Scalar<long>(app.OwnerConnectionString, """
        INSERT INTO objections (reference, notice_id, candidate_id, channel, text, received_at)
        VALUES ('YY2026-' || lpad((nextval('objection_reference_seq') % 1000000)::text, 6, '0'), $1, $2, 'online', '反映该同志事迹不实', now())
        RETURNING id
        """, notice, candidate);

    public object Decision(DateOnly? on = null, long[]? candidateIds = null) => new
    {
        awardingBody = "朝阳区总工会", decidedOn = on ?? Today, documentNumber = "朝工发〔2026〕" + Random.Shared.Next(100, 999) + "号", candidateIds,
    };
}
