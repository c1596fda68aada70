using System.Security.Claims;
using Laurel.Web.Data;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Security;

/// <summary>
/// Laurel:RequireTwoFactor (ADR 12): a signed-in user without a second factor reaches only the enrolment page (and
/// signing out); every other page leads them there, and the API answers 403 telling them to enrol in the browser.
/// Runs after authorization, so that an API request's user is the token's.
/// </summary>
public static class TwoFactorEnrolment
{
    public const string EnrolPath = "/account/two-factor";
    public const string EnrolInBrowser =
        "系统要求所有工作人员使用双因素认证登录。请先在浏览器中登录本系统，在“双因素认证”页面（/account/two-factor）绑定身份验证器应用或通行密钥，然后在获取令牌时提供验证码。";

    // A user whose password was reset changes it first (PasswordChangeGate runs before this), so that page stays open.
    private static readonly string[] Open = [EnrolPath, PasswordChangeGate.PagePath, PasswordChangeGate.ApiPath, "/login", "/logout", "/error", "/denied"];

    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.RequestServices.GetRequiredService<LaurelSettings>().RequireTwoFactor
            || !long.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            || Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next();
            return;
        }
        var db = context.RequestServices.GetRequiredService<LaurelDb>();
        if (await db.Users.AsNoTracking().AnyAsync(u => u.Id == id && u.TwoFactorEnabled))
        {
            await next();
            return;
        }
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "须先启用双因素认证", detail: EnrolInBrowser).ExecuteAsync(context);
            return;
        }
        context.Response.Redirect(EnrolPath);
    });
}

/// <summary>Where a user's second factors are kept in user_tokens, for the sign-in step and the enrolment page alike.</summary>
public static class TwoFactorTokens
{
    /// <summary>Identity's own store names of the authenticator key and the recovery codes.</summary>
    public const string StoreProvider = "[AspNetUserStore]";
    public const string AuthenticatorKey = "AuthenticatorKey";
    public const string RecoveryCodes = "RecoveryCodes";
    /// <summary>Set once the user has proved, with a code, that their authenticator app holds the key.</summary>
    public const string LaurelProvider = "Laurel";
    public const string AuthenticatorConfirmed = "AuthenticatorConfirmed";

    public static async Task<bool> IsAuthenticatorConfirmedAsync(this UserManager<LaurelUser> users, LaurelUser user) =>
        await users.GetAuthenticationTokenAsync(user, LaurelProvider, AuthenticatorConfirmed) == "true";
}
