using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// A payment cycle not yet approved can be deleted by finance staff, audited, so that a mistaken month never blocks its
/// unit; an approved one cannot. Its own database: approving a cycle changes what later cycles of the unit may do.
/// Months: each test keeps to its own, and none leaves a draft or computed cycle behind when it passes.
/// </summary>
public sealed class CycleDeletionTests(LaurelApp app) : IClassFixture<LaurelApp>
{
    private async Task<(HttpClient Finance, long Unit)> Tieling()
    {
        var finance = await app.ApiAs("tieling-finance");
        return (finance, await TestData.UnitId(finance, "铁岭市总工会"));
    }

    private async Task<long> AuditEntries(long cycle) =>
        (await (await app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit-entries?entityType=payment_cycle&entityId={cycle}&action=delete")).GetProperty("total").GetInt64();

    [Fact]
    public async Task A_draft_cycle_is_deleted_with_204_and_audited_and_its_month_can_be_created_again()
    {
        var (finance, unit) = await Tieling();
        var id = await PaymentCycleTests.CreateCycle(finance, unit, "2026-06");

        (await finance.DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await finance.GetAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditEntries(id)).ShouldBe(1);
        var again = await PaymentCycleTests.CreateCycle(finance, unit, "2026-06");
        (await finance.DeleteAsync($"/api/v1/payment-cycles/{again}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_computed_cycle_is_deleted_with_its_items()
    {
        // Inner Mongolia pays its retired national model workers every month: a computed cycle there has items.
        var finance = await app.ApiAs("nmg-finance");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var id = await PaymentCycleTests.CreateCycle(finance, unit, "2026-05");
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(finance, id, "compute"));
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1", id)).ShouldBeGreaterThan(0);

        (await finance.DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM payment_items WHERE cycle_id = $1", id)).ShouldBe(0);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM payment_cycles WHERE id = $1", id)).ShouldBe(0);
    }

    [Fact]
    public async Task An_approved_cycle_cannot_be_deleted_and_the_refusal_says_why_in_Chinese()
    {
        // Inner Mongolia's cycle has items to approve (a cycle with nothing to pay is not approved).
        var finance = await app.ApiAs("nmg-finance");
        var id = await PaymentCycleTests.CreateCycle(finance, await TestData.UnitId(finance, "内蒙古自治区总工会"), "2026-01");
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(finance, id, "compute"));
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(await app.ApiAs("nmg-checker"), id, "approve"));

        var refused = await finance.DeleteAsync($"/api/v1/payment-cycles/{id}");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe("批次当前状态为“已审批”，不能删除");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM payment_cycles WHERE id = $1", id)).ShouldBe(1);
        var page = await (await app.BrowserAs("nmg-finance")).GetStringAsync($"/payments/{id}");
        page.ShouldNotContain("data-testid=\"delete\"");
    }

    [Fact]
    public async Task Deleting_needs_finance_staff_of_the_unit()
    {
        var (finance, unit) = await Tieling();
        var id = await PaymentCycleTests.CreateCycle(finance, unit, "2026-08");
        (await (await app.ApiAs("nmg-finance")).DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ApiAs("tieling")).DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await finance.DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task The_cycle_page_asks_for_a_confirmation_before_deleting_a_draft_and_then_deletes_it()
    {
        var (finance, unit) = await Tieling();
        var id = await PaymentCycleTests.CreateCycle(finance, unit, "2026-07");
        var browser = await app.BrowserAs("tieling-finance");
        var path = $"/payments/{id}";
        var page = await browser.GetStringAsync(path);
        page.ShouldContain("data-testid=\"delete\"");

        var asked = await browser.PostAsync($"{path}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var confirmation = await asked.Content.ReadAsStringAsync();
        confirmation.ShouldContain("data-testid=\"delete-confirmation\"");
        (await finance.GetAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deleted = await browser.PostAsync($"{path}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(confirmation), ["confirmed"] = "true",
        }));
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/payments");
        (await browser.GetStringAsync("/payments")).ShouldContain("发放批次已删除");
        (await finance.GetAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
