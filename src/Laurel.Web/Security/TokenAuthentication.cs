using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Security;

/// <summary>
/// Bearer tokens for the JSON API. A token is 32 random bytes shown once; only its SHA-256 is stored, with an expiry
/// and a revocation (see <see cref="Sessions"/>): a revoked token, or one of a deactivated or locked-out user, answers 401.
/// The API accepts only these tokens (not the UI cookie), so it needs no antiforgery protection.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    Sessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LaurelToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        var user = await sessions.UserOfTokenAsync(token);
        if (user is null)
        {
            return AuthenticateResult.Fail("令牌无效、已过期或已注销");
        }
        Context.RequestServices.GetRequiredService<CurrentUser>().Use(user);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
             new Claim(ClaimTypes.Name, user.UserName)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status401Unauthorized, "未登录或令牌无效", "请先通过 POST /api/v1/tokens 获取令牌，并以 Authorization: Bearer <token> 发送。");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem(StatusCodes.Status403Forbidden, "没有权限", "当前用户没有执行此操作的权限。");

    private Task Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);

    /// <summary>The bearer token of the request, if it sent one.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
}
