using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Revocations;

public static class RevocationSetup
{
    public static IServiceCollection AddRevocations(this IServiceCollection services) => services
        .AddScoped<RevocationAccess>().AddScoped<RevocationQueries>().AddScoped<ProposeCase>().AddScoped<DecideCase>().AddScoped<EvidenceAttachments>();

    /// <summary>Revocation and reinstatement cases (退出机制, issue 12 §5): kind revocation or reinstatement.</summary>
    public static void MapRevocationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/revocations", async (string? status, string? kind, int? page, int? pageSize, RevocationQueries queries) =>
            (await queries.ListAsync(status, kind, page, pageSize)).ToApi(p => Results.Ok(new { items = p.Items, total = p.Total, page = p.PageNumber, pageSize = p.PageSize })));
        api.MapGet("/revocations/{id:long}", async (long id, RevocationQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPost("/revocations", async (ProposeInput input, ProposeCase propose, RevocationQueries queries) =>
            (await propose.ProposeAsync(input)).ToApi(id => Results.Created($"/api/v1/revocations/{id}", new { id, status = "proposed" })));
        api.MapPost("/revocations/{id:long}/decide", async (long id, DecisionInput input, DecideCase decide) =>
            (await decide.DecideAsync(id, input)).ToApi(Results.Ok));
        api.MapPost("/revocations/{id:long}/reject", async (long id, RejectionInput input, DecideCase decide) =>
            (await decide.RejectAsync(id, input)).ToApi(Results.Ok));
        api.MapOwnedAttachments<EvidenceAttachments>("/revocations/{id:long}/attachments");
    }
}
