using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Laurel.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Security;

/// <summary>
/// Bearer tokens for the JSON API. A token is 32 random bytes shown once; only its SHA-256 is stored, with an expiry.
/// The API accepts only these tokens (not the UI cookie), so it needs no antiforgery protection.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LaurelDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LaurelToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = HashToken(header["Bearer ".Length..].Trim());
        var now = clock.GetUtcNow();
        var user = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.ExpiresAt > now && t.User!.IsActive)
            .Select(t => t.User!)
            .Select(SignedInUser.FromUser)
            .FirstOrDefaultAsync();
        if (user is null)
        {
            return AuthenticateResult.Fail("令牌无效或已过期");
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

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
