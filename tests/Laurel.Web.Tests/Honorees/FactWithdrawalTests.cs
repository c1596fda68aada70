using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Laurel.Web.Tests.Payments;
using Npgsql;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Honorees;

/// <summary>
/// A dated fact entered in error is withdrawn (ADR 17): the row stays with who, when and why, the withdrawal is audited,
/// and every computation ignores the fact from then on, so the next payment cycle corrects the months already paid.
/// </summary>
public sealed class FactWithdrawalTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private static async Task<long> Record(HttpClient client, long honoree, object fact)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/honorees/{honoree}/events", fact);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> Withdraw(HttpClient client, long honoree, long fact, string? reason) =>
        client.PostAsJsonAsync($"/api/v1/honorees/{honoree}/facts/{fact}/withdraw", new { reason });

    private Task<long> WithdrawalAudits(long honoree) => TestDb.Scalar<long>(_app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = 'honoree_fact' AND entity_id = $1 AND summary LIKE '撤回%'", honoree.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_wrong_death_withdrawn_after_a_paid_cycle_is_paid_as_arrears_by_the_next_cycle()
    {
        var nmg = await _app.ApiAs("nmg");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var neighbour = await RetiredNationalModelWorker(nmg);
        var alive = await RetiredNationalModelWorker(nmg);
        var death = await Record(nmg, alive, new { type = "died", effectiveOn = "2026-02-20" });

        var march = await CreateCycle(finance, unit, "2026-03");
        await Ok(await Act(finance, march, "compute"));
        (await Items(finance, march, alive)).ShouldBeEmpty();
        (await Items(finance, march, neighbour)).ShouldHaveSingleItem().GetProperty("amount").GetDecimal().ShouldBe(500m);
        await ApproveExportAndSettle(finance, checker, march);

        // The death was entered on the wrong record: withdrawn, and April pays April and March's arrears.
        (await Withdraw(nmg, alive, death, "误登记：去世的是同名的另一人")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var april = await CreateCycle(finance, unit, "2026-04");
        await Ok(await Act(finance, april, "compute"));
        var items = await Items(finance, april, alive);
        items.Single(i => i.GetProperty("type").GetString() == "regular").GetProperty("amount").GetDecimal().ShouldBe(500m);
        var arrears = items.Single(i => i.GetProperty("type").GetString() == "arrears");
        arrears.GetProperty("period").GetString().ShouldBe("2026-03");
        arrears.GetProperty("amount").GetDecimal().ShouldBe(500m);
        // What March was computed from stays as it was: the approved items keep the facts they used.
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString,
            "SELECT EXISTS (SELECT 1 FROM payment_items WHERE cycle_id = $1 AND honoree_id = $2)", march, alive)).ShouldBeFalse();
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString,
            "SELECT NOT (basis::text LIKE '%death%') FROM payment_items WHERE cycle_id = $1 AND honoree_id = $2 LIMIT 1", april, alive)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_withdrawn_fact_stays_on_the_timeline_with_when_and_why_is_audited_and_no_longer_counts()
    {
        var nmg = await _app.ApiAs("nmg");
        var honoree = await RetiredNationalModelWorker(nmg);
        var death = await Record(nmg, honoree, new { type = "died", effectiveOn = "2026-05-03" });
        (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("diedOn").GetString().ShouldBe("2026-05-03");
        (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}/entitlements?month=2026-07"))
            .GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("benefitCode").GetString()).ShouldNotContain("honorary_allowance");

        (await Withdraw(nmg, honoree, death, "登记在错误的档案上")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var record = await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}");
        record.GetProperty("diedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        record.GetProperty("facts").GetProperty("diedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        var row = record.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == death);
        row.GetProperty("withdrawnAt").ValueKind.ShouldBe(JsonValueKind.String);
        row.GetProperty("withdrawalReason").GetString().ShouldBe("登记在错误的档案上");
        (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}/entitlements?month=2026-07"))
            .GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("benefitCode").GetString()).ShouldContain("honorary_allowance");
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString,
            "SELECT withdrawn_by = (SELECT id FROM users WHERE user_name = 'nmg') FROM honoree_facts WHERE id = $1", death)).ShouldBeTrue();
        (await WithdrawalAudits(honoree)).ShouldBe(1);
        (await Withdraw(nmg, honoree, death, "再撤一次")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var page = await (await _app.BrowserAs("nmg")).GetStringAsync($"/honorees/{honoree}?tab=timeline");
        page.ShouldContain("已撤回");
        page.ShouldContain("登记在错误的档案上");
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_write_access_and_keeps_the_last_hukou()
    {
        var nmg = await _app.ApiAs("nmg");
        var honoree = await RetiredNationalModelWorker(nmg);
        var death = await Record(nmg, honoree, new { type = "died", effectiveOn = "2026-05-03" });

        var missing = await Withdraw(nmg, honoree, death, "  ");
        missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("撤回原因");
        (await Withdraw(await _app.ApiAs("tieling"), honoree, death, "不在我的范围")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Withdraw(nmg, honoree, 999_999_999, "没有这条")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString, "SELECT withdrawn_at IS NULL FROM honoree_facts WHERE id = $1", death)).ShouldBeTrue();
        (await WithdrawalAudits(honoree)).ShouldBe(0);

        var hukou = await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT id FROM honoree_facts WHERE honoree_id = $1 AND kind = 'hukou'", honoree);
        var last = await Withdraw(nmg, honoree, hukou, "试图撤回唯一的户籍");
        last.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await last.Content.ReadAsStringAsync()).ShouldContain("唯一的户籍记录");
    }

    [Fact]
    public async Task Someone_who_may_only_read_the_record_cannot_withdraw_its_facts()
    {
        var chaoyang = await _app.ApiAs("chaoyang");
        var honoree = (await TestData.CreateHonoree(chaoyang, "朝阳区总工会", TestData.UniqueName("审"))).GetProperty("id").GetInt64();
        var death = await Record(chaoyang, honoree, new { type = "died", effectiveOn = "2026-05-03" });
        (await Withdraw(await _app.ApiAs("chaoyang-viewer"), honoree, death, "只读用户")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString, "SELECT withdrawn_at IS NULL FROM honoree_facts WHERE id = $1", death)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_database_lets_a_fact_change_only_by_being_withdrawn_once()
    {
        var nmg = await _app.ApiAs("nmg");
        var honoree = await RetiredNationalModelWorker(nmg);
        var death = await Record(nmg, honoree, new { type = "died", effectiveOn = "2026-05-03" });
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<int>(_app.OwnerConnectionString,
            "UPDATE honoree_facts SET effective_on = '2026-05-04' WHERE id = $1 RETURNING 1", death));
        (await Withdraw(nmg, honoree, death, "误登记")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<int>(_app.OwnerConnectionString,
            "UPDATE honoree_facts SET withdrawn_at = NULL, withdrawal_reason = NULL WHERE id = $1 RETURNING 1", death));
    }
}
