using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>The two reviews (两审核) under /api/v1: review one, the departments' opinions, their overrides and the campaign's requirements.</summary>
public static class ReviewSetup
{
    public static IServiceCollection AddReviews(this IServiceCollection services) => services
        .AddScoped<ReviewQueries>().AddScoped<ReviewCommands>().AddScoped<OpinionOverrides>().AddScoped<ICandidateGate, ReviewGate>();

    public static void MapReviewApi(this RouteGroupBuilder api)
    {
        api.MapGet("/candidates/{id:long}/reviews", async (long id, ReviewQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPost("/candidates/{id:long}/first-review", async (long id, FirstReviewInput input, ReviewCommands commands) =>
            (await commands.RecordFirstReviewAsync(id, input)).ToApi(r => Results.Created($"/api/v1/candidates/{id}/reviews", r)));
        api.MapPost("/candidates/{id:long}/opinions", async (long id, OpinionInput input, ReviewCommands commands) =>
            (await commands.RecordOpinionAsync(id, input)).ToApi(o => Results.Created($"/api/v1/candidates/{id}/reviews", o)));
        api.MapPost("/candidates/{id:long}/opinion-overrides", async (long id, OverrideInput input, OpinionOverrides overrides) =>
            (await overrides.ProposeAsync(id, input)).ToApi(v => Results.Created($"/api/v1/candidates/{id}/reviews", v)));
        api.MapPost("/opinion-overrides/{id:long}/approve", async (long id, OpinionOverrides overrides) =>
            (await overrides.ApproveAsync(id)).ToApi(Results.Ok));
        api.MapPost("/opinion-overrides/{id:long}/reject", async (long id, OverrideRejection input, OpinionOverrides overrides) =>
            (await overrides.RejectAsync(id, input)).ToApi(Results.Ok));
        api.MapGet("/campaigns/{id:long}/review-departments", async (long id, ReviewQueries queries) =>
            (await queries.DepartmentsAsync(id)).ToApi(Results.Ok));
        api.MapPut("/campaigns/{id:long}/review-departments", async (long id, ReviewDepartmentsInput input, ReviewCommands commands) =>
            (await commands.SetRequiredDepartmentsAsync(id, input)).ToApi(Results.Ok));
    }
}
