using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Payments;

public static class PaymentSetup
{
    /// <summary>The largest bank result upload accepted: the file (the reader refuses more) and its multipart framing.</summary>
    public const long MaxResultRequest = BankResultFile.MaxRequestBytes;

    public static IServiceCollection AddPayments(this IServiceCollection services) => services
        .AddSingleton<Hosting.CrashPoints>().AddScoped<PaymentAccess>().AddPaymentCycleActions().AddScoped<PaymentCycleQueries>().AddScoped<BankCommands>().AddScoped<ApprovedPayments>()
        .AddScoped<HonoreePayments>().AddScoped<ScopedLedgerCheck>()
        // The compute's hot path run once at start, in the background (ADR 9).
        .AddHostedService<ComputeWarmUp>();

    public static void MapPaymentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/payment-cycles", async (long? orgUnitId, PaymentCycleQueries queries) => Results.Ok(await queries.ListAsync(orgUnitId)));
        api.MapPost("/payment-cycles", async (CycleInput input, CreateCycle create) =>
            (await create.CreateAsync(input)).ToApi(c => Results.Created($"/api/v1/payment-cycles/{c.Id}", c)));
        api.MapGet("/payment-cycles/{id:long}", async (long id, PaymentCycleQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/items", async (long id, int? page, int? pageSize, string? type, long? honoreeId, string? q, string? status,
                PaymentCycleQueries queries) =>
            (await queries.ItemsAsync(id, page, pageSize, type, honoreeId, q, status)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/changes", async (long id, PaymentCycleQueries queries) =>
            (await queries.ChangesFromPreviousMonthAsync(id)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/compute", async (long id, ComputeCycle compute, CancellationToken ct) =>
            (await compute.ComputeAsync(id, ct)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/approve", async (long id, ApproveCycle approve, CancellationToken ct) =>
            (await approve.ApproveAsync(id, ct)).ToApi(Results.Ok));
        api.MapPost("/payment-cycles/{id:long}/reject", async (long id, CommentInput input, RejectCycle reject, CancellationToken ct) =>
            (await reject.RejectAsync(id, input, ct)).ToApi(Results.Ok));
        api.MapDelete("/payment-cycles/{id:long}", async (long id, DeleteCycle delete, CancellationToken ct) =>
            (await delete.DeleteAsync(id, ct)).ToApi(_ => Results.NoContent()));
        api.MapPost("/payment-cycles/{id:long}/close", async (long id, CloseCycle close, CancellationToken ct) =>
            (await close.CloseAsync(id, ct)).ToApi(Results.Ok));
        api.MapGet("/payment-cycles/{id:long}/bank-file", async (long id, string? format, BankCommands commands, CancellationToken ct) =>
            (await commands.ExportAsync(id, format, ct)).ToApi(f => Results.File(f.Content, f.ContentType, f.FileName)))
            .WithMetadata(new ChangesDataAttribute());
        api.MapPost("/payment-cycles/{id:long}/bank-results", async (long id, HttpRequest request, BankCommands commands, CancellationToken ct) =>
            {
                try
                {
                    return (await commands.ReconcileAsync(id, token => ReadUploadAsync(request, token), ct)).ToApi(Results.Ok);
                }
                catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
                {
                    return Results.Problem(statusCode: 413, title: "文件过大",
                        detail: $"银行回单文件不能超过 {BankResultFile.MaxBytes / 1024 / 1024} MB（xlsx 解压后不超过 {BankResultFile.MaxUnpackedBytes / 1024 / 1024} MB），请分批导入。");
                }
            })
            // Bank result files are larger than the 1 MB every other request is held to; an API call with a bearer
            // token needs no antiforgery token. The form is read by the handler, after the access checks, not bound.
            .WithMetadata(new RequestSizeLimitAttribute(MaxResultRequest), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxResultRequest })
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();
        api.MapPost("/honorees/{id:long}/approved-payments", async (long id, ApprovedPaymentInput input, ApprovedPayments approvals) =>
            (await approvals.RecordAsync(id, input)).ToApi(v => Results.Created($"/api/v1/honorees/{id}/approved-payments", v)));
        api.MapGet("/honorees/{id:long}/approved-payments", async (long id, ApprovedPayments approvals) =>
            (await approvals.ForHonoreeAsync(id)).ToApi(Results.Ok));
        // 专项经费: the route keeps its published name, /budgets.
        api.MapPut("/org-units/{id:long}/budgets/{year:int}", async (long id, int year, SpecialFundInput input, SetSpecialFund fund) =>
            (await fund.SetAsync(id, year, input)).ToApi(Results.Ok));
        api.MapGet("/honorees/{id:long}/payments", async (long id, HonoreePayments payments) =>
            (await payments.ForHonoreeAsync(id)).ToApi(Results.Ok));
        api.MapGet("/ledger/check", async (ScopedLedgerCheck check, CancellationToken ct) =>
            await check.RunAsync(ct) is { } run
                ? Results.Ok(run.Report)
                : Results.Problem(statusCode: 403, title: "没有权限", detail: "台账核对仅限财务人员和审计员"));
    }

    /// <summary>The request's "file" part; null when the request is no form or has no such part.</summary>
    private static async Task<BankUpload?> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        var file = (await request.ReadFormAsync(ct)).Files.GetFile("file");
        return file is null ? null : new BankUpload(file.FileName, file.OpenReadStream());
    }
}
