using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Laurel.Web.Tests.Payments;
using static Laurel.Web.Tests.Nominations.Decision.DecisionSetupHelper;

namespace Laurel.Web.Tests.Nominations.Decision;

/// <summary>
/// The demo's finished 2026 铁岭市 campaign (issue 12 §7): its decision created the honours, so Tieling's payment cycle of
/// the decision's month carries each one's election award once. An app of its own, so no other test's Tieling cycle
/// of this month is in the way.
/// </summary>
public sealed class DemoTielingCycleTests(LaurelApp app) : IClassFixture<LaurelApp>
{
    [Fact]
    public async Task The_tieling_demo_decision_puts_each_municipal_model_workers_6000_election_award_once_in_the_cycle_of_its_month()
    {
        var selection = await app.ApiAs("tieling-selection");
        var campaigns = await selection.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?year=2026&pageSize=200");
        var campaign = campaigns.GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("titleCode").GetString() == "municipal_model_worker" && c.GetProperty("status").GetString() == "decided")
            .GetProperty("id").GetInt64();
        var decision = await Json(await selection.GetAsync($"/api/v1/campaigns/{campaign}/decision"), HttpStatusCode.OK);
        var decidedOn = DateOnly.Parse(decision.GetProperty("decidedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        decidedOn.ShouldBeLessThanOrEqualTo(Today);
        var honorees = decision.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("honoreeId").GetInt64()).ToList();
        honorees.Count.ShouldBe(4);
        // Every step was taken: recommendation, three notices with their close-outs, the decision.
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM candidate_steps s JOIN candidates k ON k.id = s.candidate_id WHERE k.campaign_id = $1", campaign)).ShouldBe(4 * 7L);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM notices WHERE campaign_id = $1 AND closed_at IS NOT NULL AND snapshot_sha256 = sha256(convert_to(snapshot, 'UTF8'))", campaign))
            .ShouldBe(4);

        var finance = await app.ApiAs("tieling-finance");
        var cycle = await PaymentCycleTests.CreateCycle(finance, await TestData.UnitId(finance, "铁岭市总工会"), decidedOn.ToString("yyyy-MM"));
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(finance, cycle, "compute"));
        foreach (var honoree in honorees)
        {
            var award = (await PaymentCycleTests.Items(finance, cycle, honoree)).ShouldHaveSingleItem();
            award.GetProperty("benefitCode").GetString().ShouldBe("election_award");
            award.GetProperty("amount").GetDecimal().ShouldBe(6000m);
        }
        // Computed again, the cycle still carries each award once.
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(finance, cycle, "compute"));
        foreach (var honoree in honorees)
        {
            (await PaymentCycleTests.Items(finance, cycle, honoree)).Count(i => i.GetProperty("benefitCode").GetString() == "election_award").ShouldBe(1);
        }

        var page = await (await app.BrowserAs("tieling-selection")).GetStringAsync($"/nominations/campaigns/{campaign}");
        page.ShouldContain("铁委发〔2026〕18号");
        page.ShouldContain($"/honorees/{honorees[0]}?tab=honours");
    }
}
