using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Nominations;
using Laurel.Web.Features.Nominations.Reviews;
using AngleSharp.Html.Parser;
using Laurel.Web.Features.Shared;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.Nominations.Reviews;

/// <summary>The two reviews (两审核, issue 12 §3 steps 3 and 5) through the API, and the gate they put on leaving both review states.</summary>
[Collection(DemoCollection.Name)]
public sealed class ReviewTests(LaurelApp app)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static readonly string[] AllDepartments = ["纪检监察", "组织人事", "公安", "市场监管", "税务", "生态环境", "应急管理"];

    private async Task<long> Unit(string name) => await TestData.UnitId(await app.ApiAs("admin"), name);

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static string FieldError(JsonElement problem, string field) => string.Join("；", Strings(problem.GetProperty("errors").GetProperty(field)));

    private Task<long> AuditCount(string type, object id, string? action = null) => TestDb.Scalar<long>(app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = $1 AND entity_id = $2 AND ($3 = '' OR action = $3)", type, id.ToString()!, action ?? "");

    /// <summary>An open 朝阳区 campaign with the default departments and seats for 建外街道总工会.</summary>
    private async Task<long> Campaign()
    {
        var admin = await app.ApiAs("chaoyang-selection");
        var created = await Json(await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            orgUnitId = await Unit("朝阳区总工会"), titleCode = "county_model_worker", awardingRegionCode = "110105", year = Today.Year,
            basisDocument = "朝工发〔2026〕5号", seatTotal = 10, nominationsOpenOn = Today.AddDays(-1), nominationsCloseOn = Today.AddDays(30),
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{id}/report", new { reportOn = Today, reportDocument = "朝工报〔2026〕7号" }), HttpStatusCode.OK);
        await Json(await admin.PostAsync($"/api/v1/campaigns/{id}/open", null), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/quotas", new { orgUnitId = await Unit("建外街道总工会"), seats = 6 }), HttpStatusCode.OK);
        return id;
    }

    /// <summary>
    /// A candidate of 建外街道总工会 put straight into <paramref name="state"/> by SQL: the notices that move candidates
    /// there are built by another part (the merge switches this to the real path).
    /// </summary>
    private async Task<long> Candidate(long campaign, string state, string category = "frontline_worker")
    {
        var created = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await Unit("建外街道总工会"), name = TestData.UniqueName("审"), residentId = TestData.NewResidentId(),
            workplace = "建外某公司", post = "班组长", category, deeds = "扎根一线，攻坚克难。",
            vote = new { meetingKind = "workers_congress", heldOn = Today.AddDays(-1), present = 40, @for = 30, against = 5, abstaining = 5 },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        (await TestDb.Scalar<int>(app.OwnerConnectionString,
            "WITH u AS (UPDATE candidates SET state = $2 WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id, state)).ShouldBe(1);
        return id;
    }

    private static object Consent(DateOnly on, string? correctionReason = null) => new
    {
        committeeName = "中共建外街道工作委员会", consentedOn = on, signer = "李书记", document = "建外党〔2026〕12号", correctionReason,
    };

    private static object Opinion(string department, string opinion = "agree", string? remarks = null, string? correctionReason = null) => new
    {
        department, authority = $"朝阳区{department}机关", opinion, remarks, signedOn = Today, signer = "王处长", correctionReason,
    };

    private async Task<JsonElement> Reviews(long candidate, string user = "chaoyang-selection") =>
        await Json(await (await app.ApiAs(user)).GetAsync($"/api/v1/candidates/{candidate}/reviews"), HttpStatusCode.OK);

    private async Task RequireForAll(long campaign, params string[] required) =>
        await Json(await (await app.ApiAs("chaoyang-selection")).PutAsJsonAsync($"/api/v1/campaigns/{campaign}/review-departments", new { required }),
            HttpStatusCode.OK);

    [Fact]
    public async Task Review_one_is_recorded_by_the_recommending_unit_and_required_before_the_candidate_leaves_first_review()
    {
        var candidate = await Candidate(await Campaign(), "first_review");
        var before = await Reviews(candidate);
        before.GetProperty("stage").GetString().ShouldBe("first_review");
        before.GetProperty("canProceed").GetBoolean().ShouldBeFalse();
        Strings(before.GetProperty("missing")).ShouldBe([ReviewRules.MissingConsent]);
        before.GetProperty("refusal").GetString()!.ShouldStartWith("审核一尚未完成");

        // The campaign office reads but does not record review one: that is the recommending unit's managers.
        var refused = await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today)),
            HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString()!.ShouldContain("劳模工作管理员");

        var jianwai = await app.ApiAs("jianwai");
        var first = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today.AddDays(-1))), HttpStatusCode.Created);
        var after = await Reviews(candidate);
        after.GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        after.GetProperty("missing").GetArrayLength().ShouldBe(0);
        after.GetProperty("refusal").ValueKind.ShouldBe(JsonValueKind.Null);
        after.GetProperty("firstReview").GetProperty("committeeName").GetString().ShouldBe("中共建外街道工作委员会");

        // A correction is a new record that supersedes the old one and says why; nothing is edited in place.
        var unexplained = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today)), HttpStatusCode.UnprocessableEntity);
        FieldError(unexplained, "correctionReason").ShouldContain("更正理由");
        var corrected = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today, "签署日期录错")),
            HttpStatusCode.Created);
        corrected.GetProperty("supersedesId").GetInt64().ShouldBe(first.GetProperty("id").GetInt64());
        var history = (await Reviews(candidate)).GetProperty("firstReviewHistory").EnumerateArray().ToList();
        history.Count.ShouldBe(2);
        history.Single(h => h.GetProperty("id").GetInt64() == first.GetProperty("id").GetInt64()).GetProperty("current").GetBoolean().ShouldBeFalse();
        (await TestDb.Scalar<DateOnly>(app.OwnerConnectionString, "SELECT consented_on FROM first_reviews WHERE id = $1", first.GetProperty("id").GetInt64()))
            .ShouldBe(Today.AddDays(-1));
        (await AuditCount("first_review", first.GetProperty("id").GetInt64(), "create")).ShouldBe(1);
        (await AuditCount("first_review", corrected.GetProperty("id").GetInt64(), "create")).ShouldBe(1);

        // Once the candidate has moved on, review one is closed.
        await TestDb.Scalar<int>(app.OwnerConnectionString, "WITH u AS (UPDATE candidates SET state = 'second_notice' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", candidate);
        var late = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today, "再次更正")), HttpStatusCode.Conflict);
        late.GetProperty("detail").GetString()!.ShouldContain("只能在“审核一（同级党委）”环节记录审核一");
    }

    [Fact]
    public async Task A_candidate_sent_back_to_redo_review_one_needs_a_consent_recorded_since()
    {
        var candidate = await Candidate(await Campaign(), "first_review");
        var jianwai = await app.ApiAs("jianwai");
        await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today)), HttpStatusCode.Created);
        (await Reviews(candidate)).GetProperty("canProceed").GetBoolean().ShouldBeTrue();

        // Back one step from the second notice (the notices part's step, written here by SQL): the old consent no longer counts.
        await TestDb.Scalar<int>(app.OwnerConnectionString, """
            WITH s AS (INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, reason, actor_name, occurred_at)
                       SELECT $1, max(seq) + 1, 'back', 'second_notice', 'first_review', '党委意见须重新出具', 'test', now()
                       FROM candidate_steps WHERE candidate_id = $1 RETURNING 1)
            SELECT count(*)::int FROM s
            """, candidate);
        var back = await Reviews(candidate);
        back.GetProperty("canProceed").GetBoolean().ShouldBeFalse();
        Strings(back.GetProperty("missing")).ShouldBe([ReviewRules.StaleConsent]);
        await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today, "退回后党委重新出具意见")), HttpStatusCode.Created);
        (await Reviews(candidate)).GetProperty("canProceed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_consent_dated_after_Beijing_today_or_missing_its_committee_is_refused_naming_the_fields()
    {
        var candidate = await Candidate(await Campaign(), "first_review");
        var jianwai = await app.ApiAs("jianwai");
        var future = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today.AddDays(2))),
            HttpStatusCode.UnprocessableEntity);
        FieldError(future, "consentedOn").ShouldContain("不能晚于今天");
        var blank = await Json(await jianwai.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review",
            new { committeeName = " ", consentedOn = Today, signer = "" }), HttpStatusCode.UnprocessableEntity);
        FieldError(blank, "committeeName").ShouldContain("党委名称不能为空");
        FieldError(blank, "signer").ShouldContain("签署人不能为空");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM first_reviews WHERE candidate_id = $1", candidate)).ShouldBe(0);
    }

    [Fact]
    public async Task An_enterprise_head_needs_every_listed_department_and_a_frontline_worker_only_the_required_ones()
    {
        var campaign = await Campaign();
        await RequireForAll(campaign, "公安", "纪检监察");
        var departments = await Json(await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/campaigns/{campaign}/review-departments"), HttpStatusCode.OK);
        departments.EnumerateArray().Where(d => d.GetProperty("requiredForAll").GetBoolean()).Select(d => d.GetProperty("name").GetString())
            .ShouldBe(["纪检监察", "公安"]);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE entity_type = 'campaign' AND entity_id = $1 AND summary LIKE '修改审核二%'", campaign.ToString())).ShouldBe(1);

        var head = await Candidate(campaign, "second_review", "enterprise_head");
        var worker = await Candidate(campaign, "second_review", "frontline_worker");
        Strings((await Reviews(head)).GetProperty("requiredDepartments")).ShouldBe(AllDepartments);
        var workerBefore = await Reviews(worker);
        Strings(workerBefore.GetProperty("requiredDepartments")).ShouldBe(["纪检监察", "公安"]);
        Strings(workerBefore.GetProperty("missing")).ShouldBe(["缺少纪检监察机关意见", "缺少公安机关意见"]);
        workerBefore.GetProperty("refusal").GetString()!.ShouldBe("审核二尚未完成，不能进入下一步：缺少纪检监察机关意见；缺少公安机关意见。");

        var admin = await app.ApiAs("chaoyang-selection");
        foreach (var candidate in new[] { head, worker })
        {
            foreach (var department in new[] { "纪检监察", "公安" })
            {
                await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion(department)), HttpStatusCode.Created);
            }
        }
        (await Reviews(worker)).GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        var headMissing = Strings((await Reviews(head)).GetProperty("missing"));
        headMissing.ShouldBe(["缺少组织人事机关意见", "缺少市场监管机关意见", "缺少税务机关意见", "缺少生态环境机关意见", "缺少应急管理机关意见"]);
        foreach (var department in AllDepartments.Except(["纪检监察", "公安"]))
        {
            await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{head}/opinions", Opinion(department)), HttpStatusCode.Created);
        }
        var headAfter = await Reviews(head);
        headAfter.GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        headAfter.GetProperty("opinions").GetArrayLength().ShouldBe(AllDepartments.Length);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries a JOIN review_opinions o ON a.entity_id = o.id::text WHERE a.entity_type = 'review_opinion' AND o.candidate_id = $1", head))
            .ShouldBe(AllDepartments.Length);
    }

    [Fact]
    public async Task A_negative_opinion_blocks_and_only_a_second_selection_admin_can_approve_the_override()
    {
        var campaign = await Campaign();
        await RequireForAll(campaign, "纪检监察");
        var candidate = await Candidate(campaign, "second_review");
        var admin = await app.ApiAs("chaoyang-selection");
        var noRemarks = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("纪检监察", "disagree")),
            HttpStatusCode.UnprocessableEntity);
        FieldError(noRemarks, "remarks").ShouldContain("不同意");
        var negative = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions",
            Opinion("纪检监察", "disagree", "该同志曾受党内警告处分，影响期已满")), HttpStatusCode.Created);
        // A department the campaign does not require still counts when it says no.
        var taxes = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions",
            Opinion("税务", "disagree", "欠缴税款")), HttpStatusCode.Created);
        var blocked = await Reviews(candidate);
        blocked.GetProperty("canProceed").GetBoolean().ShouldBeFalse();
        Strings(blocked.GetProperty("missing")).ShouldBe(["纪检监察意见为不同意，尚无两名评选管理员作出的继续推荐决定", "税务意见为不同意，尚无两名评选管理员作出的继续推荐决定"]);

        var proposed = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinion-overrides",
            new { opinionId = negative.GetProperty("id").GetInt64(), reason = "处分影响期已满，经评选委员会研究同意继续推荐" }), HttpStatusCode.Created);
        var overrideId = proposed.GetProperty("id").GetInt64();
        proposed.GetProperty("status").GetString().ShouldBe("proposed");
        (await Reviews(candidate)).GetProperty("canProceed").GetBoolean().ShouldBeFalse();

        var self = await Json(await admin.PostAsync($"/api/v1/opinion-overrides/{overrideId}/approve", null), HttpStatusCode.Forbidden);
        self.GetProperty("detail").GetString().ShouldBe("不能批准本人提出的继续推荐申请，须由另一名评选管理员批准");
        (await AuditCount("opinion_override", overrideId, "refused")).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM opinion_overrides WHERE id = $1", overrideId)).ShouldBe("proposed");

        var checker = await app.ApiAs("chaoyang-selection-checker");
        var approved = await Json(await checker.PostAsync($"/api/v1/opinion-overrides/{overrideId}/approve", null), HttpStatusCode.OK);
        approved.GetProperty("status").GetString().ShouldBe("approved");
        approved.GetProperty("deciderName").GetString().ShouldNotBeNullOrEmpty();
        (await Json(await checker.PostAsync($"/api/v1/opinion-overrides/{overrideId}/approve", null), HttpStatusCode.Conflict))
            .GetProperty("detail").GetString()!.ShouldContain("已批准");
        Strings((await Reviews(candidate)).GetProperty("missing")).ShouldBe(["税务意见为不同意，尚无两名评选管理员作出的继续推荐决定"]);

        // The other override is rejected with a reason by the second admin: the candidate stays blocked.
        var second = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinion-overrides",
            new { opinionId = taxes.GetProperty("id").GetInt64(), reason = "已补缴" }), HttpStatusCode.Created);
        var noReason = await Json(await checker.PostAsJsonAsync($"/api/v1/opinion-overrides/{second.GetProperty("id").GetInt64()}/reject", new { reason = "" }),
            HttpStatusCode.UnprocessableEntity);
        FieldError(noReason, "reason").ShouldContain("驳回理由");
        var rejected = await Json(await checker.PostAsJsonAsync($"/api/v1/opinion-overrides/{second.GetProperty("id").GetInt64()}/reject",
            new { reason = "未见补缴凭证" }), HttpStatusCode.OK);
        rejected.GetProperty("status").GetString().ShouldBe("rejected");
        (await Reviews(candidate)).GetProperty("canProceed").GetBoolean().ShouldBeFalse();

        // A corrected opinion (the tax office withdrew its objection) supersedes the negative one: the candidate may proceed.
        await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("税务", correctionReason: "税务机关出具补缴证明后重新签署")),
            HttpStatusCode.Created);
        (await Reviews(candidate)).GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        (await AuditCount("opinion_override", overrideId)).ShouldBe(3); // proposed, refused, approved
    }

    [Fact]
    public async Task The_gate_refuses_the_forward_step_out_of_a_review_with_what_is_missing_and_lets_it_pass_when_complete()
    {
        var campaign = await Campaign();
        await RequireForAll(campaign, "纪检监察");
        var candidate = await Candidate(campaign, "second_review");

        async Task<Outcome<StepView>> Advance()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var steps = scope.ServiceProvider.GetRequiredService<CandidateSteps>();
            scope.ServiceProvider.GetServices<ICandidateGate>().OfType<ReviewGate>().Count().ShouldBe(1);
            // Rolled back whatever it answers: the test looks at the gate, not at the step.
            return await work.RunAsync(async () => await steps.RecordAsync((await steps.LockAsync(candidate))!, CandidateAction.Advance, null), _ => false, default);
        }

        var refused = await Advance();
        refused.Kind.ShouldBe(OutcomeKind.Conflict);
        refused.Message.ShouldBe((await Reviews(candidate)).GetProperty("refusal").GetString());
        refused.Message!.ShouldContain("缺少纪检监察机关意见");

        await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("纪检监察")),
            HttpStatusCode.Created);
        var passed = await Advance();
        passed.Kind.ShouldBe(OutcomeKind.Ok, passed.Message);
        passed.Value!.ToState.ShouldBe("final_notice");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT state FROM candidates WHERE id = $1", candidate)).ShouldBe("second_review");
    }

    [Fact]
    public async Task Outside_their_scope_users_get_404_for_the_reviews_and_the_requirements()
    {
        var campaign = await Campaign();
        var candidate = await Candidate(campaign, "second_review");
        var negative = await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions",
            Opinion("公安", "disagree", "有违法记录")), HttpStatusCode.Created);
        var proposed = await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinion-overrides",
            new { opinionId = negative.GetProperty("id").GetInt64(), reason = "记录已消除" }), HttpStatusCode.Created);

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/candidates/{candidate}/reviews")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tieling = await app.ApiAs("tieling-selection");
        (await tieling.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("税务"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.PostAsync($"/api/v1/opinion-overrides/{proposed.GetProperty("id").GetInt64()}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinion-overrides", new { opinionId = negative.GetProperty("id").GetInt64(), reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.GetAsync($"/api/v1/campaigns/{campaign}/review-departments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.PutAsJsonAsync($"/api/v1/campaigns/{campaign}/review-departments", new { required = new[] { "公安" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ApiAs("jianwai")).PutAsJsonAsync($"/api/v1/campaigns/{campaign}/review-departments", new { required = new[] { "公安" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("税务"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync($"/api/v1/candidates/{candidate}/reviews")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_opinions_and_requirements_answer_422_naming_the_field_and_save_nothing()
    {
        var campaign = await Campaign();
        var candidate = await Candidate(campaign, "second_review");
        var admin = await app.ApiAs("chaoyang-selection");
        var unknown = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", new
        {
            department = "外星事务", authority = "", opinion = "maybe", signedOn = Today.AddDays(3), signer = "王处长",
        }), HttpStatusCode.UnprocessableEntity);
        FieldError(unknown, "department").ShouldContain("纪检监察");
        FieldError(unknown, "authority").ShouldContain("机关名称不能为空");
        FieldError(unknown, "opinion").ShouldBe("意见应为同意或不同意");
        FieldError(unknown, "signedOn").ShouldContain("不能晚于今天");
        var requirement = await Json(await admin.PutAsJsonAsync($"/api/v1/campaigns/{campaign}/review-departments", new { required = new[] { "公安", "外星事务" } }),
            HttpStatusCode.UnprocessableEntity);
        FieldError(requirement, "required").ShouldContain("外星事务");
        var overrideOfAgreement = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinions", Opinion("公安")), HttpStatusCode.Created);
        var needless = await Json(await admin.PostAsJsonAsync($"/api/v1/candidates/{candidate}/opinion-overrides",
            new { opinionId = overrideOfAgreement.GetProperty("id").GetInt64(), reason = "无" }), HttpStatusCode.UnprocessableEntity);
        FieldError(needless, "opinionId").ShouldContain("同意");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM review_opinions WHERE candidate_id = $1", candidate)).ShouldBe(1);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM campaign_required_departments WHERE campaign_id = $1", campaign)).ShouldBe(0);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM opinion_overrides WHERE candidate_id = $1", candidate)).ShouldBe(0);

        // Opinions belong to review two only.
        var early = await Candidate(campaign, "first_review");
        (await admin.PostAsJsonAsync($"/api/v1/candidates/{early}/opinions", Opinion("公安"))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Review_records_cannot_be_changed_or_deleted_even_by_the_owner()
    {
        var candidate = await Candidate(await Campaign(), "first_review");
        var first = await Json(await (await app.ApiAs("jianwai")).PostAsJsonAsync($"/api/v1/candidates/{candidate}/first-review", Consent(Today)),
            HttpStatusCode.Created);
        var error = await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<int>(app.OwnerConnectionString,
            "WITH u AS (UPDATE first_reviews SET signer = '别人' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", first.GetProperty("id").GetInt64()));
        error.MessageText.ShouldContain("审核记录不能修改或删除");
    }

    [Fact]
    public async Task The_candidate_page_shows_what_is_missing_and_its_forms_record_review_one_and_the_opinions()
    {
        var campaign = await Campaign();
        var candidate = await Candidate(campaign, "first_review");
        var page = $"/nominations/candidates/{candidate}";
        var jianwai = await app.BrowserAs("jianwai");
        var before = new HtmlParser().ParseDocument(await jianwai.GetStringAsync(page));
        before.QuerySelector("[data-testid='reviews-missing']")!.TextContent.ShouldContain(ReviewRules.MissingConsent);
        before.QuerySelector("label[for='Review_CommitteeName']")!.TextContent.ShouldBe("党委名称");

        var action = $"/nominations/candidates/{candidate}/reviews?handler=FirstReview";
        var refused = await TestUsers.PostFormAsync(jianwai, page, action, new()
        {
            ["Input.CommitteeName"] = "中共建外街道工作委员会", ["Input.ConsentedOn"] = Show.Date(Today.AddDays(5)), ["Input.Signer"] = "李书记",
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var shown = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        shown.QuerySelector("[data-error-for='consentedOn']")!.TextContent.ShouldContain("不能晚于今天");
        var posted = await TestUsers.PostFormAsync(jianwai, page, action, new()
        {
            ["Input.CommitteeName"] = "中共建外街道工作委员会", ["Input.ConsentedOn"] = Show.Date(Today), ["Input.Signer"] = "李书记",
        });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        posted.Headers.Location!.OriginalString.ShouldBe(page);
        var after = new HtmlParser().ParseDocument(await jianwai.GetStringAsync(page));
        after.QuerySelector("[data-testid='first-review']")!.TextContent.ShouldContain("中共建外街道工作委员会");
        after.QuerySelector("[data-testid='reviews-complete']").ShouldNotBeNull();

        // Review two: a negative opinion entered on the page by the campaign office, its override proposed and, for the
        // second admin, an approve button that asks before it acts.
        await TestDb.Scalar<int>(app.OwnerConnectionString, "WITH u AS (UPDATE candidates SET state = 'second_review' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", candidate);
        var office = await app.BrowserAs("chaoyang-selection");
        (await TestUsers.PostFormAsync(office, page, $"/nominations/candidates/{candidate}/reviews?handler=Opinion", new()
        {
            ["Input.Department"] = "公安", ["Input.Authority"] = "北京市公安局朝阳分局", ["Input.Opinion"] = "disagree", ["Input.Remarks"] = "有治安处罚记录",
            ["Input.SignedOn"] = Show.Date(Today), ["Input.OpinionSigner"] = "赵警官",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var opinionId = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT id FROM review_opinions WHERE candidate_id = $1", candidate);
        (await TestUsers.PostFormAsync(office, page, $"/nominations/candidates/{candidate}/reviews?handler=Propose", new()
        {
            ["Input.OpinionId"] = opinionId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.OverrideReason"] = "处罚已撤销",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var own = new HtmlParser().ParseDocument(await office.GetStringAsync(page));
        own.QuerySelector("[data-testid='opinions'] tr[data-department='公安'] [data-opinion]")!.TextContent.ShouldContain("不同意");
        own.QuerySelector("[data-testid='overrides']")!.TextContent.ShouldContain("须由另一名评选管理员批准");
        var checkerPage = new HtmlParser().ParseDocument(await (await app.BrowserAs("chaoyang-selection-checker")).GetStringAsync(page));
        checkerPage.QuerySelector("[data-testid='overrides'] button[data-confirm]")!.GetAttribute("data-confirm")!.ShouldContain("确定批准继续推荐吗");
    }

    [Fact]
    public async Task The_campaign_page_sets_the_departments_every_candidate_needs()
    {
        var campaign = await Campaign();
        var page = $"/nominations/campaigns/{campaign}";
        var office = await app.BrowserAs("chaoyang-selection");
        var html = new HtmlParser().ParseDocument(await office.GetStringAsync(page));
        html.QuerySelectorAll("[data-testid='review-departments'] input[type='checkbox']").Length.ShouldBe(AllDepartments.Length);
        var form = new FormUrlEncodedContent([
            new("Required", "纪检监察"), new("Required", "税务"),
            new("__RequestVerificationToken", LaurelApp.AntiforgeryToken(await office.GetStringAsync(page))),
        ]);
        var posted = await office.PostAsync($"/nominations/campaigns/{campaign}/review-departments", form);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TestDb.Column<string>(app.OwnerConnectionString, "SELECT name FROM campaign_required_departments WHERE campaign_id = $1", campaign))
            .Order(StringComparer.Ordinal).ShouldBe(new[] { "税务", "纪检监察" }.Order(StringComparer.Ordinal));
        var jianwai = new HtmlParser().ParseDocument(await (await app.BrowserAs("jianwai")).GetStringAsync(page));
        jianwai.QuerySelector("[data-testid='required-departments']")!.TextContent.ShouldContain("纪检监察、税务");
    }
}
