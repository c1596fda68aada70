using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace Laurel.Web.Features.Auth;

public sealed record SignInCheck(LaurelUser? User, string Message);

/// <summary>
/// The one password check for the login page and the token API: lockout after 5 failures for 15 minutes,
/// and an audit entry for every success and failure.
/// </summary>
public sealed class SignInChecks(UserManager<LaurelUser> users, SignInManager<LaurelUser> signIn, AuditLog audit)
{
    public const string Failed = "用户名或密码错误";

    public async Task<SignInCheck> CheckAsync(string? userName, string? password)
    {
        // A control character (a NUL, which PostgreSQL cannot compare) is in no user name: a failed attempt, logged escaped.
        userName = Laurel.Rules.Text.TypedText.Escape(userName);
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null || !user.IsActive || string.IsNullOrEmpty(password))
        {
            await audit.RecordNowAsync(AuditActions.LoginFailed, "user", user?.Id, $"登录失败：{userName}", userId: user?.Id, userName: userName);
            return new SignInCheck(null, Failed);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordNowAsync(AuditActions.LoginSucceeded, "user", user.Id, $"登录成功：{user.UserName}", userId: user.Id, userName: user.UserName);
            return new SignInCheck(user, "");
        }
        var message = result.IsLockedOut ? "登录失败次数过多，账号已锁定 15 分钟，请稍后再试" : Failed;
        await audit.RecordNowAsync(AuditActions.LoginFailed, "user", user.Id, $"登录失败：{user.UserName}{(result.IsLockedOut ? "（已锁定）" : "")}",
            userId: user.Id, userName: user.UserName);
        return new SignInCheck(null, message);
    }
}
