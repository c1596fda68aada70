using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>Objection cases (异议, issue 12 §4) under /api/v1/objections; the public submission is mapped from Public/PublicApi.cs.</summary>
public static class ObjectionSetup
{
    public static IServiceCollection AddObjections(this IServiceCollection services) => services
        .AddObjectionIntake().AddScoped<ObjectionAccess>().AddScoped<ObjectionQueries>().AddScoped<ObjectionCommands>();

    public static void MapObjectionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/objections", async (long? campaignId, long? noticeId, long? candidateId, string? state, int? page, int? pageSize, ObjectionQueries queries) =>
            (await queries.ListAsync(campaignId, noticeId, candidateId, state, page, pageSize))
                .ToApi(p => Results.Ok(new { items = p.Items, total = p.Total, page = p.PageNumber, pageSize = p.PageSize })));
        api.MapPost("/objections", async (ObjectionEntryInput input, ObjectionCommands commands) =>
            (await commands.EnterAsync(input)).ToApi(o => Results.Created($"/api/v1/objections/{o.Id}", new { id = o.Id, reference = o.Reference })));
        api.MapGet("/objections/{id:long}", async (long id, ObjectionQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapGet("/objections/{id:long}/investigators", async (long id, ObjectionQueries queries) =>
            (await queries.InvestigatorsAsync(id)).ToApi(Results.Ok));
        api.MapPost("/objections/{id:long}/phone", async (long id, ObjectionQueries queries) =>
            (await queries.RevealPhoneAsync(id)).ToApi(phone => Results.Ok(new { phone })));
        api.MapPost("/objections/{id:long}/assign", async (long id, AssignInput input, ObjectionCommands commands) =>
            (await commands.AssignAsync(id, input)).ToApi(Results.Ok));
        api.MapPost("/objections/{id:long}/notes", async (long id, NoteInput input, ObjectionCommands commands) =>
            (await commands.AddNoteAsync(id, input)).ToApi(n => Results.Created($"/api/v1/objections/{id}", n)));
        api.MapPost("/objections/{id:long}/finding", async (long id, FindingInput input, ObjectionCommands commands) =>
            (await commands.FindAsync(id, input)).ToApi(Results.Ok));
        api.MapPost("/objections/{id:long}/response", async (long id, ResponseInput input, ObjectionCommands commands) =>
            (await commands.RespondAsync(id, input)).ToApi(Results.Ok));
        api.MapPost("/objections/{id:long}/continue", async (long id, DecisionReasonInput input, ObjectionCommands commands) =>
            (await commands.ContinueAsync(id, input)).ToApi(Results.Ok));
        api.MapPost("/objections/{id:long}/reject-candidate", async (long id, DecisionReasonInput input, ObjectionCommands commands) =>
            (await commands.RejectCandidateAsync(id, input)).ToApi(Results.Ok));
    }
}
