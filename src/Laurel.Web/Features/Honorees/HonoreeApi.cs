using Laurel.Rules.Honours;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Honorees;

public static class HonoreeApi
{
    public static void MapHonoreeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/titles", () => TitleCatalogue.All.Select(t => new { t.Code, t.Name, Level = HonourLevels.Code(t.Level) }));

        var honorees = api.MapGroup("/honorees");
        honorees.MapPost("/", async (HonoreeCreateInput input, CreateHonoree create, HonoreeQueries queries) =>
        {
            var created = await create.CreateAsync(input);
            if (!created.IsOk)
            {
                return created.ToApi(_ => Results.Empty);
            }
            var view = await queries.GetAsync(created.Value);
            return Results.Created($"/api/v1/honorees/{created.Value}", view.Value);
        });
        honorees.MapGet("/", async ([AsParameters] HonoreeSearch search, HonoreeQueries queries) =>
        {
            var page = await queries.SearchAsync(search);
            return Results.Ok(new { page.Items, page.Total, totalExact = page.TotalIsExact, page = page.PageNumber, page.PageSize });
        });
        honorees.MapGet("/{id:long}", async (long id, DateOnly? asOf, bool? revealId, bool? revealPhone, HonoreeQueries queries) =>
            (await queries.GetAsync(id, asOf, revealId ?? false, revealPhone ?? false)).ToApi(Results.Ok));
        honorees.MapPut("/{id:long}", async (long id, HonoreeUpdateInput input, UpdateHonoree update, HonoreeQueries queries) =>
        {
            var updated = await update.UpdateAsync(id, input);
            return updated.IsOk ? Results.Ok((await queries.GetAsync(id)).Value) : updated.ToApi(_ => Results.Empty);
        });
        honorees.MapPost("/{id:long}/events", async (long id, FactEventInput input, RecordFact record) =>
            (await record.RecordFactAsync(id, input)).ToApi(factId => Results.Created($"/api/v1/honorees/{id}", new { id = factId })));
        honorees.MapPost("/{id:long}/facts/{factId:long}/withdraw", async (long id, long factId, WithdrawFactInput input, WithdrawFact withdraw) =>
            (await withdraw.WithdrawAsync(id, factId, input)).ToApi(_ => Results.Ok(new { id = factId, status = "withdrawn" })));
        honorees.MapPost("/{id:long}/honours", async (long id, HonourInput input, AddHonour add) =>
            (await add.AddHonourAsync(id, input)).ToApi(honourId => Results.Created($"/api/v1/honorees/{id}", new { id = honourId })));
        // An honour is revoked only through a case (退出机制, ADR 22): a manager proposes, a selection admin of the awarding
        // level decides. The old direct route stays, answering 410 with where to go, so that old clients learn why.
        honorees.MapPost("/{id:long}/honours/{honourId:long}/revoke", () =>
            Results.Problem(statusCode: StatusCodes.Status410Gone, title: "此接口已停用",
                detail: "荣誉不能再直接撤销：请以 POST /api/v1/revocations 提出撤销申请（honourId、grounds、evidence），由授予层级的评选管理员以 POST /api/v1/revocations/{id}/decide 审核决定。"));
    }
}
