using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Revocations;

/// <summary>
/// A revocation decided months after the date it takes effect, end to end: the allowance paid in approved cycles after
/// that date is recovered by the next cycle, which pays no allowance any more. On a database of its own, since it
/// approves Inner Mongolia's cycles for months that other tests also use.
/// </summary>
public sealed class RevocationRecoveryTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task A_revocation_decided_with_a_past_effective_date_makes_the_next_cycle_recover_the_allowance_paid_after_it_and_pay_none()
    {
        var nmg = await _app.ApiAs("nmg");
        var finance = await _app.ApiAs("nmg-finance");
        var checker = await _app.ApiAs("nmg-checker");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var honoree = await RetiredNationalModelWorker(nmg, title: "provincial_model_worker", awardedOn: "2015-04-28");
        var kept = await RetiredNationalModelWorker(nmg, title: "provincial_model_worker", awardedOn: "2015-04-28");
        var monthly = new List<decimal>();
        foreach (var month in new[] { "2026-06", "2026-07", "2026-08" })
        {
            var paid = await CreateCycle(finance, unit, month);
            await Ok(await Act(finance, paid, "compute"));
            monthly.Add((await Items(finance, paid, honoree)).ShouldHaveSingleItem().GetProperty("amount").GetDecimal());
            await ApproveExportAndSettle(finance, checker, paid);
        }

        // Decided in the procedure: proposed by the manager, decided by the selection admin, effective 2026-06-15.
        var honour = (await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoree}")).GetProperty("honours")[0].GetProperty("id").GetInt64();
        var caseId = await TestData.Revoke(nmg, await _app.ApiAs("nmg-selection"), honour, "2026-06-15");
        var decided = await nmg.GetFromJsonAsync<JsonElement>($"/api/v1/revocations/{caseId}");
        decided.GetProperty("status").GetString().ShouldBe("decided");
        decided.GetProperty("effectiveOn").GetString().ShouldBe("2026-06-15");

        // June was owed (the conditions of its first day); July and August were paid and are not: two recoveries, and no
        // allowance for September. The other honoree is paid as before.
        var september = await CreateCycle(finance, unit, "2026-09");
        await Ok(await Act(finance, september, "compute"));
        var items = await Items(finance, september, honoree);
        items.ShouldAllBe(i => i.GetProperty("type").GetString() == "recovery");
        items.Select(i => (i.GetProperty("period").GetString(), i.GetProperty("amount").GetDecimal())).OrderBy(i => i.Item1)
            .ShouldBe([("2026-07", -monthly[1]), ("2026-08", -monthly[2])]);
        monthly.ShouldAllBe(m => m > 0);
        items.ShouldAllBe(i => i.GetProperty("explanation").GetString()!.Contains("撤销"));
        (await Items(finance, september, kept)).ShouldHaveSingleItem().GetProperty("type").GetString().ShouldBe("regular");
    }
}
