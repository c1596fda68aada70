using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.HonourRoll;

/// <summary>The honour roll's staff API on an honoree record: consents, deeds and photo (issue 12 §6).</summary>
public static class HonourRollApi
{
    public static IServiceCollection AddHonourRoll(this IServiceCollection services) =>
        services.AddScoped<HonourRollCommands>().AddScoped<HonourRollQueries>();

    public static void MapHonourRollApi(this RouteGroupBuilder api)
    {
        var roll = api.MapGroup("/honorees/{id:long}/honour-roll");
        roll.MapGet("/", async (long id, HonourRollQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        roll.MapPost("/consents", async (long id, ConsentInput input, HonourRollCommands commands) =>
            (await commands.RecordConsentAsync(id, input)).ToApi(consentId => Results.Created($"/api/v1/honorees/{id}/honour-roll", new { id = consentId })));
        roll.MapPost("/consents/{consentId:long}/withdraw", async (long id, long consentId, ConsentWithdrawalInput input, HonourRollCommands commands) =>
            (await commands.WithdrawConsentAsync(id, consentId, input)).ToApi(_ => Results.Ok(new { id = consentId, status = "withdrawn" })));
        roll.MapPut("/deeds", async (long id, DeedsInput input, HonourRollCommands commands) =>
            (await commands.SetDeedsAsync(id, input)).ToApi(deeds => Results.Ok(new { deeds })));
        roll.MapGet("/photo", async (long id, HttpResponse response, HonourRollQueries queries) =>
            (await queries.PhotoAsync(id)).ToApi(file => file.ToDownload(response)));
        roll.MapPost("/photo", async (long id, HttpRequest request, HonourRollCommands commands, CancellationToken ct) =>
            {
                var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
                return (await commands.UploadPhotoAsync(id, form?.Files.GetFile("file"), ct)).ToApi(photo =>
                    Results.Created($"/api/v1/honorees/{id}/honour-roll/photo",
                        new { photo.Id, photo.FileName, photo.ContentType, photo.Size, sha256 = photo.Sha256Hex }));
            })
            // The one endpoint (with the photo page) whose body may exceed the 1 MB of every other request: a 10 MB
            // file and its framing. A bearer-token call needs no antiforgery token.
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimits.AttachmentRequestBytes),
                new RequestFormLimitsAttribute { MultipartBodyLengthLimit = UploadLimits.AttachmentRequestBytes })
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();
    }
}
