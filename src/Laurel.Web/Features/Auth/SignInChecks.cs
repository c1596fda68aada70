using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Laurel.Web.Features.Auth;

public sealed record SignInCheck(LaurelUser? User, string Message);

/// <summary>
/// The one password check for the login page and the token API: lockout after 5 failures for 15 minutes, and an
/// audit entry with the real reason for every success and failure. Failures are counted by one atomic UPDATE, so
/// any number of parallel attempts are each counted (Identity's AccessFailedAsync loses them to concurrency-stamp
/// conflicts). Every failure answers the same message, so that nobody learns whether an account exists or is locked.
/// </summary>
public sealed class SignInChecks(UserManager<LaurelUser> users, LaurelDb db, NpgsqlDataSource dataSource, AuditLog audit,
    TimeProvider clock, IOptions<IdentityOptions> identity)
{
    public const string Failed = "用户名或密码错误。连续输错 5 次，账号将锁定 15 分钟。";

    private const string Locked = "账号已锁定";

    // A locked account is open again once lockout_end has passed.
    private const string NotLocked = "NOT (lockout_enabled AND lockout_end IS NOT NULL AND lockout_end > $2)";

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<LaurelUser>().HashPassword(new LaurelUser(), Sessions.NewSecret()));

    public async Task<SignInCheck> CheckAsync(string? userName, string? password)
    {
        // A control character (a NUL, which PostgreSQL cannot compare) is in no user name: a failed attempt, logged escaped.
        userName = Laurel.Rules.Text.TypedText.Escape(userName);
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        var now = clock.GetUtcNow();
        var reason = user switch
        {
            null => "账号不存在",
            { IsActive: false } => "账号已停用",
            _ when string.IsNullOrEmpty(password) => "未填写密码",
            { LockoutEnabled: true } when user.LockoutEnd > now => Locked,
            _ => null,
        };
        if (reason is not null || user is null)
        {
            // The same work as a real check, so that the answer's timing does not tell the cases apart either.
            users.PasswordHasher.VerifyHashedPassword(user ?? new LaurelUser(), DummyHash.Value, password ?? "");
            return await FailAsync(user, userName, reason ?? "账号不存在");
        }
        var verified = users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password!) != PasswordVerificationResult.Failed;
        if (!verified)
        {
            return await FailAsync(user, userName, await CountFailureAsync(user, now));
        }
        // Reset the count unless a parallel attempt locked the account meanwhile. For a user with two-factor sign-in the
        // password is only the first step: the count is reset by the second factor, so that wrong codes sent after a
        // right password (in parallel, say) still add up to a lockout — as Identity's own sign-in does.
        if (await ExecuteAsync(
                $"UPDATE users SET access_failed_count = CASE WHEN two_factor_enabled THEN access_failed_count ELSE 0 END WHERE id = $1 AND {NotLocked} RETURNING 0",
                user.Id, now) is null)
        {
            return await FailAsync(user, userName, Locked);
        }
        // The tracked user as the database now has it, for what follows the check (the sign-in, a second factor).
        await db.Entry(user).ReloadAsync();
        await audit.RecordNowAsync(AuditActions.LoginSucceeded, "user", user.Id, $"登录成功：{user.UserName}", userId: user.Id, userName: user.UserName);
        return new SignInCheck(user, "");
    }

    /// <summary>One atomic increment; the attempt that reaches the limit locks the account and starts the count again.</summary>
    private async Task<string> CountFailureAsync(LaurelUser user, DateTimeOffset now)
    {
        var lockout = identity.Value.Lockout;
        var count = await ExecuteAsync($"""
            UPDATE users SET
                access_failed_count = CASE WHEN lockout_enabled AND access_failed_count + 1 >= $3 THEN 0 ELSE access_failed_count + 1 END,
                lockout_end = CASE WHEN lockout_enabled AND access_failed_count + 1 >= $3 THEN $2 + $4 ELSE lockout_end END
            WHERE id = $1 AND {NotLocked}
            RETURNING CASE WHEN access_failed_count = 0 THEN $3 ELSE access_failed_count END
            """, user.Id, now, lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan);
        if (count is null)
        {
            return Locked;
        }
        // The tracked user is left as it was read: the audit entry's save must not write its counts back.
        return count >= lockout.MaxFailedAccessAttempts ? $"密码错误（连续第 {count} 次），账号锁定 {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} 分钟" : $"密码错误（连续第 {count} 次）";
    }

    private async Task<SignInCheck> FailAsync(LaurelUser? user, string? userName, string reason)
    {
        var name = user?.UserName ?? userName;
        await audit.RecordNowAsync(AuditActions.LoginFailed, "user", user?.Id, $"登录失败：{name}（{reason}）",
            userId: user?.Id, userName: name, after: new { reason });
        return new SignInCheck(null, Failed);
    }

    private async Task<int?> ExecuteAsync(string sql, params object[] args)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        }
        return await command.ExecuteScalarAsync() is int value ? value : null;
    }
}
