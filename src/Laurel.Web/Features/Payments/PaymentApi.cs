using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Payments;

public static class PaymentSetup
{
    /// <summary>The largest bank result file accepted (the reader refuses more than this as well).</summary>
    public const long MaxResultFile = BankResultFile.MaxBytes;

    public static IServiceCollection AddPayments(this IServiceCollection services) => services
        .AddSingleton<Hosting.CrashPoints>().AddScoped<PaymentAccess>().AddScoped<PaymentCycleCommands>().AddScoped<PaymentCycleQueries>().AddScoped<BankCommands>().AddScoped<ApprovedPayments>()
        .AddScoped<HonoreePayments>();

    public static void MapPaymentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/payment-cycles", async (long? orgUnitId, PaymentCycleQueries queries) => Results.Ok(await queries.ListAsync(orgUnitId)));
        api.MapPost("/payment-cycles", async (CycleInput input, PaymentCycleCommands commands) =>
            (await commands.CreateAsync(input)).ToApi(c => Results.Created($"/api/v1/payment-cycles/{c.Id}", c)));
        api.MapGet("/payment-cycles/{id:long}", async (long id, PaymentCycleQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/items", async (long id, int? page, int? pageSize, string? type, long? honoreeId, PaymentCycleQueries queries) =>
            (await queries.ItemsAsync(id, page, pageSize, type, honoreeId)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/changes", async (long id, PaymentCycleQueries queries) =>
            (await queries.ChangesFromPreviousMonthAsync(id)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/compute", async (long id, PaymentCycleCommands commands, CancellationToken ct) =>
            (await commands.ComputeAsync(id, ct)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/approve", async (long id, PaymentCycleCommands commands, CancellationToken ct) =>
            (await commands.ApproveAsync(id, ct)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/reject", async (long id, CommentInput input, PaymentCycleCommands commands, CancellationToken ct) =>
            (await commands.RejectAsync(id, input, ct)).ToApi(Results.Ok));
        api.MapDelete("/payment-cycles/{id:long}", async (long id, PaymentCycleCommands commands, CancellationToken ct) =>
            (await commands.DeleteAsync(id, ct)).ToApi(_ => Results.NoContent()));
        api.MapPost("/payment-cycles/{id:long}/close", async (long id, PaymentCycleCommands commands, CancellationToken ct) =>
            (await commands.CloseAsync(id, ct)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/bank-file", async (long id, string? format, BankCommands commands, CancellationToken ct) =>
            (await commands.ExportAsync(id, format, ct)).ToApi(f => Results.File(f.Content, f.ContentType, f.FileName)));
        api.MapPost("/payment-cycles/{id:long}/bank-results", async (long id, IFormFile? file, BankCommands commands, CancellationToken ct) =>
            {
                if (file is null)
                {
                    return Outcome<ReconciliationView>.Invalid("file", "请上传银行回单文件（xlsx 或 csv）").ToApi(Results.Ok);
                }
                await using var content = file.OpenReadStream();
                return (await commands.ReconcileAsync(id, file.FileName, content, ct)).ToApi(Results.Ok);
            })
            // Bank result files are larger than the 1 MB every other request is held to; an API call with a bearer
            // token needs no antiforgery token.
            .WithMetadata(new RequestSizeLimitAttribute(MaxResultFile), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxResultFile })
            .DisableAntiforgery();
        api.MapPost("/honorees/{id:long}/approved-payments", async (long id, ApprovedPaymentInput input, ApprovedPayments approvals) =>
            (await approvals.RecordAsync(id, input)).ToApi(v => Results.Created($"/api/v1/honorees/{id}/approved-payments", v)));
        api.MapGet("/honorees/{id:long}/approved-payments", async (long id, ApprovedPayments approvals) =>
            (await approvals.ForHonoreeAsync(id)).ToApi(Results.Ok));
        api.MapPut("/org-units/{id:long}/budgets/{year:int}", async (long id, int year, BudgetInput input, PaymentCycleCommands commands) =>
            (await commands.SetBudgetAsync(id, year, input)).ToApi(Results.Ok));
        api.MapGet("/honorees/{id:long}/payments", async (long id, HonoreePayments payments) =>
            (await payments.ForHonoreeAsync(id)).ToApi(Results.Ok));
        api.MapGet("/ledger/check", async (PaymentAccess access, Npgsql.NpgsqlDataSource dataSource) =>
            (await access.ReadRootsAsync()).Count == 0
                ? Results.Problem(statusCode: 403, title: "没有权限", detail: "台账核对仅限财务人员和审计员")
                : Results.Ok(await LedgerCheck.RunAsync(dataSource)));
    }
}
