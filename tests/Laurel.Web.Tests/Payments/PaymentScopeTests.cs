using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// Finance staff see the ledger of their own paying units only, and a bank result upload is checked against the cycle
/// before a byte of it is read. Two approved cycles, 内蒙古's (exported) and 铁岭's, in a database of their own.
/// </summary>
public sealed class PaymentScopeTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();
    private long _nmgCycle, _tielingCycle;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        // 铁岭's pack pays from 2026-06-19; an award in July gives its cycle something to pay.
        await RetiredNationalModelWorker(await _app.ApiAs("tieling"), unit: "银州区总工会", title: "municipal_model_worker", awardedOn: "2026-07-15");
        foreach (var (prefix, unit) in new[] { ("nmg", "内蒙古自治区总工会"), ("tieling", "铁岭市总工会") })
        {
            var finance = await _app.ApiAs(prefix + "-finance");
            var cycle = await CreateCycle(finance, await TestData.UnitId(finance, unit), "2026-07");
            await Ok(await Act(finance, cycle, "compute"));
            await Ok(await Act(await _app.ApiAs(prefix + "-checker"), cycle, "approve"));
            if (prefix == "nmg")
            {
                (await finance.GetAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv")).StatusCode.ShouldBe(HttpStatusCode.OK);
                _nmgCycle = cycle;
            }
            else
            {
                _tielingCycle = cycle;
            }
        }
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private static async Task<JsonElement> LedgerCheck(HttpClient client) => await Ok(await client.GetAsync("/api/v1/ledger/check"));

    private static async Task<HttpResponseMessage> UploadBytes(HttpClient client, long cycle, byte[] content, string fileName = "回单.csv")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        // As curl does for a large body: the server may answer before the body is sent (a 404 or a 413 reads none of it).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payment-cycles/{cycle}/bank-results") { Content = form };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_ledger_check_of_finance_staff_and_of_a_citys_auditor_covers_only_their_paying_units_cycles()
    {
        var nmg = await LedgerCheck(await _app.ApiAs("nmg-finance"));
        nmg.GetProperty("cycles").GetInt32().ShouldBe(1);
        nmg.GetProperty("entries").GetInt32().ShouldBe(1);
        (await LedgerCheck(await _app.ApiAs("tieling-finance"))).GetProperty("cycles").GetInt32().ShouldBe(1);
        var cityAuditor = await _app.ApiAs(await TestUsers.Create(_app, "铁岭市总工会", ("auditor", "铁岭市总工会")));
        (await LedgerCheck(cityAuditor)).GetProperty("cycles").GetInt32().ShouldBe(1);
        (await (await _app.ApiAs("nmg")).GetAsync("/api/v1/ledger/check")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_auditor_at_the_root_checks_the_whole_ledger()
    {
        var all = await LedgerCheck(await _app.ApiAs("auditor"));
        all.GetProperty("cycles").GetInt32().ShouldBe(2);
        all.GetProperty("entries").GetInt32().ShouldBe(2);
        all.GetProperty("ok").GetBoolean().ShouldBeTrue(all.ToString());
        var page = await (await _app.BrowserAs("auditor")).GetStringAsync("/payments/ledger");
        page.ShouldContain("<span data-testid=\"cycles\">2</span>");
        page.ShouldContain("全部发放单位");
    }

    [Fact]
    public async Task The_ledger_page_of_finance_staff_counts_only_their_paying_units_cycles()
    {
        var page = await (await _app.BrowserAs("tieling-finance")).GetStringAsync("/payments/ledger");
        page.ShouldContain("<span data-testid=\"cycles\">1</span>");
        page.ShouldContain("授权单位及其下级");
    }

    [Fact]
    public async Task A_result_upload_to_a_missing_cycle_or_one_out_of_scope_answers_404_without_the_file_being_read()
    {
        var malformed = Encoding.UTF8.GetBytes("这不是银行回单\r\n");
        var nmg = await _app.ApiAs("nmg-finance");
        (await UploadBytes(nmg, 987654321, malformed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UploadBytes(await _app.ApiAs("tieling-finance"), _nmgCycle, malformed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UploadBytes(nmg, _tielingCycle, malformed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // In scope, the same file is read and refused by line.
        (await UploadBytes(nmg, _nmgCycle, malformed)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_result_upload_over_20_mb_answers_413_problem_details_in_chinese()
    {
        var response = await UploadBytes(await _app.ApiAs("nmg-finance"), _nmgCycle, new byte[21 * 1024 * 1024]);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(413);
        problem.GetProperty("detail").GetString()!.ShouldContain("不能超过 20 MB");
        (await TestDb.Scalar<string>(_app.OwnerConnectionString, "SELECT status FROM payment_cycles WHERE id = $1", _nmgCycle)).ShouldBe("exported");
    }
}
