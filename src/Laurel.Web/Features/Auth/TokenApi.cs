using Laurel.Web.Data;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Auth;

public sealed record TokenRequest(string? Username, string? Password, string? Code = null);

public static class TokenApi
{
    public static void MapTokenApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tokens", async (TokenRequest request, SignInChecks checks, TwoFactorSignIn twoFactor, Sessions sessions) =>
        {
            var result = await checks.CheckAsync(request.Username, request.Password);
            if (result.User is null)
            {
                return Results.Problem(statusCode: 401, title: "登录失败", detail: result.Message);
            }
            if (await twoFactor.RefuseTokenAsync(result.User, request.Code) is { } refused)
            {
                return refused;
            }
            var (token, expires) = await sessions.IssueTokenAsync(result.User.Id);
            return Results.Created("/api/v1/tokens", new { token, expiresAt = expires });
        }).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            // A failed attempt answers 401, and its failure count and audit entry must stay.
            .WithMetadata(new WithoutUnitOfWorkAttribute());

        api.MapDelete("/tokens/current", RevokeCurrentAsync);
    }

    /// <summary>Ends the calling token (204); it answers 401 from then on.</summary>
    private static async Task<IResult> RevokeCurrentAsync(HttpRequest request, Sessions sessions, AuditLog audit, CurrentUser me)
    {
        if (TokenAuthenticationHandler.TokenOf(request) is { } token && await sessions.RevokeTokenAsync(token))
        {
            await audit.RecordNowAsync(AuditActions.TokenRevoked, "user", me.Id, $"注销令牌：{me.UserName}");
        }
        return Results.NoContent();
    }
}
