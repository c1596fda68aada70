using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;
using static Laurel.Web.Tests.Policies.ParameterValueTests;

namespace Laurel.Web.Tests.Policies;

/// <summary>
/// A policy administrator withdraws a parameter value entered in error (ADR 17) as long as no approved cycle computed
/// with it: the row stays, shown as 已撤回, audited, and evaluations ignore it.
/// </summary>
public sealed class ParameterWithdrawalTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private const string Line = "/api/v1/policy-packs/tieling-2026/parameters/pension_top_up.standard_line.enterprise/values";

    private static async Task<long> Add(HttpClient client, string effectiveFrom, decimal value, string reference)
    {
        var added = await client.PostAsJsonAsync(Line, new { effectiveFrom, value, reference });
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> Withdraw(HttpClient client, long id, string? reason) =>
        client.PostAsJsonAsync($"{Line}/{id}/withdraw", new { reason });

    private Task<long> WithdrawalAudits() => TestDb.Scalar<long>(_app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = 'policy_parameter_value' AND summary LIKE '撤回%' AND user_name = 'tieling'");

    [Fact]
    public async Task A_value_no_approved_cycle_used_is_withdrawn_audited_shown_as_withdrawn_and_ignored_by_the_engine()
    {
        var tieling = await _app.ApiAs("tieling");
        var junk = await Add(tieling, "2026-09-01", 3500, "测试录入，误存");
        (await TopUp(tieling, "2026-09"))!.Value.GetProperty("amount").GetDecimal().ShouldBe(1100m);

        (await Withdraw(tieling, junk, "测试数据，误存")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TopUp(tieling, "2026-09"))!.Value.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
        var pack = await tieling.GetFromJsonAsync<JsonElement>("/api/v1/policy-packs/tieling-2026");
        pack.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pension_top_up.standard_line.enterprise")
            .GetProperty("values").GetArrayLength().ShouldBe(0);
        (await TestDb.Scalar<string>(_app.OwnerConnectionString, "SELECT withdrawal_reason FROM policy_parameter_values WHERE id = $1", junk))
            .ShouldBe("测试数据，误存");
        (await WithdrawalAudits()).ShouldBe(1);
        var page = await (await _app.BrowserAs("tieling")).GetStringAsync("/policies/tieling-2026");
        page.ShouldContain("已撤回");
        page.ShouldContain("测试数据，误存");
        (await Withdraw(tieling, junk, "再撤一次")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // The date is free again for the corrected value.
        await Add(tieling, "2026-09-01", 3000, "铁人社发〔2026〕1号");
        (await TopUp(tieling, "2026-09"))!.Value.GetProperty("amount").GetDecimal().ShouldBe(600m);
    }

    [Fact]
    public async Task A_value_an_approved_cycle_computed_with_cannot_be_withdrawn_and_the_message_says_why()
    {
        var tieling = await _app.ApiAs("tieling");
        var finance = await _app.ApiAs("tieling-finance");
        var checker = await _app.ApiAs("tieling-checker");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        var retiree = await RetiredNationalModelWorker(tieling, unit: "银州区总工会", title: "municipal_model_worker", pension: 2400m);
        var used = await Add(tieling, "2026-06-19", 3000, "铁人社发〔2026〕1号");
        var later = await Add(tieling, "2026-10-01", 3300, "铁人社发〔2026〕5号");

        var july = await CreateCycle(finance, unit, "2026-07");
        await Ok(await Act(finance, july, "compute"));
        (await Items(finance, july, retiree)).ShouldHaveSingleItem().GetProperty("amount").GetDecimal().ShouldBe(600m);
        // Computed but not approved: nothing was paid with it yet, so it could still go; approved, it stays.
        await ApproveExportAndSettle(finance, checker, july);

        var refused = await Withdraw(tieling, used, "想改成 3100");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var message = await refused.Content.ReadAsStringAsync();
        message.ShouldContain("已审批的发放批次");
        message.ShouldContain("铁岭市总工会 2026年7月");
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString, "SELECT withdrawn_at IS NULL FROM policy_parameter_values WHERE id = $1", used)).ShouldBeTrue();
        // A value for months after the approved cycle was not used by it.
        (await Withdraw(tieling, later, "标准尚未发文")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Withdrawing_a_value_needs_a_reason_and_the_packs_administrator()
    {
        var tieling = await _app.ApiAs("tieling");
        var value = await Add(tieling, "2026-08-01", 3000, "铁人社发〔2026〕1号");
        var missing = await Withdraw(tieling, value, "");
        missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("撤回原因");
        (await Withdraw(await _app.ApiAs("nmg"), value, "别的地区")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Withdraw(await _app.ApiAs("chaoyang"), value, "普通经办人")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tieling.PostAsJsonAsync($"/api/v1/policy-packs/tieling-2026/parameters/condolence_payment.amount/values/{value}/withdraw", new { reason = "参数不符" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TestDb.Scalar<bool>(_app.OwnerConnectionString, "SELECT withdrawn_at IS NULL FROM policy_parameter_values WHERE id = $1", value)).ShouldBeTrue();
        (await WithdrawalAudits()).ShouldBe(0);
    }
}
