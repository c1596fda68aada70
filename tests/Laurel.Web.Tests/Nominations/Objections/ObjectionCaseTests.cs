using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Data;
using Laurel.Web.Features.Nominations;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Laurel.Web.Tests.Nominations.Objections.ObjectionTestData;

namespace Laurel.Web.Tests.Nominations.Objections;

/// <summary>Objection cases (issue 12 §4): entry by a cadre, investigation, finding, response, the campaign's decision, and the gate.</summary>
[Collection(DemoCollection.Name)]
public sealed class ObjectionCaseTests(LaurelApp app)
{
    private static int Version(JsonElement view) => view.GetProperty("version").GetInt32();

    /// <summary>What NoticeGate answers for the candidate now (null: they may leave the notice), in a transaction rolled back.</summary>
    private async Task<string?> GateAsync(NoticedCandidate k)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var gate = scope.ServiceProvider.GetServices<ICandidateGate>().OfType<NoticeGate>().Single();
        return await work.RunAsync(() => gate.RefusalAsync(new CandidateForStep(k.CandidateId, k.CampaignId, k.Name, "unit_notice", "", "")), _ => false, default);
    }

    /// <summary>An objection received by letter during the window of a notice that has closed since, entered by 建外's cadre.</summary>
    private async Task<(NoticedCandidate K, long Id)> ObjectionOnClosedNoticeAsync(string? name = null)
    {
        var k = await CandidateOnNoticeAsync(app, opensInDays: -12, closesInDays: -1);
        var entered = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/objections", new
        {
            noticeId = k.NoticeId, candidateId = k.CandidateId, channel = "letter", text = "来信反映该人选的事迹存在夸大。", name, receivedOn = Today.AddDays(-3),
        }), HttpStatusCode.Created);
        return (k, entered.GetProperty("id").GetInt64());
    }

    private async Task<JsonElement> AssignAndFindAsync(HttpClient client, long id, string finding)
    {
        var view = await Json(await client.GetAsync($"/api/v1/objections/{id}"), HttpStatusCode.OK);
        view = await Json(await client.PostAsJsonAsync($"/api/v1/objections/{id}/assign",
            new { investigatorUserId = await UserIdAsync(app, "jianwai"), version = Version(view) }), HttpStatusCode.OK);
        return await Json(await client.PostAsJsonAsync($"/api/v1/objections/{id}/finding", new { finding, reason = "经走访核实。", version = Version(view) }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_cadre_enters_an_objection_by_phone_and_investigates_notes_finds_and_answers_the_named_objector()
    {
        var k = await CandidateOnNoticeAsync(app);
        var jianwai = await app.ApiAs("jianwai");
        var online = await Json(await jianwai.PostAsJsonAsync("/api/v1/objections",
            new { noticeId = k.NoticeId, candidateId = k.CandidateId, channel = "online", text = "事实" }), HttpStatusCode.UnprocessableEntity);
        online.GetProperty("errors").GetProperty("channel")[0].GetString()!.ShouldContain("电话");
        var entered = await Json(await jianwai.PostAsJsonAsync("/api/v1/objections", new
        {
            noticeId = k.NoticeId, candidateId = k.CandidateId, channel = "phone", text = "来电反映该人选业绩有水分。", name = "王五", phone = "13900001111",
            receivedOn = Today,
        }), HttpStatusCode.Created);
        var id = entered.GetProperty("id").GetInt64();
        entered.GetProperty("reference").GetString()!.ShouldStartWith($"YY{Today.Year}-");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT received_by FROM objections WHERE id = $1", id)).ShouldBe(await UserIdAsync(app, "jianwai"));

        var view = await Json(await jianwai.GetAsync($"/api/v1/objections/{id}"), HttpStatusCode.OK);
        view.GetProperty("channel").GetString().ShouldBe("phone");
        view.GetProperty("state").GetString().ShouldBe("received");
        view.GetProperty("objectorPhoneMasked").GetString().ShouldBe("139****1111");
        // The answer cannot come before the finding, and the finding not before an investigator.
        (await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/finding", new { finding = "not_upheld", reason = "x", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/response", new { respondedOn = Today, text = "x", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var outsider = await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/assign",
            new { investigatorUserId = await UserIdAsync(app, "wangjing"), version = Version(view) }), HttpStatusCode.UnprocessableEntity);
        outsider.GetProperty("errors").GetProperty("investigatorUserId")[0].GetString()!.ShouldContain("调查人");

        view = await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/assign",
            new { investigatorUserId = await UserIdAsync(app, "jianwai"), version = Version(view) }), HttpStatusCode.OK);
        view.GetProperty("state").GetString().ShouldBe("investigating");
        await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/notes", new { note = "已约谈所在单位负责人。" }), HttpStatusCode.Created);
        await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/notes", new { note = "已调阅获奖证书原件。" }), HttpStatusCode.Created);
        view = await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/finding",
            new { finding = "not_upheld", reason = "证书真实，业绩属实。", version = Version(view) }), HttpStatusCode.OK);
        view.GetProperty("state").GetString().ShouldBe("awaiting_response");
        (await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/finding", new { finding = "upheld", reason = "改", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        view = await Json(await jianwai.PostAsJsonAsync($"/api/v1/objections/{id}/response",
            new { respondedOn = Today, text = "经核实，反映问题不属实，特此答复。", version = Version(view) }), HttpStatusCode.OK);
        view.GetProperty("state").GetString().ShouldBe("closed");
        view.GetProperty("notes").GetArrayLength().ShouldBe(2);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'objection' AND entity_id = $1", id.ToString())).ShouldBe(4);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'objection_note' AND after->>'objectionId' = $1", id.ToString())).ShouldBe(2);

        // The case page and the candidate page show it, with the phone masked.
        var browser = await app.BrowserAs("jianwai");
        var page = await browser.GetStringAsync($"/nominations/objections/{id}");
        page.ShouldContain("139****1111");
        page.ShouldNotContain("13900001111");
        page.ShouldContain("已调阅获奖证书原件。");
        (await browser.GetStringAsync($"/nominations/candidates/{k.CandidateId}")).ShouldContain(entered.GetProperty("reference").GetString()!);
        (await browser.GetStringAsync("/nominations/objections?state=closed")).ShouldContain(entered.GetProperty("reference").GetString()!);
    }

    [Fact]
    public async Task A_stale_version_answers_409_and_an_out_of_scope_cadre_gets_404()
    {
        var k = await CandidateOnNoticeAsync(app);
        var id = await ObjectionIdAsync(app, await SubmitAsync(app, k, "反映情况。"));
        var admin = await app.ApiAs("chaoyang-selection");
        var view = await Json(await admin.GetAsync($"/api/v1/objections/{id}"), HttpStatusCode.OK);
        var jianwaiId = await UserIdAsync(app, "jianwai");
        await Json(await admin.PostAsJsonAsync($"/api/v1/objections/{id}/assign", new { investigatorUserId = jianwaiId, version = Version(view) }), HttpStatusCode.OK);
        var stale = await Json(await admin.PostAsJsonAsync($"/api/v1/objections/{id}/assign", new { investigatorUserId = jianwaiId, version = Version(view) }), HttpStatusCode.Conflict);
        stale.GetProperty("detail").GetString()!.ShouldContain("刷新");

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/objections/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsJsonAsync($"/api/v1/objections/{id}/notes", new { note = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsJsonAsync("/api/v1/objections", new { noticeId = k.NoticeId, candidateId = k.CandidateId, channel = "letter", text = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var list = await Json(await wangjing.GetAsync($"/api/v1/objections?noticeId={k.NoticeId}"), HttpStatusCode.OK);
        list.GetProperty("total").GetInt32().ShouldBe(0);
        (await (await app.BrowserAs("wangjing")).GetAsync($"/nominations/objections/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A viewer of the district reads the case but cannot act on it.
        var viewer = await app.ApiAs("chaoyang-viewer");
        await Json(await viewer.GetAsync($"/api/v1/objections/{id}"), HttpStatusCode.OK);
        (await viewer.PostAsJsonAsync($"/api/v1/objections/{id}/notes", new { note = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM objection_notes WHERE objection_id = $1", id)).ShouldBe(0);
    }

    [Fact]
    public async Task An_open_objection_holds_the_candidate_at_the_closed_notice_until_its_finding_and_answer_are_recorded()
    {
        var (k, id) = await ObjectionOnClosedNoticeAsync(name: "赵六");
        (await GateAsync(k))!.ShouldContain("1 件异议未办结");
        var admin = await app.ApiAs("chaoyang-selection");
        var view = await AssignAndFindAsync(admin, id, "partly_upheld");
        // A named objector must be answered before the case closes.
        (await GateAsync(k))!.ShouldContain("1 件异议未办结");
        await Json(await admin.PostAsJsonAsync($"/api/v1/objections/{id}/response", new { respondedOn = Today, text = "已答复。", version = Version(view) }), HttpStatusCode.OK);
        (await GateAsync(k)).ShouldBeNull();
    }

    [Fact]
    public async Task An_upheld_objection_stops_the_candidate_until_the_campaign_records_its_reason_to_continue()
    {
        var (k, id) = await ObjectionOnClosedNoticeAsync();
        var admin = await app.ApiAs("chaoyang-selection");
        var view = await AssignAndFindAsync(admin, id, "upheld");
        view.GetProperty("state").GetString().ShouldBe("awaiting_decision");
        (await GateAsync(k))!.ShouldContain("异议经调查属实");
        // Only the campaign's selection admins decide.
        (await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/objections/{id}/continue", new { reason = "x", version = Version(view) }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync($"/api/v1/objections/{id}/continue", new { reason = " ", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        view = await Json(await admin.PostAsJsonAsync($"/api/v1/objections/{id}/continue",
            new { reason = "所反映问题发生在十年前，已整改，经集体研究继续推荐。", version = Version(view) }), HttpStatusCode.OK);
        view.GetProperty("state").GetString().ShouldBe("closed");
        (await GateAsync(k)).ShouldBeNull();
        (await admin.PostAsJsonAsync($"/api/v1/objections/{id}/reject-candidate", new { reason = "x", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_upheld_objection_and_the_campaigns_rejection_end_the_candidate_as_rejected_with_the_objection_in_the_step()
    {
        var (k, id) = await ObjectionOnClosedNoticeAsync();
        var admin = await app.ApiAs("chaoyang-selection");
        var notYet = await AssignAndFindAsync(admin, id, "not_upheld");
        (await admin.PostAsJsonAsync($"/api/v1/objections/{id}/reject-candidate", new { reason = "x", version = Version(notYet) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var (k2, id2) = await ObjectionOnClosedNoticeAsync();
        var view = await AssignAndFindAsync(admin, id2, "upheld");
        (await admin.PostAsJsonAsync($"/api/v1/objections/{id2}/reject-candidate", new { reason = "", version = Version(view) })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        view = await Json(await admin.PostAsJsonAsync($"/api/v1/objections/{id2}/reject-candidate",
            new { reason = "异议经调查属实，不予通过。", version = Version(view) }), HttpStatusCode.OK);
        view.GetProperty("candidateState").GetString().ShouldBe("rejected");
        view.GetProperty("state").GetString().ShouldBe("closed");
        var steps = await Json(await admin.GetAsync($"/api/v1/candidates/{k2.CandidateId}/steps"), HttpStatusCode.OK);
        var last = steps.EnumerateArray().Last();
        last.GetProperty("toState").GetString().ShouldBe("rejected");
        last.GetProperty("reason").GetString().ShouldBe("异议经调查属实，不予通过。");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT (payload->>'objectionId')::bigint FROM candidate_steps WHERE candidate_id = $1 ORDER BY seq DESC LIMIT 1", k2.CandidateId)).ShouldBe(id2);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", k.CandidateId)).ShouldBe("unit_notice");
    }

    [Fact]
    public async Task The_entry_page_registers_a_letter_from_the_candidate_page_and_names_a_bad_field_in_chinese()
    {
        var k = await CandidateOnNoticeAsync(app);
        var browser = await app.BrowserAs("jianwai");
        var candidatePage = await browser.GetStringAsync($"/nominations/candidates/{k.CandidateId}");
        candidatePage.ShouldContain($"/nominations/objections/new?candidate={k.CandidateId}");
        candidatePage.ShouldContain("没有收到对该人选的异议");
        var url = $"/nominations/objections/new?candidate={k.CandidateId}";
        var form = await browser.GetStringAsync(url);
        form.ShouldContain(k.Name);

        var bad = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.NoticeId"] = k.NoticeId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Channel"] = "letter",
            ["Input.Text"] = "", ["Input.Phone"] = "abc", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("异议内容不能为空");
        html.ShouldContain("联系电话格式不正确");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM objections WHERE notice_id = $1", k.NoticeId)).ShouldBe(0);

        var posted = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.NoticeId"] = k.NoticeId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Channel"] = "letter",
            ["Input.ReceivedOn"] = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Text"] = "来信反映：该人选推荐材料中的专利系他人所有。", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM objections WHERE notice_id = $1", k.NoticeId);
        posted.Headers.Location!.ToString().ShouldBe($"/nominations/objections/{id}");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT channel FROM objections WHERE id = $1", id)).ShouldBe("letter");
        // A sibling street's manager sees neither the candidate's notices nor the form.
        (await (await app.BrowserAs("wangjing")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
