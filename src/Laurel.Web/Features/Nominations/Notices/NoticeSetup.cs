using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>The public notices (公示, issue 12 §4) under /api/v1: a campaign's notices, one notice, its close-out, withdrawal and .docx.</summary>
public static class NoticeSetup
{
    public static IServiceCollection AddNotices(this IServiceCollection services) => services
        .AddScoped<NoticeCommands>().AddScoped<NoticeQueries>();

    public static void MapNoticeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns/{id:long}/notices", async (long id, NoticeQueries queries) => (await queries.ListAsync(id)).ToApi(list =>
            Results.Ok(list.Select(n => new { n.Id, n.Level, n.OpensOn, n.ClosesOn, n.Status }))));
        api.MapPost("/campaigns/{id:long}/notices", async (long id, NoticeInput input, NoticeCommands commands) =>
            (await commands.PublishAsync(id, input)).ToApi(n => Results.Created($"/api/v1/notices/{n.Id}", n)));
        api.MapGet("/notices/{id:long}", async (long id, NoticeQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPost("/notices/{id:long}/close", async (long id, NoticeCommands commands) => (await commands.CloseAsync(id)).ToApi(Results.Ok));
        api.MapPost("/notices/{id:long}/withdraw", async (long id, NoticeReasonInput input, NoticeCommands commands) =>
            (await commands.WithdrawAsync(id, input)).ToApi(Results.Ok));
        api.MapGet("/notices/{id:long}/docx", async (long id, NoticeQueries queries) =>
            (await queries.GetAsync(id)).ToApi(n => Results.File(NoticeDocx.Build(n), NoticeDocx.ContentType, $"notice-{n.Id}.docx")));
    }
}
