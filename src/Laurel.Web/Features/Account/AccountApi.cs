using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Account;

public static class AccountApi
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        // Every token of the user ends, this one too; the answer carries a new one.
        api.MapPost("/account/password", async (PasswordInput input, PasswordChanges changes, Sessions sessions, CurrentUser me) =>
        {
            var outcome = await changes.ChangeAsync(me.Id ?? 0, input);
            if (!outcome.IsOk)
            {
                return outcome.ToApi(_ => Results.Ok());
            }
            var (token, expires) = await sessions.IssueTokenAsync(outcome.Value!.Id);
            return Results.Ok(new { token, expiresAt = expires });
        }).RequireRateLimiting(RateLimits.SignIn);
    }
}
