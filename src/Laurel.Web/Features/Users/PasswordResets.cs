using System.Security.Cryptography;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace Laurel.Web.Features.Users;

/// <summary>
/// A sysadmin resets the password of a user they administer: a temporary password, shown once, that the user must
/// replace at their next sign-in. The reset ends every session and token of the user and lifts a lockout.
/// </summary>
public sealed class PasswordResets(UserCommands commands, UserManager<LaurelUser> users, Sessions sessions, AuditLog audit, CurrentUser me)
{
    // No look-alikes (0/O, 1/l/I), so that the password can be read out over the phone.
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnpqrstuvwxyz", Digits = "23456789";

    public async Task<Outcome<string>> ResetAsync(long userId)
    {
        var user = await commands.AdministeredUserAsync(userId);
        if (user is null)
        {
            return Outcome<string>.NotFound();
        }
        if (user.Id == me.Id)
        {
            return Outcome<string>.Forbidden("不能重置自己的密码，请在“修改密码”页面用原密码修改。");
        }
        var temporary = NewTemporaryPassword();
        user.PasswordHash = users.PasswordHasher.HashPassword(user, temporary);
        user.MustChangePassword = true;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        // Saves the user with a new security stamp.
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return Outcome<string>.Conflict("该用户的资料刚被修改，请刷新后重试。");
        }
        var ended = await sessions.RevokeAllAsync(user.Id, RevokedBecause.PasswordReset);
        await audit.RecordNowAsync(AuditActions.PasswordReset, "user", user.Id,
            $"重置 {user.UserName} 的密码，须在下次登录时修改（结束 {ended} 个登录会话和令牌）");
        return Outcome<string>.Ok(temporary);
    }

    private static string NewTemporaryPassword()
    {
        const string all = Upper + Lower + Digits;
        var chars = new char[12];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

public static class PasswordResetApi
{
    /// <summary>POST /api/v1/users/{id}/password-reset: 200 with the temporary password, shown this once.</summary>
    public static void MapPasswordResetApi(this RouteGroupBuilder api) =>
        api.MapPost("/users/{id:long}/password-reset", async (long id, PasswordResets resets) =>
            (await resets.ResetAsync(id)).ToApi(password => Results.Ok(new { temporaryPassword = password, mustChangePassword = true })));
}
