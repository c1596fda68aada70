using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Payments;

/// <summary>A NUL or another control character anywhere in a bank result file answers 422 on the file, not 500.</summary>
public sealed class BankResultTextTests(LaurelApp app) : IClassFixture<LaurelApp>
{
    [Theory]
    [InlineData("LM0000\0" + "01,失败,账户已销户")]
    [InlineData("LM000001,失败,账户\0已销户")]
    [InlineData("LM000001,失败,账户\u202E已销户")]
    public async Task A_control_character_past_the_first_kilobytes_of_a_csv_result_file_answers_422_on_the_file(string badLine)
    {
        var finance = await app.ApiAs("tieling-finance");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        var month = $"2026-{8 + Interlocked.Increment(ref _month):D2}";
        // Elected in the month: Tieling's one-time award gives the cycle something to approve.
        await PaymentCycleTests.RetiredNationalModelWorker(await app.ApiAs("tieling"), unit: "银州区总工会", title: "municipal_model_worker", awardedOn: $"{month}-10");
        var id = await PaymentCycleTests.CreateCycle(finance, unit, month);
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(finance, id, "compute"));
        await PaymentCycleTests.Ok(await PaymentCycleTests.Act(await app.ApiAs("tieling-checker"), id, "approve"));
        (await finance.GetAsync($"/api/v1/payment-cycles/{id}/bank-file?format=csv")).EnsureSuccessStatusCode();

        // Past the 8 KB the reader sniffs for binary content: the NUL is inside a record, as a bank system might write it.
        var csv = new StringBuilder("指令号,结果,原因\r\n");
        for (var i = 0; csv.Length < 20_000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"XX{i:D8},成功,\r\n");
        }
        csv.Append(badLine).Append("\r\n");
        var response = await PaymentCycleTests.Upload(finance, id, csv.ToString());

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.GetProperty("file").EnumerateArray().Select(m => m.GetString()).ShouldContain(m => m!.Contains("不允许的控制字符"));
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT status FROM payment_cycles WHERE id = $1", id)).ShouldBe("exported");
    }

    private static int _month;
}
