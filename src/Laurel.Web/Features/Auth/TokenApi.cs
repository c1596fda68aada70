using Laurel.Web.Data;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Auth;

public sealed record TokenRequest(string? Username, string? Password, string? Code = null);

public static class TokenApi
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static void MapTokenApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tokens", async (TokenRequest request, SignInChecks checks, TwoFactorSignIn twoFactor, LaurelDb db, TimeProvider clock) =>
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
            var token = TokenAuthenticationHandler.NewToken();
            var now = clock.GetUtcNow();
            var expires = now + Lifetime;
            db.ApiTokens.Add(new ApiToken { UserId = result.User.Id, TokenHash = TokenAuthenticationHandler.HashToken(token), CreatedAt = now, ExpiresAt = expires });
            await db.SaveChangesAsync();
            return Results.Created("/api/v1/tokens", new { token, expiresAt = expires });
        }).AllowAnonymous();
    }
}
