using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// The payment pages (发放批次, 台账核对, the honoree's 发放记录) driven as a browser would: cookie clients, forms with the
/// antiforgery token. One database for the class; each test keeps to its own paying unit and months, and leaves no
/// cycle of a unit in draft or computed before another test's month of that unit (computing waits for earlier months).
/// </summary>
public sealed class PaymentPageTests(LaurelApp app) : IClassFixture<LaurelApp>
{
    private const string Hohhot = "呼和浩特市总工会";

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string Text(IDocument page, string testId) =>
        page.QuerySelector($"[data-testid='{testId}']")?.TextContent.Trim() ?? throw new ShouldAssertException($"No {testId} on the page.");

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Posts a form of the page at <paramref name="path"/> with the token of its current rendering.</summary>
    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, string? handler, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? [])
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await client.GetStringAsync(path)),
        };
        return await client.PostAsync(handler is null ? path : $"{path}?handler={handler}", new FormUrlEncodedContent(form));
    }

    private static async Task<IDocument> Shown(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return Parse(html);
    }

    /// <summary>A successful action redirects back to the cycle, whose page then shows the message.</summary>
    private static async Task<IDocument> Redirected(HttpClient client, HttpResponseMessage response, string path)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe(path);
        return Parse(await client.GetStringAsync(path));
    }

    private async Task<long> Unit(string name) => await TestData.UnitId(await app.ApiAs("nmg-finance"), name);

    [Fact]
    public async Task The_list_shows_cycles_created_through_the_api_newest_first_to_finance_staff_of_the_unit_only()
    {
        var finance = await app.ApiAs("nmg-finance");
        var november = await CreateCycle(finance, await Unit(Hohhot), "2025-11");
        var december = await CreateCycle(finance, await Unit(Hohhot), "2025-12");

        var page = Parse(await (await app.BrowserAs("nmg-checker")).GetStringAsync("/payments"));
        var rows = page.QuerySelectorAll("[data-testid='cycles'] tbody tr").ToList();
        var row = rows.Single(r => r.GetAttribute("data-cycle-id") == november.ToString(CultureInfo.InvariantCulture));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        cells.Take(5).ShouldBe([Hohhot, "2025年11月", "草稿", "0", "0.00"]);
        row.QuerySelector($"a[href='/payments/{november}']").ShouldNotBeNull();
        rows.FindIndex(r => r.GetAttribute("data-cycle-id") == december.ToString(CultureInfo.InvariantCulture))
            .ShouldBeLessThan(rows.IndexOf(row));

        var tieling = Parse(await (await app.BrowserAs("tieling-finance")).GetStringAsync("/payments"));
        tieling.QuerySelector($"[data-cycle-id='{november}']").ShouldBeNull();
    }

    [Fact]
    public async Task A_finance_user_creates_a_cycle_through_the_form_and_a_bad_month_is_named_with_the_input_kept()
    {
        var client = await app.BrowserAs("nmg-finance");
        var hohhot = (await Unit(Hohhot)).ToString(CultureInfo.InvariantCulture);
        var form = Parse(await client.GetStringAsync("/payments"));
        form.QuerySelector("#Input_Month")!.GetAttribute("value").ShouldBe(DateTimeOffset.Now.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        var units = form.QuerySelectorAll("#Input_PayingOrgUnitId option").Select(o => o.TextContent.Trim()).ToList();
        units.ShouldContain("内蒙古自治区总工会");
        units.ShouldContain(u => u.EndsWith(Hohhot, StringComparison.Ordinal));
        units.ShouldNotContain(u => u.Contains("铁岭", StringComparison.Ordinal) || u.Contains("内蒙古电力集团工会", StringComparison.Ordinal));

        var bad = await Shown(await Post(client, "/payments", null, new() { ["Input.PayingOrgUnitId"] = hohhot, ["Input.Month"] = "2026-13" }));
        bad.QuerySelector("[data-error-for='month']")!.TextContent.ShouldContain("发放月份格式不正确，请选择年月，例如 2026年12月");
        bad.QuerySelector("#Input_Month")!.GetAttribute("value").ShouldBe("2026-13");
        bad.QuerySelector("#Input_PayingOrgUnitId option[selected]")!.GetAttribute("value").ShouldBe(hohhot);
        var noUnit = await Shown(await Post(client, "/payments", null, new() { ["Input.PayingOrgUnitId"] = "", ["Input.Month"] = "2026-02" }));
        noUnit.QuerySelector("[data-error-for='payingOrgUnitId']")!.TextContent.ShouldContain("请选择发放单位");

        var created = await Post(client, "/payments", null, new() { ["Input.PayingOrgUnitId"] = hohhot, ["Input.Month"] = "2026-02" });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var path = created.Headers.Location!.ToString();
        path.ShouldMatch("^/payments/[0-9]+$");
        var cycle = Parse(await client.GetStringAsync(path));
        Text(cycle, "flash").ShouldContain("发放批次已创建");
        Text(cycle, "status").ShouldBe("草稿");
        cycle.QuerySelector("h1")!.TextContent.ShouldContain($"{Hohhot} 2026年2月");

        var again = await Shown(await Post(client, "/payments", null, new() { ["Input.PayingOrgUnitId"] = hohhot, ["Input.Month"] = "2026-02" }));
        again.QuerySelector("[data-error-for='month']")!.TextContent.ShouldContain("已存在");
    }

    [Fact]
    public async Task The_cycle_page_shows_totals_by_benefit_and_unit_and_fifty_items_a_page_with_their_explanations()
    {
        var finance = await app.ApiAs("nmg-finance");
        var nmg = await app.ApiAs("nmg");
        // The demo pays about 35 honorees in Inner Mongolia: more make a second page.
        for (var i = 0; i < 15; i++)
        {
            await RetiredNationalModelWorker(nmg);
        }
        var honoree = await RetiredNationalModelWorker(nmg);
        var cycle = await CreateCycle(finance, await Unit("内蒙古自治区总工会"), "2026-10");
        await Ok(await Act(finance, cycle, "compute"));
        var view = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}");
        var client = await app.BrowserAs("nmg-finance");
        var path = $"/payments/{cycle}";

        var page = Parse(await client.GetStringAsync(path));
        Text(page, "total").ShouldBe(Money(view.GetProperty("total").GetDecimal()));
        Text(page, "paid-total").ShouldBe(Money(view.GetProperty("paidTotal").GetDecimal()));
        Text(page, "computed").ShouldContain("nmg-finance");
        var benefits = view.GetProperty("byBenefit").EnumerateArray().ToList();
        benefits.ShouldNotBeEmpty();
        foreach (var b in benefits)
        {
            var cells = page.QuerySelector($"[data-testid='by-benefit'] tr[data-benefit='{b.GetProperty("benefitCode").GetString()}']")!
                .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
            cells.ShouldBe([b.GetProperty("name").GetString()!, b.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture), Money(b.GetProperty("total").GetDecimal())]);
        }
        page.QuerySelectorAll("[data-testid='by-unit'] tbody tr").Length.ShouldBe(view.GetProperty("byUnit").GetArrayLength());
        Text(page, "no-previous-month").ShouldContain("上月没有本单位的发放批次");

        var count = view.GetProperty("itemCount").GetInt32();
        count.ShouldBeGreaterThan(50);
        page.QuerySelectorAll("[data-testid='items'] tbody tr").Length.ShouldBe(50);
        // Each row's explanation is there to open, closed: the page is no longer as tall as every explanation.
        var explanations = page.QuerySelectorAll("[data-testid='items'] tbody details.item-explanation").ToList();
        explanations.Count.ShouldBe(50);
        explanations.ShouldAllBe(d => !d.HasAttribute("open") && d.QuerySelector("summary") != null && d.QuerySelector(".explanation-text")!.TextContent.Trim().Length > 0);
        Text(page, "item-total").ShouldContain($"共 {count} 条");

        // The new honoree's October payment, on its page, as the API has it (months other tests approved come as arrears).
        var item = (await Items(finance, cycle, honoree)).Single(i => i.GetProperty("type").GetString() == "regular");
        var before = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1 AND id < $2",
            cycle, item.GetProperty("id").GetInt64());
        var itsPage = Parse(await client.GetStringAsync($"{path}?p={before / 50 + 1}"));
        var row = itsPage.QuerySelector($"[data-testid='items'] tr[data-honoree-id='{honoree}']")!;
        var shown = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        shown[3].ShouldBe(Money(item.GetProperty("amount").GetDecimal()));
        shown[5].ShouldBe("正常发放");
        shown[6].ShouldBe("待确认");
        shown[7].ShouldBe(item.GetProperty("instructionId").GetString());
        var explanation = row.QuerySelector("details.item-explanation .explanation-text")!.TextContent.Trim();
        explanation.ShouldBe(item.GetProperty("explanation").GetString());
        explanation.ShouldContain("全国劳动模范");
        // nmg-finance reads no honoree record: the name is no link that would answer 404.
        row.QuerySelector("a[data-testid='honoree-link']").ShouldBeNull();

        var recoveries = Parse(await client.GetStringAsync($"{path}?type=recovery"));
        recoveries.QuerySelectorAll("[data-testid='items'] tbody tr").ShouldAllBe(r => r.GetAttribute("data-type") == "recovery");
        recoveries.QuerySelector("#type option[selected]")!.GetAttribute("value").ShouldBe("recovery");
        var regular = (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}/items?type=regular")).GetProperty("total").GetInt32();
        Text(Parse(await client.GetStringAsync($"{path}?type=regular")), "item-total").ShouldContain($"共 {regular} 条");
    }

    [Fact]
    public async Task Two_finance_users_compute_and_approve_through_the_page_and_the_maker_checker_refusal_is_a_message()
    {
        var nmg = await app.ApiAs("nmg");
        var cycle = await CreateCycle(await app.ApiAs("nmg-finance"), await Unit("内蒙古自治区总工会"), "2026-03");
        var maker = await app.BrowserAs("nmg-finance");
        var checker = await app.BrowserAs("nmg-checker");
        var path = $"/payments/{cycle}";

        var draft = Parse(await maker.GetStringAsync(path));
        Text(draft, "compute").ShouldBe("计算");
        draft.QuerySelector("[data-testid='approve']").ShouldBeNull();

        var computed = await Redirected(maker, await Post(maker, path, "Compute"), path);
        Text(computed, "flash").ShouldContain("计算完成");
        Text(computed, "status").ShouldBe("已计算");
        Text(computed, "compute").ShouldBe("重新计算");
        // The maker is not offered the approval at all, and the server refuses them all the same.
        computed.QuerySelector("[data-testid='approve']").ShouldBeNull();
        Text(computed, "maker-note").ShouldContain("须由另一名财务人员");
        var toCheck = Parse(await checker.GetStringAsync(path));
        toCheck.QuerySelector("[data-testid='approve']").ShouldNotBeNull();
        toCheck.QuerySelector("[data-testid='maker-note']").ShouldBeNull();
        var view = await (await app.ApiAs("nmg-checker")).GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}");
        var fund = view.GetProperty("specialFund");
        var remaining = fund.GetProperty("remaining").GetDecimal();
        remaining.ShouldBe(fund.GetProperty("amount").GetDecimal() - fund.GetProperty("spent").GetDecimal());
        Text(toCheck, "approve-fund").ShouldContain($"本批次合计 {Money(view.GetProperty("total").GetDecimal())} 元");
        Text(toCheck, "approve-fund").ShouldContain($"专项经费剩余 {Money(remaining)} 元，审批后剩余 {Money(remaining - view.GetProperty("total").GetDecimal())} 元");
        Text(toCheck, "fund-remaining").ShouldBe(Money(remaining));

        var refused = await Shown(await Post(maker, path, "Approve"));
        refused.QuerySelector("[data-error-for='form']")!.TextContent.ShouldContain("计算人不能审批本人计算的批次");
        Text(refused, "status").ShouldBe("已计算");

        // Registered after the compute: the approval lists them as new, to be paid by the next cycle.
        var late = await RetiredNationalModelWorker(nmg);
        var lateName = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{late}")).GetProperty("name").GetString()!;
        var approved = await Shown(await Post(checker, path, "Approve"));
        approved.QuerySelector("[data-error-for='form']").ShouldBeNull();
        Text(approved, "status").ShouldBe("已审批");
        Text(approved, "approved").ShouldContain("nmg-checker");
        var change = approved.QuerySelector($"[data-testid='changes-since-compute'] tr[data-honoree-id='{late}']")!;
        change.TextContent.ShouldContain(lateName);
        change.TextContent.ShouldContain("新增");
        approved.QuerySelector("[data-testid='compute']").ShouldBeNull();
        approved.QuerySelector("[data-testid='export-csv']").ShouldNotBeNull();

        var twice = await Shown(await Post(checker, path, "Compute"));
        twice.QuerySelector("[data-error-for='form']")!.TextContent.ShouldContain("批次当前状态为“已审批”，不能计算");
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_and_the_comment_is_shown_on_the_cycle_sent_back_to_draft()
    {
        var finance = await app.ApiAs("tieling-finance");
        var cycle = await CreateCycle(finance, await TestData.UnitId(finance, "铁岭市总工会"), "2026-12");
        await Ok(await Act(finance, cycle, "compute"));
        var checker = await app.BrowserAs("tieling-checker");
        var path = $"/payments/{cycle}";

        // The maker sees no 退回 and the API refuses them: sending back is the reviewer's answer.
        var maker = await app.BrowserAs("tieling-finance");
        Parse(await maker.GetStringAsync(path)).QuerySelector("#reject-form").ShouldBeNull();
        var own = await Act(finance, cycle, "reject", new { comment = "自己退回" });
        own.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await own.Content.ReadAsStringAsync()).ShouldContain("计算人不能退回本人计算的批次");

        var empty = await Shown(await Post(checker, path, "Reject", new() { ["Comment"] = "  " }));
        empty.QuerySelector("#reject-form [data-error-for='comment']")!.TextContent.ShouldContain("退回意见不能为空");
        Text(empty, "status").ShouldBe("已计算");

        var rejected = await Redirected(checker, await Post(checker, path, "Reject", new() { ["Comment"] = "请核对银州区名单后重新计算" }), path);
        Text(rejected, "flash").ShouldContain("已退回");
        Text(rejected, "status").ShouldBe("草稿");
        Text(rejected, "last-rejection").ShouldBe("请核对银州区名单后重新计算");
        rejected.QuerySelector("#reject-form").ShouldBeNull();
        Text(rejected, "compute").ShouldBe("计算");
    }

    [Fact]
    public async Task The_page_refuses_over_budget_exports_the_same_csv_as_the_api_imports_a_large_bank_file_and_closes()
    {
        var tieling = await app.ApiAs("tieling");
        var finance = await app.ApiAs("tieling-finance");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        // Tieling's one-time award to a municipal model worker elected in July (its pack is in force from 2026-06-19).
        await RetiredNationalModelWorker(tieling, unit: "银州区总工会", title: "municipal_model_worker", awardedOn: "2026-07-10");
        var cycle = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, cycle, "compute"));
        var total = (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}")).GetProperty("total").GetDecimal();
        var client = await app.BrowserAs("tieling-finance");
        var checker = await app.BrowserAs("tieling-checker");
        var path = $"/payments/{cycle}";

        (await finance.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = total - 0.01m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var overBudget = await Shown(await Post(checker, path, "Approve"));
        overBudget.QuerySelector("[data-error-for='form']")!.TextContent.ShouldContain("专项经费剩余");
        (await finance.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = 1_000_000m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await Shown(await Post(checker, path, "Approve")), "status").ShouldBe("已审批");

        var export = await Post(client, path, "Export", new() { ["format"] = "csv" });
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        export.Content.Headers.ContentDisposition!.FileNameStar.ShouldEndWith(".csv");
        var csv = await export.Content.ReadAsByteArrayAsync();
        (await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv")).ShouldBe(csv);
        var xlsx = await Post(client, path, "Export", new() { ["format"] = "xlsx" });
        (await xlsx.Content.ReadAsByteArrayAsync()).ShouldBe(await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=xlsx"));
        Text(Parse(await client.GetStringAsync(path)), "status").ShouldBe("已导出");

        var early = await Shown(await Post(client, path, "Close"));
        early.QuerySelector("[data-error-for='form']")!.TextContent.ShouldContain("不能关闭");

        // The bank returns the first payment and settles the rest; one line is for no payment of ours. Blank lines make
        // the file larger than the 1 MB other forms are held to.
        var ids = InstructionIds(Encoding.UTF8.GetString(csv));
        ids.Count.ShouldBeGreaterThan(0);
        var results = new StringBuilder("指令号,结果,原因\r\n");
        foreach (var id in ids)
        {
            results.Append(id).Append(id == ids[0] ? ",失败,账户已冻结\r\n" : ",成功,\r\n");
        }
        results.Append("LM202607ZZZZZZZZZZZZZZ,成功,\r\n").Append(',', 1_200_000).Append("\r\n");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(LaurelApp.AntiforgeryToken(await client.GetStringAsync(path))), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(results.ToString())), "file", "回单.csv" },
        };
        var imported = await Shown(await client.PostAsync($"{path}?handler=Results", upload));
        Text(imported, "settled").ShouldBe((ids.Count - 1).ToString(CultureInfo.InvariantCulture));
        Text(imported, "returned").ShouldBe("1");
        Text(imported, "unknown").ShouldBe("1");
        Text(imported, "missing").ShouldBe("0");
        Text(imported, "unknown-ids").ShouldBe("LM202607ZZZZZZZZZZZZZZ");
        Text(imported, "status").ShouldBe("已对账");
        // The bank's reason stays on the cycle's summary and on the returned payment's row.
        Text(imported, "returned-count").ShouldBe("1");
        Text(imported, "return-reasons").ShouldContain("账户已冻结：1 笔");
        var returned = Parse(await client.GetStringAsync($"{path}?status=returned"));
        var returnedRow = returned.QuerySelectorAll("[data-testid='items'] tbody tr").ShouldHaveSingleItem();
        returnedRow.GetAttribute("data-instruction-id").ShouldBe(ids[0]);
        returnedRow.QuerySelector("[data-testid='result-reason']")!.TextContent.Trim().ShouldBe("账户已冻结");
        returned.QuerySelector("#status option[selected]")!.GetAttribute("value").ShouldBe("returned");

        var closed = await Redirected(client, await Post(client, path, "Close"), path);
        Text(closed, "status").ShouldBe("已关闭");
        closed.QuerySelector("[data-testid='upload']").ShouldBeNull();
    }

    [Fact]
    public async Task A_bad_bank_file_is_named_beside_the_upload()
    {
        var finance = await app.ApiAs("tieling-finance");
        // Elected in September, so that the cycle has a payment to approve (Tieling's pack pays from 2026-06-19).
        await RetiredNationalModelWorker(await app.ApiAs("tieling"), unit: "银州区总工会", title: "municipal_model_worker", awardedOn: "2026-09-10");
        var cycle = await CreateCycle(finance, await TestData.UnitId(finance, "铁岭市总工会"), "2026-09");
        await Ok(await Act(finance, cycle, "compute"));
        await Ok(await Act(await app.ApiAs("tieling-checker"), cycle, "approve"));
        await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv");
        var client = await app.BrowserAs("tieling-finance");
        var path = $"/payments/{cycle}";
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(LaurelApp.AntiforgeryToken(await client.GetStringAsync(path))), "__RequestVerificationToken" },
            { new ByteArrayContent("姓名,金额\r\n张三,100\r\n"u8.ToArray()), "file", "回单.csv" },
        };
        var page = await Shown(await client.PostAsync($"{path}?handler=Results", upload));
        page.QuerySelector("#results-form [data-error-for='file']")!.TextContent.ShouldContain("找不到表头");
        Text(page, "status").ShouldBe("已导出");
    }

    [Fact]
    public async Task The_ledger_page_passes_a_sound_ledger_and_lists_each_problem()
    {
        var client = await app.BrowserAs("nmg-finance");
        var page = Parse(await client.GetStringAsync("/payments/ledger"));
        Text(page, "ledger-ok").ShouldBe("台账核对通过");
        Text(page, "entries").ShouldBe((await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM ledger_entries")).ToString(CultureInfo.InvariantCulture));
        Text(page, "cycles").ShouldBe((await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM payment_cycles WHERE status IN ('approved', 'exported', 'reconciled', 'closed')")).ToString(CultureInfo.InvariantCulture));

        // A cycle marked approved behind the application's back has no approval entry.
        var cycle = await CreateCycle(await app.ApiAs("nmg-finance"), await Unit(Hohhot), "2025-09");
        await TestDb.Scalar<object>(app.OwnerConnectionString, "UPDATE payment_cycles SET status = 'approved' WHERE id = $1", cycle);
        try
        {
            var broken = Parse(await client.GetStringAsync("/payments/ledger"));
            broken.QuerySelector("[data-testid='ledger-ok']").ShouldBeNull();
            Text(broken, "ledger-problems").ShouldContain($"批次 {cycle}（{Hohhot} 2025-09）应有 1 笔审批分录，实有 0 笔");
        }
        finally
        {
            await TestDb.Scalar<object>(app.OwnerConnectionString, "UPDATE payment_cycles SET status = 'draft' WHERE id = $1", cycle);
        }
    }

    [Fact]
    public async Task The_honoree_record_and_the_api_show_the_payment_history_and_an_open_receivable_within_the_scope_only()
    {
        var nmg = await app.ApiAs("nmg");
        var finance = await app.ApiAs("nmg-finance");
        var checker = await app.ApiAs("nmg-checker");
        var unit = await Unit("内蒙古自治区总工会");
        // Awarded in May 2026, so that no earlier month another test approves is owed to them.
        var honoree = await RetiredNationalModelWorker(nmg, awardedOn: "2026-05-15");
        foreach (var month in new[] { "2026-06", "2026-07" })
        {
            var paid = await CreateCycle(finance, unit, month);
            await Ok(await Act(finance, paid, "compute"));
            await ApproveExportAndSettle(finance, checker, paid);
        }
        // Revoked from 2026-06-20: June was owed (conditions on the first day), July was paid and not owed.
        var honour = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("honours")[0].GetProperty("id").GetInt64();
        await TestData.Revoke(nmg, await app.ApiAs("nmg-selection"), honour, "2026-06-20");
        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        await Ok(await Act(checker, august, "approve"));

        // August against July: the honoree's allowance stopped, with the engine's reason.
        var stopped = Parse(await (await app.BrowserAs("nmg-finance")).GetStringAsync($"/payments/{august}"))
            .QuerySelector($"[data-testid='month-changes'] tr[data-honoree-id='{honoree}']")!;
        stopped.GetAttribute("data-kind").ShouldBe("stopped");
        var change = stopped.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        change.Skip(2).Take(3).ShouldBe(["停发", "500.00", ""]);
        change[5].ShouldContain("撤销");

        var api = await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}/payments");
        var items = api.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => (i.GetProperty("cycleMonth").GetString(), i.GetProperty("period").GetString(), i.GetProperty("type").GetString(), i.GetProperty("amount").GetDecimal()))
            .ShouldBe([("2026-08", "2026-07", "recovery", -500m), ("2026-07", "2026-07", "regular", 500m), ("2026-06", "2026-06", "regular", 500m)]);
        items[1].GetProperty("status").GetString().ShouldBe("settled");
        items[1].GetProperty("instructionId").GetString()!.ShouldMatch("^LM202607[A-Z0-9]{14}$");
        var receivable = api.GetProperty("openReceivables").EnumerateArray().ShouldHaveSingleItem();
        receivable.GetProperty("benefitCode").GetString().ShouldBe("honorary_allowance");
        receivable.GetProperty("amount").GetDecimal().ShouldBe(500m);

        var page = Parse(await (await app.BrowserAs("nmg")).GetStringAsync($"/honorees/{honoree}?tab=payments"));
        page.QuerySelector("#payments-tab")!.ClassList.ShouldContain("active");
        var rows = page.QuerySelectorAll("[data-testid='payment-items'] tbody tr").ToList();
        rows.Count.ShouldBe(3);
        var recovery = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        recovery.ShouldBe(["2026年8月", "内蒙古自治区总工会", recovery[2], "2026年7月", "追回", "-500.00", "0.00", "无需银行发放", items[0].GetProperty("instructionId").GetString()!]);
        rows[1].QuerySelector("[data-status]")!.TextContent.Trim().ShouldBe("已成功");
        Text(page, "receivables").ShouldContain("500.00");
        page.QuerySelector("[data-testid='receivables'] tr[data-benefit='honorary_allowance']").ShouldNotBeNull();

        // The honoree scope decides: another region's manager and finance staff (who read no honoree) get 404.
        (await (await app.ApiAs("tieling")).GetAsync($"/api/v1/honorees/{honoree}/payments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await finance.GetAsync($"/api/v1/honorees/{honoree}/payments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.BrowserAs("tieling")).GetAsync($"/honorees/{honoree}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_auditor_sees_the_payment_pages_without_action_buttons_and_cannot_act_through_them()
    {
        var cycle = await CreateCycle(await app.ApiAs("nmg-finance"), await Unit(Hohhot), "2025-10");
        var path = $"/payments/{cycle}";
        Parse(await (await app.BrowserAs("nmg-finance")).GetStringAsync(path)).QuerySelector("[data-testid='compute']").ShouldNotBeNull();

        var auditor = await app.BrowserAs("auditor");
        var list = Parse(await auditor.GetStringAsync("/payments"));
        list.QuerySelector($"[data-cycle-id='{cycle}']").ShouldNotBeNull();
        list.QuerySelector("#create-cycle").ShouldBeNull();
        list.QuerySelector("nav a[href='/payments']")!.TextContent.ShouldBe("发放批次");
        list.QuerySelector("nav a[href='/payments/ledger']")!.TextContent.ShouldBe("台账核对");
        var page = Parse(await auditor.GetStringAsync(path));
        Text(page, "status").ShouldBe("草稿");
        page.QuerySelector("[data-testid='actions']").ShouldBeNull();
        page.QuerySelectorAll("main form[method='post']").ShouldBeEmpty();

        var refused = await Shown(await Post(auditor, path, "Compute"));
        refused.QuerySelector("[data-error-for='form']")!.TextContent.ShouldContain("需要该单位的财务人员权限");
        Text(refused, "status").ShouldBe("草稿");
        Text(Parse(await auditor.GetStringAsync("/payments/ledger")), "ledger-ok").ShouldBe("台账核对通过");
    }

    [Fact]
    public async Task A_manager_without_a_finance_grant_gets_no_payment_link_and_cannot_open_the_pages()
    {
        var cycle = await CreateCycle(await app.ApiAs("nmg-finance"), await Unit(Hohhot), "2025-08");
        var manager = await app.BrowserAs("nmg");
        var home = Parse(await manager.GetStringAsync("/"));
        home.QuerySelector("a[href='/payments']").ShouldBeNull();
        home.QuerySelector("a[href='/payments/ledger']").ShouldBeNull();
        foreach (var path in new[] { "/payments", "/payments/ledger" })
        {
            var response = await manager.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var denied = response.Headers.Location!.ToString();
            new Uri(new Uri("http://x"), denied).AbsolutePath.ShouldBe("/denied");
            (await manager.GetAsync(denied)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        (await manager.GetAsync($"/payments/{cycle}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var token = LaurelApp.AntiforgeryToken(await manager.GetStringAsync("/"));
        var compute = await manager.PostAsync($"/payments/{cycle}?handler=Compute",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        compute.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM payment_cycles WHERE id = $1", cycle)).ShouldBe("draft");
    }
}
