using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Users;

public static class UserApi
{
    public static void MapUserApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        users.MapGet("/", async (string? q, UserCommands users) => Results.Ok(await users.ListAsync(q)));
        users.MapPost("/", async (UserInput input, UserCommands users) =>
            (await users.CreateAsync(input)).ToApi(id => Results.Created($"/api/v1/users/{id}", new { id })));
        users.MapDelete("/{id:long}/grants/{grantId:long}", async (long id, long grantId, UserCommands users) =>
            (await users.RevokeGrantAsync(id, grantId)).ToApi(_ => Results.NoContent()));
        api.MapGrantProposalApi();
        api.MapUserStatusApi();
        api.MapTwoFactorResetApi();
    }

    /// <summary>
    /// Grants under maker-checker: proposing answers 202 with the pending proposal; another sysadmin confirms (the
    /// grant takes effect) or rejects it.
    /// </summary>
    private static void MapGrantProposalApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{id:long}/grants", async (long id, GrantInput input, GrantProposalCommands proposals) =>
            (await proposals.ProposeAsync(id, input)).ToApi(p => Results.Accepted($"/api/v1/grant-proposals/{p.Id}", new { id = p.Id, status = p.Status })));
        var group = api.MapGroup("/grant-proposals");
        group.MapGet("/", async (string? status, GrantProposalCommands proposals) =>
            (await proposals.ListAsync(status)).ToApi(Results.Ok));
        group.MapPost("/{id:long}/confirm", async (long id, GrantProposalCommands proposals) =>
            (await proposals.ConfirmAsync(id)).ToApi(Results.Ok));
        group.MapPost("/{id:long}/reject", async (long id, RejectInput input, GrantProposalCommands proposals) =>
            (await proposals.RejectAsync(id, input)).ToApi(Results.Ok));
    }
}
