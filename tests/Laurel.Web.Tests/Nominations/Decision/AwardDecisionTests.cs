using System.Net;
using System.Net.Http.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Nominations.Decision.DecisionSetupHelper;

namespace Laurel.Web.Tests.Nominations.Decision;

/// <summary>The award decision (表彰决定, issue 12 §3 step 7) through the API: once per campaign, one honour per approved candidate.</summary>
[Collection(DemoCollection.Name)]
public sealed class AwardDecisionTests(LaurelApp app)
{
    private readonly DecisionSetupHelper _setup = new(app);

    private Task<long> Count(string sql, params object[] args) => TestDb.Scalar<long>(app.OwnerConnectionString, sql, args);

    [Fact]
    public async Task The_decision_creates_exactly_one_honour_per_approved_candidate_also_when_pressed_twice_at_once()
    {
        var campaign = await _setup.CampaignAsync();
        var first = await _setup.CandidateAsync(campaign);
        var second = await _setup.CandidateAsync(campaign, "frontline_worker");
        await _setup.FinalNoticeAsync(campaign, first, second);
        var admin = await app.ApiAs("chaoyang-selection");
        var other = await app.ApiAs("chaoyang-selection-checker");
        var body = _setup.Decision();

        var answers = await Task.WhenAll(admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", body),
            other.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", body));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var refused = answers.Single(a => a.StatusCode != HttpStatusCode.Created);
        (await Json(refused, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("已作出表彰决定");
        (await Count("SELECT count(*) FROM award_decisions WHERE campaign_id = $1", campaign)).ShouldBe(1);
        (await Count("SELECT count(*) FROM award_decision_items i JOIN award_decisions d ON d.id = i.decision_id WHERE d.campaign_id = $1", campaign)).ShouldBe(2);
        foreach (var candidate in new[] { first, second })
        {
            (await Count("""
                SELECT count(*) FROM honours o JOIN candidates k ON k.id = $1 JOIN honorees h ON h.id = o.honoree_id AND h.resident_id_hash = k.resident_id_hash
                WHERE o.title_code = 'county_model_worker' AND o.awarding_region_code = '110105'
                """, candidate)).ShouldBe(1);
            (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", candidate)).ShouldBe("approved");
            (await TestDb.Scalar<string>(app.OwnerConnectionString,
                "SELECT payload->>'documentNumber' FROM candidate_steps WHERE candidate_id = $1 AND to_state = 'approved'", candidate)).ShouldNotBeNullOrEmpty();
        }
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM campaigns WHERE id = $1", campaign)).ShouldBe("decided");

        var view = await Json(await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/campaigns/{campaign}/decision"), HttpStatusCode.OK);
        view.GetProperty("items").GetArrayLength().ShouldBe(2);
        var decision = view.GetProperty("id").GetInt64();
        (await Count("SELECT count(*) FROM audit_entries WHERE entity_type = 'award_decision' AND entity_id = $1", decision.ToString())).ShouldBe(1);
        (await Count("""
            SELECT count(*) FROM audit_entries a JOIN award_decision_items i ON a.entity_id = i.honour_id::text
            WHERE a.entity_type = 'honour' AND i.decision_id = $1
            """, decision)).ShouldBe(2);
        // A third press, afterwards, is refused the same way.
        (await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_candidate_new_to_the_registry_gets_a_record_in_the_recommending_unit_and_one_already_registered_gets_the_honour_on_their_record()
    {
        var campaign = await _setup.CampaignAsync();
        var residentId = TestData.NewResidentId();
        var existing = (await TestData.CreateHonoree(await app.ApiAs("wangjing"), "望京街道总工会", TestData.UniqueName("档"), residentId)).GetProperty("id").GetInt64();
        var known = await _setup.CandidateAsync(campaign, residentId: residentId);
        var newcomer = await _setup.CandidateAsync(campaign);
        await _setup.FinalNoticeAsync(campaign, known, newcomer);
        var honorees = await Count("SELECT count(*) FROM honorees");

        var view = await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision()),
            HttpStatusCode.Created);

        (await Count("SELECT count(*) FROM honorees")).ShouldBe(honorees + 1);
        var items = view.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("candidateId").GetInt64());
        items[known].GetProperty("honoreeId").GetInt64().ShouldBe(existing);
        items[known].GetProperty("createdHonoree").GetBoolean().ShouldBeFalse();
        (await Count("SELECT count(*) FROM honours WHERE honoree_id = $1", existing)).ShouldBe(1);
        (await Count("SELECT count(*) FROM honorees WHERE resident_id_hash = (SELECT resident_id_hash FROM candidates WHERE id = $1)", known)).ShouldBe(1);

        var created = items[newcomer].GetProperty("honoreeId").GetInt64();
        items[newcomer].GetProperty("createdHonoree").GetBoolean().ShouldBeTrue();
        (await Count("SELECT org_unit_id FROM honorees WHERE id = $1", created)).ShouldBe(await _setup.Unit("建外街道总工会"));
        (await Count("SELECT count(*) FROM honorees h JOIN candidates k ON k.id = $2 WHERE h.id = $1 AND h.resident_id_cipher = k.resident_id_cipher", created, newcomer))
            .ShouldBe(1);
        (await Count("SELECT count(*) FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1 AND action = 'create'", created.ToString())).ShouldBe(1);
        var record = await Json(await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/honorees/{created}"), HttpStatusCode.OK);
        record.GetRawText().ShouldContain(view.GetProperty("documentNumber").GetString()!);
        (await Count("SELECT honoree_id FROM candidates WHERE id = $1", newcomer)).ShouldBe(created);
    }

    [Fact]
    public async Task A_composition_breach_blocks_the_decision_and_saves_nothing()
    {
        var campaign = await _setup.CampaignAsync(compositionRules: [new { category = "frontline_worker", minShare = 0.5m, maxShare = (decimal?)null }]);
        var first = await _setup.CandidateAsync(campaign);
        var second = await _setup.CandidateAsync(campaign);
        await _setup.FinalNoticeAsync(campaign, first, second);
        var honours = await Count("SELECT count(*) FROM honours");

        var refused = await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision()),
            HttpStatusCode.Conflict);

        refused.GetProperty("detail").GetString()!.ShouldContain("一线职工");
        (await Count("SELECT count(*) FROM award_decisions WHERE campaign_id = $1", campaign)).ShouldBe(0);
        (await Count("SELECT count(*) FROM honours")).ShouldBe(honours);
        (await Count("SELECT count(*) FROM candidates WHERE campaign_id = $1 AND state = 'final_notice'", campaign)).ShouldBe(2);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM campaigns WHERE id = $1", campaign)).ShouldBe("closed");
    }

    [Fact]
    public async Task An_open_objection_keeps_that_candidate_out_and_refuses_a_decision_that_names_them()
    {
        var campaign = await _setup.CampaignAsync();
        var held = await _setup.CandidateAsync(campaign);
        var clear = await _setup.CandidateAsync(campaign);
        var notice = await _setup.FinalNoticeAsync(campaign, held, clear);
        await _setup.OpenObjectionAsync(notice, held);
        var admin = await app.ApiAs("chaoyang-selection");

        var named = await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision(candidateIds: [held, clear])),
            HttpStatusCode.Conflict);
        named.GetProperty("detail").GetString()!.ShouldContain("异议");
        (await Count("SELECT count(*) FROM award_decisions WHERE campaign_id = $1", campaign)).ShouldBe(0);

        var view = await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision()), HttpStatusCode.Created);
        view.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("candidateId").GetInt64()).ShouldBe([clear]);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", held)).ShouldBe("final_notice");
        (await Count("SELECT count(*) FROM award_decision_items WHERE candidate_id = $1", held)).ShouldBe(0);
    }

    [Fact]
    public async Task A_decision_dated_in_the_future_or_without_a_document_number_is_refused_and_only_the_campaigns_selection_admin_may_make_it()
    {
        var campaign = await _setup.CampaignAsync();
        var candidate = await _setup.CandidateAsync(campaign);
        await _setup.FinalNoticeAsync(campaign, candidate);
        var admin = await app.ApiAs("chaoyang-selection");

        var future = await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision(Today.AddDays(1))),
            HttpStatusCode.UnprocessableEntity);
        future.GetProperty("errors").GetProperty("decidedOn")[0].GetString()!.ShouldContain("晚于今天");
        (await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", new { awardingBody = "朝阳区总工会", decidedOn = Today, documentNumber = "" }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ApiAs("tieling-selection")).PostAsJsonAsync($"/api/v1/campaigns/{campaign}/decision", _setup.Decision())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ApiAs("tieling-selection")).GetAsync($"/api/v1/campaigns/{campaign}/decision")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("SELECT count(*) FROM award_decisions WHERE campaign_id = $1", campaign)).ShouldBe(0);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", candidate)).ShouldBe("final_notice");
    }
}
