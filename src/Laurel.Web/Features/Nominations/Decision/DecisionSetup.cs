using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>The award decision (表彰决定) under /api/v1/campaigns/{id}/decision, and the candidates' deeds attachments.</summary>
public static class DecisionSetup
{
    public static IServiceCollection AddDecision(this IServiceCollection services) => services
        .AddScoped<AwardDecision>().AddScoped<DecisionQueries>().AddScoped<CandidateAttachmentOwner>();

    public static void MapDecisionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns/{id:long}/decision", async (long id, DecisionQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPost("/campaigns/{id:long}/decision", async (long id, DecisionInput input, AwardDecision decision) =>
            (await decision.DecideAsync(id, input)).ToApi(d => Results.Created($"/api/v1/campaigns/{id}/decision", d)));
        api.MapOwnedAttachments<CandidateAttachmentOwner>("/candidates/{id:long}/attachments");
    }
}
