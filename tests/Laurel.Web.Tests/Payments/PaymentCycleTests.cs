using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// Payment cycles through the API against the real database: two finance people, the budget, exactly-once items, the
/// bank file and the bank's results, corrections of paid months, and the ledger.
/// </summary>
public sealed class PaymentCycleTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>An honoree (by default retired, of 新城区 in Inner Mongolia, with a national title) with a bank account; returns their id.</summary>
    internal static async Task<long> RetiredNationalModelWorker(HttpClient manager, string? retiredOn = "2012-01-01", string unit = "新城区总工会", string title = "national_model_worker", string? awardedOn = null, decimal pension = 3200, string? name = null)
    {
        var unitId = await TestData.UnitId(manager, unit);
        // Born by 1964, so that a retirement in 2012 comes at an age that makes sense; work starts at 20.
        var residentId = TestData.NewResidentId(birthSpanDays: 3650);
        var since = DateOnly.ParseExact(residentId[6..14], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture).AddYears(20);
        var created = await manager.PostAsJsonAsync("/api/v1/honorees", new
        {
            name = name ?? TestData.UniqueName("付"), residentId, orgUnitId = unitId, phone = "13800138000",
            hukouRegionCode = "150102",
            employment = new { status = "employed", employerName = "呼和浩特某厂", employerType = "enterprise", since },
            pension = new { scheme = "enterprise", monthlyAmount = pension, since },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        if (retiredOn is not null)
        {
            var retired = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/events", new { type = "employment_changed", effectiveOn = retiredOn, status = "retired" });
            retired.IsSuccessStatusCode.ShouldBeTrue(await retired.Content.ReadAsStringAsync());
        }
        var honour = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honours", new
        {
            titleCode = title, awardingRegionCode = title.StartsWith("national", StringComparison.Ordinal) ? null : unit == "新城区总工会" ? "150000" : "211200",
            awardedOn = awardedOn ?? "2005-04-30", awardingBody = "国务院",
        });
        honour.IsSuccessStatusCode.ShouldBeTrue(await honour.Content.ReadAsStringAsync());
        var account = await manager.PutAsJsonAsync($"/api/v1/honorees/{id}/bank-account", new { bankName = "中国工商银行呼和浩特分行", accountName = "测试户名", accountNumber = $"6222020{id:D12}" });
        account.IsSuccessStatusCode.ShouldBeTrue(await account.Content.ReadAsStringAsync());
        return id;
    }

    internal static async Task<long> CreateCycle(HttpClient finance, long unitId, string month)
    {
        var response = await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unitId, month });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("draft");
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>A cycle of 内蒙古自治区总工会 for the month, computed by nmg-finance and approved by nmg-checker.</summary>
    internal static async Task<long> ApprovedInnerMongoliaCycle(LaurelApp app, string month)
    {
        var finance = await app.ApiAs("nmg-finance");
        var cycle = await CreateCycle(finance, await TestData.UnitId(finance, "内蒙古自治区总工会"), month);
        await Ok(await Act(finance, cycle, "compute"));
        await Ok(await Act(await app.ApiAs("nmg-checker"), cycle, "approve"));
        return cycle;
    }

    internal static async Task<HttpResponseMessage> Act(HttpClient client, long cycle, string action, object? body = null) =>
        await client.PostAsJsonAsync($"/api/v1/payment-cycles/{cycle}/{action}", body ?? new { });

    internal static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task<JsonElement[]> Items(HttpClient client, long cycle, long honoree) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}/items?honoreeId={honoree}&pageSize=50"))
            .GetProperty("items").EnumerateArray().ToArray();

    internal static async Task ApproveExportAndSettle(HttpClient finance, HttpClient checker, long cycle, params string[] returnedInstructions)
    {
        await Ok(await Act(checker, cycle, "approve"));
        var csv = await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv");
        var ids = InstructionIds(Encoding.UTF8.GetString(csv));
        var results = new StringBuilder("指令号,结果,原因\r\n");
        foreach (var id in ids)
        {
            results.Append(id).Append(returnedInstructions.Contains(id) ? ",失败,账户已销户\r\n" : ",成功,\r\n");
        }
        await Ok(await Upload(finance, cycle, results.ToString()));
    }

    internal static List<string> InstructionIds(string csv) =>
        System.Text.RegularExpressions.Regex.Matches(csv, "LM[0-9]{6}[A-Z0-9]{14}").Select(m => m.Value).ToList();

    internal static async Task<HttpResponseMessage> Upload(HttpClient client, long cycle, string csv)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "回单.csv");
        return await client.PostAsync($"/api/v1/payment-cycles/{cycle}/bank-results", form);
    }

    [Fact]
    public async Task A_month_is_computed_by_one_person_approved_by_another_exported_reconciled_and_closed()
    {
        var nmg = await _app.ApiAs("nmg");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var honoree = await RetiredNationalModelWorker(nmg);
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");

        var cycle = await CreateCycle(finance, unit, "2026-07");
        (await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month = "2026-07" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Act(finance, cycle, "approve")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await Ok(await Act(finance, cycle, "compute"))).GetProperty("status").GetString().ShouldBe("computed");
        var view = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}");
        view.GetProperty("status").GetString().ShouldBe("computed");
        view.GetProperty("month").GetString().ShouldBe("2026-07");
        var allowance = view.GetProperty("byBenefit").EnumerateArray().Single(b => b.GetProperty("benefitCode").GetString() == "honorary_allowance");
        allowance.GetProperty("count").GetInt32().ShouldBe(view.GetProperty("itemCount").GetInt32());
        allowance.GetProperty("total").GetDecimal().ShouldBe(view.GetProperty("total").GetDecimal());

        var item = (await Items(finance, cycle, honoree)).ShouldHaveSingleItem();
        item.GetProperty("type").GetString().ShouldBe("regular");
        item.GetProperty("period").GetString().ShouldBe("2026-07");
        item.GetProperty("amount").GetDecimal().ShouldBe(500m);
        item.GetProperty("explanation").GetString()!.ShouldContain("全国劳动模范");
        var instruction = item.GetProperty("instructionId").GetString()!;

        // Recomputing replaces the items: the same item, the same instruction ID, no second row.
        await Ok(await Act(finance, cycle, "compute"));
        item = (await Items(finance, cycle, honoree)).ShouldHaveSingleItem();
        item.GetProperty("instructionId").GetString().ShouldBe(instruction);

        var own = await Act(finance, cycle, "approve");
        own.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await own.Content.ReadAsStringAsync()).ShouldContain("另一名财务人员");
        // Someone retired since the compute: the approval still pays what was computed, and lists the change.
        var since = await RetiredNationalModelWorker(nmg);
        var approved = await Ok(await Act(checker, cycle, "approve"));
        approved.GetProperty("status").GetString().ShouldBe("approved");
        var change = approved.GetProperty("changesSinceCompute").EnumerateArray().ShouldHaveSingleItem();
        change.GetProperty("honoreeId").GetInt64().ShouldBe(since);
        change.GetProperty("kind").GetString().ShouldBe("new");
        change.GetProperty("after").GetDecimal().ShouldBe(500m);
        (await Items(finance, cycle, since)).ShouldBeEmpty();
        var again = await Act(checker, cycle, "approve");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("已审批");

        // An account changed after approval does not change the cycle's instructions; exporting twice gives the same bytes.
        var csv = await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv");
        (await nmg.PutAsJsonAsync($"/api/v1/honorees/{honoree}/bank-account", new { bankName = "中国银行", accountName = "新户名", accountNumber = "6217000000000000001" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        (await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv")).ShouldBe(csv);
        var xlsx = await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=xlsx");
        (await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=xlsx")).ShouldBe(xlsx);
        var text = Encoding.UTF8.GetString(csv);
        text.ShouldContain(instruction);
        text.ShouldContain($"6222020{honoree:D12}");
        text.ShouldNotContain("6217000000000000001");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action = 'export' AND entity_type = 'payment_cycle' AND entity_id = $1", cycle.ToString())).ShouldBe(4L);

        // The bank returns our honoree's payment, settles the rest and mentions one payment that is not ours.
        var lines = InstructionIds(text);
        var results = new StringBuilder("指令号,结果,原因\r\n");
        foreach (var id in lines)
        {
            results.Append(id).Append(id == instruction ? ",失败,户名不符\r\n" : ",成功,\r\n");
        }
        results.Append("LM202607XXXXXXXXXXXXXX,成功,\r\n");
        (await Act(finance, cycle, "close")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // A first file with one line only: the rest stay pending, reported missing, and the cycle cannot close.
        var partial = await Ok(await Upload(finance, cycle, $"指令号,结果,原因\r\n{lines.First(l => l != instruction)},成功,\r\n"));
        partial.GetProperty("settled").GetInt32().ShouldBe(1);
        partial.GetProperty("missing").GetInt32().ShouldBe(lines.Count - 1);
        var early = await Act(finance, cycle, "close");
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain($"还有 {lines.Count - 1} 笔银行结果未确认");
        var reconciled = await Ok(await Upload(finance, cycle, results.ToString()));
        reconciled.GetProperty("settled").GetInt32().ShouldBe(lines.Count - 1);
        reconciled.GetProperty("returned").GetInt32().ShouldBe(1);
        reconciled.GetProperty("unknown").GetInt32().ShouldBe(1);
        reconciled.GetProperty("missing").GetInt32().ShouldBe(0);
        // The same file again changes nothing.
        (await Ok(await Upload(finance, cycle, results.ToString()))).GetProperty("returned").GetInt32().ShouldBe(1);
        (await Items(finance, cycle, honoree)).Single().GetProperty("status").GetString().ShouldBe("returned");

        var check = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/ledger/check");
        check.GetProperty("problems").GetArrayLength().ShouldBe(0, check.ToString());
        check.GetProperty("cycles").GetInt32().ShouldBe(1);
        (await Ok(await Act(finance, cycle, "close"))).GetProperty("status").GetString().ShouldBe("closed");

        // The next month re-issues the returned payment as arrears that names it, besides August's own payment.
        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        var next = await Items(finance, august, honoree);
        next.Length.ShouldBe(2);
        var reissue = next.Single(i => i.GetProperty("type").GetString() == "arrears");
        reissue.GetProperty("period").GetString().ShouldBe("2026-07");
        reissue.GetProperty("amount").GetDecimal().ShouldBe(500m);
        reissue.GetProperty("originalItemId").GetInt64().ShouldBe(item.GetProperty("id").GetInt64());
        reissue.GetProperty("explanation").GetString()!.ShouldContain(instruction);
        reissue.GetProperty("instructionId").GetString().ShouldNotBe(instruction);
        next.Single(i => i.GetProperty("type").GetString() == "regular").GetProperty("period").GetString().ShouldBe("2026-08");
    }

    [Fact]
    public async Task Late_news_for_paid_months_is_corrected_by_arrears_and_recoveries_and_a_recovery_is_withheld_from_later_payments()
    {
        var nmg = await _app.ApiAs("nmg");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var lateRetiree = await RetiredNationalModelWorker(nmg, retiredOn: null);
        var revoked = await RetiredNationalModelWorker(nmg);
        var misdated = await RetiredNationalModelWorker(nmg, retiredOn: "2026-02-10");

        foreach (var month in new[] { "2026-03", "2026-04" })
        {
            var cycle = await CreateCycle(finance, unit, month);
            await Ok(await Act(finance, cycle, "compute"));
            await ApproveExportAndSettle(finance, checker, cycle);
        }
        // Late news: the retirement was in fact on 2026-02-10 (recorded as a new fact), and the title was revoked from 2026-03-20.
        (await nmg.PostAsJsonAsync($"/api/v1/honorees/{lateRetiree}/events", new { type = "employment_changed", effectiveOn = "2026-02-10", status = "retired" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        // And the retirement of 2026-02-10 was entered in error: they retired on 2026-04-10.
        (await nmg.PostAsJsonAsync($"/api/v1/honorees/{misdated}/events", new { type = "employment_changed", effectiveOn = "2026-02-10", status = "employed", employerName = "呼和浩特某厂", employerType = "enterprise" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        (await nmg.PostAsJsonAsync($"/api/v1/honorees/{misdated}/events", new { type = "employment_changed", effectiveOn = "2026-04-10", status = "retired" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        var honour = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{revoked}")).GetProperty("honours")[0].GetProperty("id").GetInt64();
        await TestData.Revoke(nmg, await _app.ApiAs("nmg-selection"), honour, "2026-03-20");

        var may = await CreateCycle(finance, unit, "2026-05");
        await Ok(await Act(finance, may, "compute"));
        var arrears = await Items(finance, may, lateRetiree);
        arrears.Where(i => i.GetProperty("type").GetString() == "arrears").Select(i => i.GetProperty("period").GetString()).Order().ShouldBe(["2026-03", "2026-04"]);
        arrears.Single(i => i.GetProperty("period").GetString() == "2026-03").GetProperty("explanation").GetString()!.ShouldContain("原未发放");
        arrears.Single(i => i.GetProperty("type").GetString() == "regular").GetProperty("paidAmount").GetDecimal().ShouldBe(500m);

        // March was paid before the revocation took effect (conditions on the first day); April was not owed: one recovery,
        // and nothing left to withhold it from in May, so it stays open.
        var recovery = (await Items(finance, may, revoked)).ShouldHaveSingleItem();
        recovery.GetProperty("type").GetString().ShouldBe("recovery");
        recovery.GetProperty("period").GetString().ShouldBe("2026-04");
        recovery.GetProperty("amount").GetDecimal().ShouldBe(-500m);
        recovery.GetProperty("paidAmount").GetDecimal().ShouldBe(0m);
        recovery.GetProperty("explanation").GetString()!.ShouldContain("撤销");
        recovery.GetProperty("originalItemId").ValueKind.ShouldBe(JsonValueKind.Number);

        // March and April were paid and not owed; May is owed: it is withheld, and 500 stays open.
        var misdatedItems = await Items(finance, may, misdated);
        misdatedItems.Where(i => i.GetProperty("type").GetString() == "recovery").Sum(i => i.GetProperty("amount").GetDecimal()).ShouldBe(-1000m);
        var mayPayment = misdatedItems.Single(i => i.GetProperty("type").GetString() == "regular");
        mayPayment.GetProperty("amount").GetDecimal().ShouldBe(500m);
        mayPayment.GetProperty("paidAmount").GetDecimal().ShouldBe(0m);
        mayPayment.GetProperty("status").GetString().ShouldBe("none");

        await ApproveExportAndSettle(finance, checker, may);
        async Task<decimal> Open(long honoree) => await TestDb.Scalar<decimal>(_app.OwnerConnectionString, $"""
            SELECT {Laurel.Web.Data.Receivables.OpenSql} FROM payment_items i WHERE i.honoree_id = $1
            """, honoree);
        (await Open(revoked)).ShouldBe(500m);
        (await Open(misdated)).ShouldBe(500m);

        // June withholds the rest from the June payment; the receivable is then settled.
        var june = await CreateCycle(finance, unit, "2026-06");
        await Ok(await Act(finance, june, "compute"));
        var junePayment = (await Items(finance, june, misdated)).ShouldHaveSingleItem();
        junePayment.GetProperty("paidAmount").GetDecimal().ShouldBe(0m);
        (await Items(finance, june, revoked)).ShouldBeEmpty();
        await ApproveExportAndSettle(finance, checker, june);
        (await Open(misdated)).ShouldBe(0m);
        (await Open(revoked)).ShouldBe(500m);
        var check = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/ledger/check");
        check.GetProperty("problems").GetArrayLength().ShouldBe(0, check.ToString());
    }

    [Fact]
    public async Task Approval_within_budget_only_and_two_approvals_at_once_give_one()
    {
        var tieling = await _app.ApiAs("tieling");
        var finance = await _app.ApiAs("tieling-finance");
        var checker = await _app.ApiAs("tieling-checker");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        // A municipal model worker elected in July 2026 gets Tieling's one-time award of 6,000 in that month.
        var elected = await RetiredNationalModelWorker(tieling, unit: "银州区总工会", title: "municipal_model_worker", awardedOn: "2026-07-15");
        var cycle = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, cycle, "compute"));
        var award = (await Items(finance, cycle, elected)).ShouldHaveSingleItem();
        award.GetProperty("benefitCode").GetString().ShouldBe("election_award");
        award.GetProperty("amount").GetDecimal().ShouldBe(6000m);
        var total = (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}")).GetProperty("total").GetDecimal();

        (await finance.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = total - 0.01m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await Act(checker, cycle, "approve");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("专项经费剩余");
        (await tieling.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = 1000 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await finance.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = -1 })).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await finance.PutAsJsonAsync($"/api/v1/org-units/{unit}/budgets/2026", new { amount = total })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Two computes at once: served one after the other, the second replacing the first's items with the same ones.
        var items = await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle);
        var computes = await Task.WhenAll(Act(finance, cycle, "compute"), Act(finance, cycle, "compute"));
        computes.ShouldAllBe(c => c.StatusCode == HttpStatusCode.OK);
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBe(items);

        var answers = await Task.WhenAll(Act(checker, cycle, "approve"), Act(checker, cycle, "approve"), Act(checker, cycle, "approve"));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(2);
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM ledger_entries WHERE cycle_id = $1 AND kind = 'approval'", cycle)).ShouldBe(1L);

        // The award is paid once: the next month has nothing for it.
        var august = await CreateCycle(finance, unit, "2026-08");
        (await Ok(await Act(finance, august, "compute"))).GetProperty("status").GetString().ShouldBe("computed");
        (await Items(finance, august, elected)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_honoree_who_moves_away_is_paid_by_the_old_unit_for_the_months_it_managed_them_and_no_longer_after()
    {
        var nmg = await _app.ApiAs("nmg");
        var acftu = await _app.ApiAs("acftu");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var mover = await RetiredNationalModelWorker(nmg);
        var yinzhou = await TestData.UnitId(acftu, "银州区总工会");
        var moved = await acftu.PostAsJsonAsync($"/api/v1/honorees/{mover}/events", new { type = "org_unit_changed", effectiveOn = "2026-08-15", orgUnitId = yinzhou });
        moved.IsSuccessStatusCode.ShouldBeTrue(await moved.Content.ReadAsStringAsync());

        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        (await Items(finance, august, mover)).ShouldHaveSingleItem().GetProperty("amount").GetDecimal().ShouldBe(500m);
        await ApproveExportAndSettle(finance, checker, august);

        var september = await CreateCycle(finance, unit, "2026-09");
        await Ok(await Act(finance, september, "compute"));
        (await Items(finance, september, mover)).ShouldBeEmpty();
        var changes = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{september}/changes");
        var stop = changes.EnumerateArray().Single(c => c.GetProperty("honoreeId").GetInt64() == mover);
        stop.GetProperty("kind").GetString().ShouldBe("stopped");
        stop.GetProperty("before").GetDecimal().ShouldBe(500m);
    }

    [Fact]
    public async Task A_standard_line_raised_from_a_paid_month_pays_the_difference_as_arrears()
    {
        var tieling = await _app.ApiAs("tieling");
        var finance = await _app.ApiAs("tieling-finance");
        var checker = await _app.ApiAs("tieling-checker");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        var retiree = await RetiredNationalModelWorker(tieling, unit: "银州区总工会", title: "municipal_model_worker", pension: 2400m);
        const string line = "/api/v1/policy-packs/tieling-2026/parameters/pension_top_up.standard_line.enterprise/values";
        (await tieling.PostAsJsonAsync(line, new { effectiveFrom = "2026-06-19", value = 3000, reference = "铁人社发〔2026〕1号" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var july = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, july, "compute"));
        var paid = (await Items(finance, july, retiree)).ShouldHaveSingleItem();
        paid.GetProperty("benefitCode").GetString().ShouldBe("pension_top_up");
        paid.GetProperty("amount").GetDecimal().ShouldBe(600m);
        await ApproveExportAndSettle(finance, checker, july);

        // The line is raised to 3,200 from July, after July was paid.
        (await tieling.PostAsJsonAsync(line, new { effectiveFrom = "2026-07-01", value = 3200, reference = "铁人社发〔2026〕2号" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        var items = await Items(finance, august, retiree);
        items.Single(i => i.GetProperty("type").GetString() == "regular").GetProperty("amount").GetDecimal().ShouldBe(800m);
        var arrears = items.Single(i => i.GetProperty("type").GetString() == "arrears");
        arrears.GetProperty("period").GetString().ShouldBe("2026-07");
        arrears.GetProperty("amount").GetDecimal().ShouldBe(200m);
        arrears.GetProperty("originalItemId").GetInt64().ShouldBe(paid.GetProperty("id").GetInt64());
        arrears.GetProperty("explanation").GetString()!.ShouldContain("标准线 3200.00 元");
    }

    [Fact]
    public async Task Hardship_aid_approved_for_a_month_is_paid_by_that_months_cycle_once_and_never_recovered()
    {
        var nmg = await _app.ApiAs("nmg");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var honoree = await RetiredNationalModelWorker(nmg);
        const string reference = "新城区总工会困难补助审批表〔2026〕7号";
        var approval = new { packCode = "nmg-2026", benefitCode = "hardship_aid", month = "2026-07", amount = 3000, reference };
        (await nmg.PostAsJsonAsync($"/api/v1/honorees/{honoree}/approved-payments", approval)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await nmg.PostAsJsonAsync($"/api/v1/honorees/{honoree}/approved-payments", approval)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var notOnApplication = await nmg.PostAsJsonAsync($"/api/v1/honorees/{honoree}/approved-payments", approval with { benefitCode = "honorary_allowance" });
        notOnApplication.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await notOnApplication.Content.ReadAsStringAsync()).ShouldContain("benefitCode");
        (await (await _app.ApiAs("tieling")).PostAsJsonAsync($"/api/v1/honorees/{honoree}/approved-payments", approval with { month = "2026-08" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var entitlements = await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}/entitlements?month=2026-07");
        entitlements.GetProperty("entitlements").EnumerateArray().Single(e => e.GetProperty("benefitCode").GetString() == "hardship_aid")
            .GetProperty("amount").GetDecimal().ShouldBe(3000m);

        var july = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, july, "compute"));
        var aid = (await Items(finance, july, honoree)).Single(i => i.GetProperty("benefitCode").GetString() == "hardship_aid");
        aid.GetProperty("amount").GetDecimal().ShouldBe(3000m);
        aid.GetProperty("type").GetString().ShouldBe("regular");
        aid.GetProperty("explanation").GetString()!.ShouldContain(reference);
        await ApproveExportAndSettle(finance, checker, july);

        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        (await Items(finance, august, honoree)).ShouldHaveSingleItem().GetProperty("benefitCode").GetString().ShouldBe("honorary_allowance");
    }

    [Fact]
    public async Task On_the_record_a_manager_registers_an_approved_application_naming_the_field_on_error()
    {
        var honoree = await RetiredNationalModelWorker(await _app.ApiAs("nmg"));
        var browser = await _app.BrowserAs("nmg");
        var page = await browser.GetStringAsync($"/honorees/{honoree}?tab=payments");
        page.ShouldContain("id=\"approval-form\"");
        page.ShouldContain("nmg-2026|hardship_aid");
        page.ShouldNotContain("nmg-2026|honorary_allowance");
        async Task<HttpResponseMessage> Post(string month, string amount) =>
            await browser.PostAsync($"/honorees/{honoree}?handler=Approval", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Approval.Benefit"] = "nmg-2026|hardship_aid", ["Approval.Month"] = month, ["Approval.Amount"] = amount,
                ["Approval.Reference"] = "审批表〔2026〕9号", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
            }));
        var invalid = await Post("2026-13", "2000");
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await invalid.Content.ReadAsStringAsync();
        html.ShouldContain("data-error-for=\"month\">发放月份格式不正确");
        html.ShouldContain("value=\"2026-13\"");
        var saved = await Post("2026-09", "2000");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await browser.GetStringAsync(saved.Headers.Location!.ToString());
        shown.ShouldContain("审批已登记");
        shown.ShouldContain("审批表〔2026〕9号");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM approved_payments WHERE honoree_id = $1", honoree)).ShouldBe(1L);
    }

    [Fact]
    public async Task A_death_pays_the_condolence_set_locally_in_its_month_and_nothing_after()
    {
        var tieling = await _app.ApiAs("tieling");
        var finance = await _app.ApiAs("tieling-finance");
        var checker = await _app.ApiAs("tieling-checker");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        (await tieling.PostAsJsonAsync("/api/v1/policy-packs/tieling-2026/parameters/condolence_payment.amount/values",
            new { effectiveFrom = "2026-06-19", value = 2000, reference = "铁岭市总工会劳模慰问办法（铁工发〔2026〕3号）" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var honoree = await RetiredNationalModelWorker(tieling, unit: "银州区总工会", title: "municipal_model_worker");
        (await tieling.PostAsJsonAsync($"/api/v1/honorees/{honoree}/events", new { type = "died", effectiveOn = "2026-07-10" })).IsSuccessStatusCode.ShouldBeTrue();

        var july = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, july, "compute"));
        var condolence = (await Items(finance, july, honoree)).ShouldHaveSingleItem();
        condolence.GetProperty("benefitCode").GetString().ShouldBe("condolence_payment");
        condolence.GetProperty("amount").GetDecimal().ShouldBe(2000m);
        condolence.GetProperty("explanation").GetString()!.ShouldContain("2026-07-10 去世");
        await ApproveExportAndSettle(finance, checker, july);

        var august = await CreateCycle(finance, unit, "2026-08");
        await Ok(await Act(finance, august, "compute"));
        (await Items(finance, august, honoree)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_finance_staff_of_the_paying_unit_act_and_others_do_not_see_its_cycles()
    {
        var finance = await _app.ApiAs("nmg-finance");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var cycle = await CreateCycle(finance, unit, "2026-10");
        (await (await _app.ApiAs("tieling-finance")).GetAsync($"/api/v1/payment-cycles/{cycle}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Act(await _app.ApiAs("tieling-finance"), cycle, "compute")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Act(await _app.ApiAs("nmg"), cycle, "compute")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var auditor = await _app.ApiAs("auditor");
        (await auditor.GetAsync($"/api/v1/payment-cycles/{cycle}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Act(auditor, cycle, "compute")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month = "2026-13" });
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("月份");
        var rejected = await Act(await _app.ApiAs("nmg-checker"), cycle, "reject", new { comment = "" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await (await _app.ApiAs("tieling-finance")).GetFromJsonAsync<JsonElement>("/api/v1/payment-cycles")).EnumerateArray()
            .ShouldNotContain(c => c.GetProperty("id").GetInt64() == cycle);
    }

    [Fact]
    public async Task A_cycle_with_nothing_to_pay_is_not_approved_and_the_ledger_check_stays_clean()
    {
        // No shipped pack is paid by 呼和浩特市总工会 (Inner Mongolia's allowance is the region's federation's): its cycles are empty.
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var cycle = await CreateCycle(finance, await TestData.UnitId(finance, "呼和浩特市总工会"), "2026-01");
        (await Ok(await Act(finance, cycle, "compute"))).GetProperty("status").GetString().ShouldBe("computed");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBe(0L);

        var refused = await Act(checker, cycle, "approve");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("没有应发放或追回的款项，无需审批");
        (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{cycle}")).GetProperty("status").GetString().ShouldBe("computed");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM ledger_entries WHERE cycle_id = $1", cycle)).ShouldBe(0L);
        var check = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/ledger/check");
        check.GetProperty("problems").GetArrayLength().ShouldBe(0, check.ToString());

        // What the message says to do instead.
        (await finance.DeleteAsync($"/api/v1/payment-cycles/{cycle}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Setting_a_special_fund_outside_the_users_payment_scope_answers_404_as_every_other_lookup()
    {
        var nmgUnit = await TestData.UnitId(await _app.ApiAs("nmg-finance"), "内蒙古自治区总工会");
        var fund = new { amount = 1000 };
        // Another region's finance staff and a manager of the unit (no finance grant): as if the unit did not exist.
        (await (await _app.ApiAs("tieling-finance")).PutAsJsonAsync($"/api/v1/org-units/{nmgUnit}/budgets/2026", fund)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _app.ApiAs("nmg")).PutAsJsonAsync($"/api/v1/org-units/{nmgUnit}/budgets/2026", fund)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _app.ApiAs("nmg-finance")).PutAsJsonAsync("/api/v1/org-units/99999999/budgets/2026", fund)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // An auditor reads the unit's payments and may not fund it.
        var auditor = await (await _app.ApiAs("auditor")).PutAsJsonAsync($"/api/v1/org-units/{nmgUnit}/budgets/2026", fund);
        auditor.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.Content.ReadAsStringAsync()).ShouldContain("需要该单位的财务人员权限");
        (await TestDb.Scalar<decimal>(_app.OwnerConnectionString, "SELECT amount FROM payment_budgets WHERE org_unit_id = $1 AND year = 2026", nmgUnit))
            .ShouldBe(2_000_000m);
    }

    [Fact]
    public async Task The_database_refuses_a_second_regular_item_and_any_change_to_posted_ledger_entries()
    {
        var cycle = await ApprovedInnerMongoliaCycle(_app, "2026-01");
        var duplicate = Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(_app.OwnerConnectionString, """
            INSERT INTO payment_items (cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, period, type, amount, paid_amount, instruction_id, explanation, basis)
            SELECT cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, period, type, amount, paid_amount, instruction_id || 'X', explanation, basis
            FROM payment_items WHERE cycle_id = $1 LIMIT 1
            """, cycle));
        (await duplicate).SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        var update = Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(_app.AppConnectionString,
            "UPDATE ledger_lines SET debit = debit + 1 WHERE entry_id IN (SELECT id FROM ledger_entries WHERE cycle_id = $1)", cycle));
        (await update).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        var delete = Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(_app.OwnerConnectionString,
            "DELETE FROM ledger_entries WHERE cycle_id = $1", cycle));
        (await delete).MessageText.ShouldContain("只能追加");
    }
}
