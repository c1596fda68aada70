using System.Globalization;
using System.Security.Claims;
using Laurel.Web.Data;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Features.Auth;

public sealed record SecondFactorCheck(bool Succeeded, string Message);

/// <summary>
/// The second step of signing in (ADR 12). After the password, a user with two-factor sign-in enabled holds only a
/// short-lived cookie of this step's own scheme, naming them and their security stamp; the application cookie (and a
/// token) is issued only after an authenticator code, a recovery code or a passkey. Wrong codes count toward the same
/// lockout as wrong passwords, and every failure and every used recovery code is audited.
/// </summary>
public sealed class TwoFactorSignIn(
    UserManager<LaurelUser> users, SignInManager<LaurelUser> signIn, AuditLog audit, LaurelSettings settings, IHttpContextAccessor http,
    LaurelDb db, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public const string PendingScheme = "Laurel.TwoFactorPending";
    public const string CodeNeeded = "该账号已启用双因素认证，请提供身份验证器应用显示的 6 位验证码或一个恢复码";
    public const string CodeWrong = "验证码或恢复码不正确，请重新输入";
    public const string PasskeyFailed = "通行密钥验证未通过，请重试或改用验证码";
    public const string CodeUsed = "该验证码已使用过，请等应用显示下一个验证码后再输入";
    public const string Locked = "验证失败次数过多，账号已锁定 15 分钟，请稍后再试";

    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("No HTTP request.");

    public Task<bool> IsEnabledAsync(LaurelUser user) => users.GetTwoFactorEnabledAsync(user);

    /// <summary>After the password: remembers who passed it, for the second step only (5 minutes).</summary>
    public async Task BeginAsync(LaurelUser user)
    {
        var identity = new ClaimsIdentity(PendingScheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Sid, await users.GetSecurityStampAsync(user)));
        await Http.SignInAsync(PendingScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The user who passed the password step in this browser, if still active and unchanged since.</summary>
    public async Task<LaurelUser?> PendingUserAsync()
    {
        var result = await Http.AuthenticateAsync(PendingScheme);
        var id = result.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : await users.FindByIdAsync(id);
        return user is { IsActive: true } && await users.GetSecurityStampAsync(user) == result.Principal!.FindFirstValue(ClaimTypes.Sid)
            ? user
            : null;
    }

    /// <summary>Issues the application cookie after the second factor.</summary>
    public async Task CompleteAsync(LaurelUser user)
    {
        await Http.SignOutAsync(PendingScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
    }

    /// <summary>
    /// An authenticator code (6 digits) or a recovery code (single use). A wrong one counts toward lockout; a missing
    /// one is only refused.
    /// </summary>
    public async Task<SecondFactorCheck> CheckCodeAsync(LaurelUser user, string? code)
    {
        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(user, "账号已锁定");
            return new(false, Locked);
        }
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (digits.Length == 0)
        {
            return new(false, CodeNeeded);
        }
        if (digits.Length == 6 && digits.All(char.IsAsciiDigit))
        {
            if (await users.IsAuthenticatorConfirmedAsync(user)
                && await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, digits))
            {
                if (!await FirstUseAsync(user, digits))
                {
                    var replay = await CountFailureAsync(user, "验证码重复使用");
                    return replay.Message == Locked ? replay : replay with { Message = CodeUsed };
                }
                await ResetFailuresAsync(user);
                return new(true, "");
            }
        }
        else
        {
            var recovery = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
            // A code redeemed at the same moment by another request fails here on the user row's concurrency stamp:
            // single use holds, and the failed update is dropped so that it is not saved with the audit entry.
            if ((await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded)
            {
                await ResetFailuresAsync(user);
                var left = await users.CountRecoveryCodesAsync(user);
                await audit.RecordNowAsync(AuditActions.RecoveryCodeUsed, "user", user.Id, $"使用恢复码登录：{user.UserName}（剩余 {left} 个）",
                    userId: user.Id, userName: user.UserName);
                return new(true, "");
            }
        }
        return await CountFailureAsync(user, "验证码或恢复码错误");
    }

    /// <summary>A passkey assertion made with the options of <see cref="PasskeyOptionsAsync"/>, for the pending user.</summary>
    public async Task<SecondFactorCheck> CheckPasskeyAsync(LaurelUser user, string? credentialJson)
    {
        if (await users.IsLockedOutAsync(user))
        {
            await FailedAsync(user, "账号已锁定");
            return new(false, Locked);
        }
        if (string.IsNullOrWhiteSpace(credentialJson))
        {
            return new(false, PasskeyFailed);
        }
        PasskeyAssertionResult<LaurelUser> result;
        try
        {
            result = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No assertion under way in this browser (options never asked for, or already used).
            return new(false, PasskeyFailed);
        }
        if (!result.Succeeded || result.User.Id != user.Id)
        {
            var outcome = await CountFailureAsync(user, "通行密钥验证失败");
            return outcome with { Message = outcome.Message == Locked ? Locked : PasskeyFailed };
        }
        // The new signature counter, as Identity's own passkey sign-in keeps it.
        await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        await ResetFailuresAsync(user);
        return new(true, "");
    }

    /// <summary>WebAuthn request options (JSON) for the pending user's passkeys.</summary>
    public Task<string> PasskeyOptionsAsync(LaurelUser user) => signIn.MakePasskeyRequestOptionsAsync(user);

    public async Task<bool> HasPasskeysAsync(LaurelUser user) => (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>
    /// The token endpoint's second step: null when a token may be issued; otherwise the answer (401 for a missing or
    /// wrong code, 403 for a user who must enrol first).
    /// </summary>
    public async Task<IResult?> RefuseTokenAsync(LaurelUser user, string? code)
    {
        if (await IsEnabledAsync(user))
        {
            var check = await CheckCodeAsync(user, code);
            return check.Succeeded ? null : Results.Problem(statusCode: 401, title: "需要双因素认证", detail: check.Message);
        }
        return settings.RequireTwoFactor
            ? Results.Problem(statusCode: 403, title: "须先启用双因素认证", detail: TwoFactorEnrolment.EnrolInBrowser)
            : null;
    }

    /// <summary>
    /// Counts a failure in one statement, as Identity's AccessFailedAsync would (the lock after the configured number,
    /// the count starting again), so that failures arriving together are all counted and none answers 500.
    /// </summary>
    private async Task<SecondFactorCheck> CountFailureAsync(LaurelUser user, string what)
    {
        db.ChangeTracker.Clear();
        var lockout = identity.Value.Lockout;
        var now = clock.GetUtcNow();
        var until = now + lockout.DefaultLockoutTimeSpan;
        var locked = await db.Database.SqlQuery<bool>($"""
            UPDATE users
               SET lockout_end = CASE WHEN access_failed_count + 1 >= {lockout.MaxFailedAccessAttempts} THEN {until} ELSE lockout_end END,
                   access_failed_count = CASE WHEN access_failed_count + 1 >= {lockout.MaxFailedAccessAttempts} THEN 0 ELSE access_failed_count + 1 END
             WHERE id = {user.Id} AND lockout_enabled
            RETURNING coalesce(lockout_end > {now}, false) AS "Value"
            """).ToListAsync();
        var isLocked = locked is [true];
        await FailedAsync(user, what + (isLocked ? "（已锁定）" : ""));
        return new(false, isLocked ? Locked : CodeWrong);
    }

    /// <summary>
    /// Identity accepts a code for a few 30-second steps either side and keeps no record of it: a code is taken here
    /// once, in one statement (a row of user_tokens that expires after 5 minutes), so that an onlooker cannot replay it.
    /// </summary>
    private async Task<bool> FirstUseAsync(LaurelUser user, string code)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var name = UsedCodePrefix + code;
        var until = (now + 300).ToString(CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM user_tokens
             WHERE user_id = {user.Id} AND login_provider = {TwoFactorTokens.LaurelProvider}
               AND CASE WHEN name LIKE {UsedCodePrefix + "%"} THEN value::bigint < {now} ELSE false END
            """);
        var taken = await db.Database.SqlQuery<int>($"""
            INSERT INTO user_tokens (user_id, login_provider, name, value)
            VALUES ({user.Id}, {TwoFactorTokens.LaurelProvider}, {name}, {until})
            ON CONFLICT (user_id, login_provider, name) DO NOTHING
            RETURNING 1 AS "Value"
            """).ToListAsync();
        return taken.Count == 1;
    }

    private const string UsedCodePrefix = "UsedCode:";

    private Task ResetFailuresAsync(LaurelUser user) =>
        db.Database.ExecuteSqlAsync($"UPDATE users SET access_failed_count = 0 WHERE id = {user.Id} AND access_failed_count <> 0");

    private Task FailedAsync(LaurelUser user, string what) =>
        audit.RecordNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, $"双因素认证失败：{user.UserName}，{what}", userId: user.Id, userName: user.UserName);
}

public static class TwoFactorServices
{
    /// <summary>The second sign-in step's service and its own short-lived cookie.</summary>
    public static IServiceCollection AddTwoFactorSignIn(this IServiceCollection services)
    {
        services.AddScoped<TwoFactorSignIn>();
        services.AddAuthentication().AddCookie(TwoFactorSignIn.PendingScheme, o =>
        {
            o.Cookie.Name = "laurel.2fa";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            o.SlidingExpiration = false;
        });
        return services;
    }
}
