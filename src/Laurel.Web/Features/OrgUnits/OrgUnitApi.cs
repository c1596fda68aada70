using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.OrgUnits;

public static class OrgUnitApi
{
    public static void MapOrgUnitApi(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/org-units");
        units.MapGet("/", async (OrgUnitCommands units) => Results.Ok(await units.VisibleAsync()));
        units.MapPost("/", async (OrgUnitInput input, OrgUnitCommands units) =>
            (await units.CreateAsync(input)).ToApi(u => Results.Created($"/api/v1/org-units/{u.Id}", u)));
        units.MapPut("/{id:long}", async (long id, OrgUnitRenameInput input, OrgUnitCommands units) =>
            (await units.RenameAsync(id, input)).ToApi(Results.Ok));
        units.MapPost("/{id:long}/move", async (long id, OrgUnitMoveInput input, OrgUnitCommands units) =>
            (await units.MoveAsync(id, input)).ToApi(Results.Ok));
    }
}
