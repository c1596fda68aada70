using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;
using Laurel.Web.Tests.Payments;

namespace Laurel.Web.Tests.Revocations;

/// <summary>
/// Revocation and reinstatement cases (退出机制) through the API and the pages: a manager proposes, a selection admin of
/// the awarding level who is not the proposer decides, in one transaction, once.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RevocationCaseTests(LaurelApp app)
{
    /// <summary>A retired honoree of 新城区 with an Inner Mongolian provincial title (decided at 内蒙古自治区总工会); returns (honoree, honour).</summary>
    private async Task<(long Honoree, long Honour)> InnerMongolian(HttpClient manager)
    {
        var honoree = await PaymentCycleTests.RetiredNationalModelWorker(manager, title: "provincial_model_worker", awardedOn: "2015-04-28");
        var honour = (await manager.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("honours")[0].GetProperty("id").GetInt64();
        return (honoree, honour);
    }

    private static async Task<long> Propose(HttpClient manager, long honourId, string kind = "revocation", string? grounds = "fraud")
    {
        var response = await manager.PostAsJsonAsync("/api/v1/revocations", new { honourId, kind, grounds, evidence = "经查，申报材料中的获奖证书系伪造。" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> Decide(HttpClient client, long caseId, string effectiveOn = "2026-03-20", string documentNumber = "内工发〔2026〕12号") =>
        client.PostAsJsonAsync($"/api/v1/revocations/{caseId}/decide", new { documentNumber, effectiveOn });

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task The_proposer_cannot_decide_their_own_case_nor_can_a_manager_and_the_database_refuses_it_too()
    {
        // One person holding both roles at 内蒙古 proposes; they may not decide, with the reason in Chinese.
        var bothName = await TestUsers.Create(app, "内蒙古自治区总工会", ("manager", "内蒙古自治区总工会"), ("selection_admin", "内蒙古自治区总工会"));
        var both = await app.ApiAs(bothName);
        var (_, honour) = await InnerMongolian(both);
        var caseId = await Propose(both, honour);
        var own = await Decide(both, caseId);
        own.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Detail(own)).ShouldContain("另一人");
        var manager = await Decide(await app.ApiAs("nmg"), caseId);
        manager.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Detail(manager)).ShouldContain("（内蒙古自治区总工会）的评选管理员");
        (await both.PostAsJsonAsync($"/api/v1/revocations/{caseId}/reject", new { reason = "本人驳回" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action = 'refused' AND entity_type = 'revocation_case' AND entity_id = $1",
            caseId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(2);

        // The case page tells the proposer why there is no decision form.
        var page = new HtmlParser().ParseDocument(await (await app.BrowserAs(bothName)).GetStringAsync($"/revocations/{caseId}"));
        page.QuerySelector("#decide-form").ShouldBeNull();
        page.QuerySelector("[data-testid='decide-refusal']")!.TextContent.ShouldContain("另一人");
        var ex = await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<object>(app.OwnerConnectionString,
            "UPDATE revocation_cases SET status = 'decided', decided_by = proposed_by, decided_at = now(), document_number = '1', effective_on = '2026-01-01' WHERE id = $1 RETURNING id",
            caseId));
        ex.ConstraintName.ShouldBe("revocation_cases_second_person");

        var decided = await Decide(await app.ApiAs("nmg-selection"), caseId);
        decided.StatusCode.ShouldBe(HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        var body = await decided.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("decided");
        body.GetProperty("decidedBy").GetString().ShouldBe("乌云其木格");
    }

    [Fact]
    public async Task A_manager_of_a_sibling_unit_or_another_region_sees_no_case_and_cannot_act_on_it()
    {
        var jianwai = await app.ApiAs("jianwai");
        var id = (await TestData.CreateHonoree(jianwai, "建外街道总工会", TestData.UniqueName("撤销"))).GetProperty("id").GetInt64();
        var added = await jianwai.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "county_model_worker", awardingRegionCode = "110105", awardedOn = "2012-04-28", awardingBody = "朝阳区人民政府" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var honour = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var caseId = await Propose(jianwai, honour, grounds: "crime");

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/revocations/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await wangjing.GetFromJsonAsync<JsonElement>("/api/v1/revocations?pageSize=200");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldNotContain(caseId);
        (await wangjing.PostAsJsonAsync("/api/v1/revocations", new { honourId = honour, grounds = "fraud", evidence = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tieling = await app.ApiAs("tieling-selection");
        (await Decide(tieling, caseId, "2026-01-05")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.BrowserAs("wangjing")).GetAsync($"/revocations/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The awarding level's selection admin sees it in the list of open cases, and the proposer's own unit sees it too.
        var chaoyang = await app.ApiAs("chaoyang-selection");
        var open = await chaoyang.GetFromJsonAsync<JsonElement>("/api/v1/revocations?status=proposed&pageSize=200");
        var item = open.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == caseId);
        item.GetProperty("groundsName").GetString().ShouldBe("触犯法律");
        item.GetProperty("awardingUnitName").GetString().ShouldBe("朝阳区总工会");
        (await jianwai.GetAsync($"/api/v1/revocations/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await chaoyang.GetAsync("/api/v1/revocations?status=closed")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Two_decisions_at_once_decide_once_and_the_change_is_audited_once()
    {
        var nmg = await app.ApiAs("nmg");
        var (_, honour) = await InnerMongolian(nmg);
        var caseId = await Propose(nmg, honour);
        var first = await app.ApiAs("nmg-selection");
        var second = await app.ApiAs("nmg-selection-checker");
        var answers = await Task.WhenAll(Decide(first, caseId, "2026-03-20"), Decide(second, caseId, "2026-04-01"));
        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        (await Detail(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict))).ShouldContain("已作出决定");

        var entity = honour.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE entity_type = 'honour' AND entity_id = $1 AND summary LIKE '撤销%'", entity)).ShouldBe(1);
        var caseEntries = await TestDb.Column<string>(app.OwnerConnectionString,
            "SELECT action || ':' || coalesce(after->>'status', '') FROM audit_entries WHERE entity_type = 'revocation_case' AND entity_id = $1 ORDER BY id",
            caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        caseEntries.ShouldBe(["create:", "update:decided"]);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM honours WHERE id = $1", honour)).ShouldBe("revoked");
        // Nor can the database's owner delete the decided case or change it afterwards.
        await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<object>(app.OwnerConnectionString, "DELETE FROM revocation_cases WHERE id = $1 RETURNING id", caseId));
        await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<object>(app.OwnerConnectionString,
            "UPDATE revocation_cases SET document_number = '改' WHERE id = $1 RETURNING id", caseId));
    }

    [Fact]
    public async Task A_case_refuses_bad_input_naming_the_field_and_a_future_or_pre_award_effective_date()
    {
        var nmg = await app.ApiAs("nmg");
        var (_, honour) = await InnerMongolian(nmg);
        var missing = await nmg.PostAsJsonAsync("/api/v1/revocations", new { honourId = honour, evidence = new string('证', 3001) });
        missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("grounds")[0].GetString().ShouldBe("请选择撤销事由");
        errors.GetProperty("evidence")[0].GetString().ShouldBe("事实与证据不能超过3000个字符");
        (await nmg.PostAsJsonAsync("/api/v1/revocations", new { honourId = honour, kind = "reinstatement", evidence = "无需恢复" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var caseId = await Propose(nmg, honour);
        var selection = await app.ApiAs("nmg-selection");
        var future = await Decide(selection, caseId, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        future.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await future.Content.ReadAsStringAsync()).ShouldContain("effectiveOn");
        var early = await Decide(selection, caseId, "2015-04-27");
        (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("effectiveOn")[0].GetString()!.ShouldContain("2015-04-28");
        var noNumber = await Decide(selection, caseId, documentNumber: " ");
        (await noNumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("documentNumber")[0].GetString().ShouldBe("决定文号不能为空");
        (await selection.GetFromJsonAsync<JsonElement>($"/api/v1/revocations/{caseId}")).GetProperty("status").GetString().ShouldBe("proposed");

        var rejected = await selection.PostAsJsonAsync($"/api/v1/revocations/{caseId}/reject", new { reason = "证据不足，不予撤销" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejectionReason").GetString().ShouldBe("证据不足，不予撤销");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM honours WHERE id = $1", honour)).ShouldBe("active");
        (await Decide(selection, caseId)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_reinstatement_case_restores_the_honour_and_its_benefit_and_the_record_keeps_both_cases()
    {
        var nmg = await app.ApiAs("nmg");
        var (honoree, honour) = await InnerMongolian(nmg);
        async Task<bool> Allowance() => (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}/entitlements?month=2026-11"))
            .GetProperty("entitlements").EnumerateArray().Any(e => e.GetProperty("amount").ValueKind == JsonValueKind.Number && e.GetProperty("amount").GetDecimal() > 0);
        (await Allowance()).ShouldBeTrue();

        var selection = await app.ApiAs("nmg-selection");
        var revocation = await TestData.Revoke(nmg, selection, honour, "2026-03-20");
        (await Allowance()).ShouldBeFalse();

        var reinstatement = await Propose(nmg, honour, kind: "reinstatement", grounds: null);
        (await Decide(nmg, reinstatement, "2026-10-09")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var decided = await Decide(await app.ApiAs("nmg-selection-checker"), reinstatement, "2026-10-09", "内工发〔2026〕30号");
        decided.StatusCode.ShouldBe(HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        var restored = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("honours")[0];
        restored.GetProperty("status").GetString().ShouldBe("active");
        restored.GetProperty("revokedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Allowance()).ShouldBeTrue();

        // The record lists both cases with their decisions, each linking to its page.
        var html = await (await app.BrowserAs("nmg")).GetStringAsync($"/honorees/{honoree}?tab=honours");
        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid='honour-cases'] tbody tr");
        rows.Select(r => long.Parse(r.GetAttribute("data-case-id")!, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([revocation, reinstatement]);
        rows[0].TextContent.ShouldContain("已决定撤销");
        rows[0].TextContent.ShouldContain("弄虚作假");
        rows[1].TextContent.ShouldContain("已决定恢复");
        rows[1].TextContent.ShouldContain("内工发〔2026〕30号");
        rows[1].QuerySelector("a")!.GetAttribute("href").ShouldBe($"/revocations/{reinstatement}");
    }

    [Fact]
    public async Task A_manager_proposes_on_the_page_and_the_selection_admin_decides_on_the_case_page_after_a_confirmation_naming_the_person()
    {
        var nmg = await app.ApiAs("nmg");
        var (honoree, honour) = await InnerMongolian(nmg);
        var name = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("name").GetString()!;
        var manager = await app.BrowserAs("nmg");
        (await manager.GetStringAsync($"/honorees/{honoree}?tab=honours")).ShouldContain($"/revocations/new?honourId={honour}");
        var form = $"/revocations/new?honourId={honour}";
        var refused = await TestUsers.PostFormAsync(manager, form, form, new() { ["Input.Grounds"] = "", ["Input.Evidence"] = "材料" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("请选择撤销事由");
        var posted = await TestUsers.PostFormAsync(manager, form, form, new() { ["Input.Grounds"] = "sanction", ["Input.Evidence"] = "受到开除党籍处分。" });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var casePath = posted.Headers.Location!.OriginalString;
        casePath.ShouldStartWith("/revocations/");

        var admin = await app.BrowserAs("nmg-selection");
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync(casePath));
        page.QuerySelector("[data-testid='case-status']")!.GetAttribute("data-status").ShouldBe("proposed");
        page.QuerySelector("main")!.TextContent.ShouldContain("受到处分");
        var confirm = page.QuerySelector("#decide-form button[data-confirm]")!.GetAttribute("data-confirm")!;
        confirm.ShouldContain($"确认决定撤销{name}的“内蒙古自治区劳动模范”");
        var decided = await TestUsers.PostFormAsync(admin, casePath, casePath + "?handler=Decide",
            new() { ["Decision.DocumentNumber"] = "内工发〔2026〕21号", ["Decision.EffectiveOn"] = "2026-05-01" });
        decided.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync(casePath)).ShouldContain("已决定撤销");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT revocation_reason FROM honours WHERE id = $1", honour))
            .ShouldBe("因受到处分，依内工发〔2026〕21号撤销称号");

        // Both see it in 撤销案件, filtered by state.
        var list = new HtmlParser().ParseDocument(await manager.GetStringAsync("/revocations?status=decided"));
        list.QuerySelectorAll("[data-testid='cases'] tbody tr").ShouldAllBe(r => r.GetAttribute("data-status") == "decided");
        (await admin.GetStringAsync("/")).ShouldContain("href=\"/revocations\"");
    }
}
