using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace Laurel.Web.Features.Account;

public sealed record PasswordInput(string? OldPassword, string? NewPassword);

/// <summary>
/// A user changes their own password with the old one. The change ends every session and token of the user (the
/// caller's own included: the page signs in afresh, the API hands out a new token) and clears a reset's flag.
/// </summary>
public sealed class PasswordChanges(UserManager<LaurelUser> users, Sessions sessions, AuditLog audit)
{
    public const string Rules = "新密码至少8位，须含大小写字母和数字";

    public async Task<Outcome<LaurelUser>> ChangeAsync(long userId, PasswordInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(input.OldPassword))
        {
            errors.Add("oldPassword", "请填写原密码");
        }
        if (string.IsNullOrEmpty(input.NewPassword))
        {
            errors.Add("newPassword", "请填写新密码");
        }
        else if (input.NewPassword == input.OldPassword)
        {
            errors.Add("newPassword", "新密码不能与原密码相同");
        }
        if (errors.Any)
        {
            return Outcome<LaurelUser>.Invalid(errors);
        }
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return Outcome<LaurelUser>.NotFound();
        }
        var result = await users.ChangePasswordAsync(user, input.OldPassword!, input.NewPassword!);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? Outcome<LaurelUser>.Invalid("oldPassword", "原密码不正确")
                : Outcome<LaurelUser>.Invalid("newPassword", Rules);
        }
        var ended = await sessions.RevokeAllAsync(user.Id, RevokedBecause.PasswordChanged);
        // Saved with the audit entry, in one unit of work.
        user.MustChangePassword = false;
        await audit.RecordNowAsync(AuditActions.PasswordChanged, "user", user.Id, $"修改密码：{user.UserName}（结束 {ended} 个登录会话和令牌）",
            userId: user.Id, userName: user.UserName);
        return Outcome<LaurelUser>.Ok(user);
    }
}
