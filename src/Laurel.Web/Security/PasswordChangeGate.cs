namespace Laurel.Web.Security;

/// <summary>
/// After a sysadmin's password reset the user must choose a new password first: pages lead to /account/password,
/// and the API answers every other call 403 until POST /api/v1/account/password has succeeded.
/// </summary>
public static class PasswordChangeGate
{
    public const string PagePath = "/account/password";
    public const string ApiPath = "/api/v1/account/password";

    /// <summary>What such a user may still reach: the change itself, sign-out, token handling and the error page.</summary>
    private static readonly string[] Open = [PagePath, ApiPath, "/api/v1/tokens", "/logout", "/error"];

    /// <summary>Runs after authorization, when the request's user (cookie or token) is known.</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.RequestServices.GetRequiredService<CurrentUser>().MustChangePassword
            && !Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "须先修改密码",
                    detail: "管理员已重置您的密码。请先通过 POST /api/v1/account/password 设置新密码，再进行其他操作。").ExecuteAsync(context);
            }
            else
            {
                context.Response.Redirect(PagePath);
            }
            return;
        }
        await next(context);
    });
}
