using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Users;

public static class UserApi
{
    public static void MapUserApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        users.MapGet("/", async (UserCommands users) => Results.Ok(await users.ListAsync()));
        users.MapPost("/", async (UserInput input, UserCommands users) =>
            (await users.CreateAsync(input)).ToApi(id => Results.Created($"/api/v1/users/{id}", new { id })));
        users.MapPost("/{id:long}/grants", async (long id, GrantInput input, UserCommands users) =>
            (await users.GrantAsync(id, input)).ToApi(grantId => Results.Created($"/api/v1/users/{id}", new { id = grantId })));
        users.MapDelete("/{id:long}/grants/{grantId:long}", async (long id, long grantId, UserCommands users) =>
            (await users.RevokeGrantAsync(id, grantId)).ToApi(_ => Results.NoContent()));
    }
}
