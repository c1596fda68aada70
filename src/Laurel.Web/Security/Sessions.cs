using System.Linq.Expressions;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Laurel.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Security;

/// <summary>Why a session or token was ended (the revoked_reason columns of db/migrations/0006).</summary>
public static class RevokedBecause
{
    public const string Logout = "logout";
    public const string Revoked = "revoked";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    /// <summary>A sysadmin deactivated the user (docs/decisions/0018).</summary>
    public const string Deactivated = "deactivated";
    /// <summary>The user's second factor was reset under maker-checker (docs/decisions/0018).</summary>
    public const string TwoFactorReset = "two_factor_reset";
    /// <summary>Refused on use: the user was deactivated or locked out, or the security stamp changed.</summary>
    public const string Rejected = "rejected";
}

/// <summary>
/// Server-side sessions (docs/decisions/0011): every cookie sign-in is a row of user_sessions, every API token a row of
/// api_tokens, and each request checks its row and its user (active, not locked out). Logout, token revocation, a
/// password change or reset end rows; a refused user's rows end on first use.
/// </summary>
public sealed class Sessions(LaurelDb db, TimeProvider clock, CurrentUser me, IOptions<IdentityOptions> identity)
{
    /// <summary>The cookie's claim with the session id (only its SHA-256 is stored).</summary>
    public const string SessionClaim = "laurel:session";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    /// <summary>A user who may still use a session: active, and not locked out at <paramref name="now"/>.</summary>
    private static Expression<Func<LaurelUser, bool>> Usable(DateTimeOffset now) =>
        u => u.IsActive && (!u.LockoutEnabled || u.LockoutEnd == null || u.LockoutEnd <= now);

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    // ---- Cookies ----

    /// <summary>Every cookie sign-in (password, second factor, a fresh sign-in after a password change) starts a row.</summary>
    public async Task StartCookieSessionAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identityClaims
            || !long.TryParse(context.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var secret = NewSecret();
        foreach (var old in identityClaims.FindAll(SessionClaim).ToList())
        {
            identityClaims.RemoveClaim(old);
        }
        identityClaims.AddClaim(new Claim(SessionClaim, secret));
        db.UserSessions.Add(new UserSession
        {
            UserId = userId, SessionHash = Hash(secret), CreatedAt = now,
            ExpiresAt = context.Properties.ExpiresUtc ?? now + context.Options.ExpireTimeSpan,
            IpAddress = context.HttpContext.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// On every request with a cookie: the session row is open and unexpired, its user is the cookie's, active, not
    /// locked out, and the security stamp unchanged. The same query loads the user's grants for the request.
    /// </summary>
    public async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var secret = principal?.FindFirstValue(SessionClaim);
        if (principal is null || secret is null || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await RejectAsync(context, null);
            return;
        }
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var user = await db.UserSessions.AsNoTracking()
            .Where(s => s.SessionHash == hash && s.RevokedAt == null && s.ExpiresAt > now && s.UserId == userId)
            .Select(s => s.User!)
            .Where(Usable(now))
            .Where(u => u.SecurityStamp == stamp)
            .Select(SignedInUser.FromUser)
            .FirstOrDefaultAsync();
        if (user is null)
        {
            await RejectAsync(context, hash);
            return;
        }
        me.Use(user);
    }

    /// <summary>A sliding renewal of the cookie moves the row's expiry with it.</summary>
    public async Task ExtendCookieSessionAsync(CookieSlidingExpirationContext context)
    {
        if (!context.ShouldRenew || context.Principal?.FindFirstValue(SessionClaim) is not { } secret)
        {
            return;
        }
        var hash = Hash(secret);
        var expires = clock.GetUtcNow() + context.Options.ExpireTimeSpan;
        await db.UserSessions.Where(s => s.SessionHash == hash && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, expires));
    }

    /// <summary>Sign-out (POST /logout): ends the signed-in cookie's row; true when there was an open one.</summary>
    public async Task<bool> EndCookieSessionAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(SessionClaim) is not { } secret)
        {
            return false;
        }
        var hash = Hash(secret);
        return await Revoke(db.UserSessions.Where(s => s.SessionHash == hash), RevokedBecause.Logout) > 0;
    }

    private async Task RejectAsync(CookieValidatePrincipalContext context, byte[]? hash)
    {
        if (hash is not null)
        {
            await Revoke(db.UserSessions.Where(s => s.SessionHash == hash), RevokedBecause.Rejected);
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    // ---- API tokens ----

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(long userId)
    {
        var token = NewSecret();
        var now = clock.GetUtcNow();
        var expires = now + TokenLifetime;
        db.ApiTokens.Add(new ApiToken { UserId = userId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync();
        return (token, expires);
    }

    /// <summary>The user of an open, unexpired token, with grants; a token of a refused user is ended on the spot.</summary>
    public async Task<SignedInUser?> UserOfTokenAsync(string token)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        var user = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => t.User!)
            .Where(Usable(now))
            .Select(SignedInUser.FromUser)
            .FirstOrDefaultAsync();
        if (user is null)
        {
            await Revoke(db.ApiTokens.Where(t => t.TokenHash == hash), RevokedBecause.Rejected);
        }
        return user;
    }

    /// <summary>DELETE /api/v1/tokens/current: true when the token was open.</summary>
    public async Task<bool> RevokeTokenAsync(string token)
    {
        var hash = Hash(token);
        return await Revoke(db.ApiTokens.Where(t => t.TokenHash == hash), RevokedBecause.Revoked) > 0;
    }

    /// <summary>Ends every open session and token of a user (a password change or reset, a deactivation, a second-factor reset); returns how many.</summary>
    public async Task<int> RevokeAllAsync(long userId, string reason) =>
        await Revoke(db.UserSessions.Where(s => s.UserId == userId), reason)
        + await Revoke(db.ApiTokens.Where(t => t.UserId == userId), reason);

    private Task<int> Revoke(IQueryable<UserSession> rows, string reason)
    {
        var now = clock.GetUtcNow();
        return rows.Where(s => s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason));
    }

    private Task<int> Revoke(IQueryable<ApiToken> rows, string reason)
    {
        var now = clock.GetUtcNow();
        return rows.Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason));
    }
}

/// <summary>The application cookie's events: each sign-in starts a session row, each request checks it, sign-out ends it.</summary>
public sealed class SessionCookieEvents(Sessions sessions, AuditLog audit) : CookieAuthenticationEvents
{
    public override Task SigningIn(CookieSigningInContext context) => sessions.StartCookieSessionAsync(context);

    public override Task ValidatePrincipal(CookieValidatePrincipalContext context) => sessions.ValidateCookieAsync(context);

    public override Task CheckSlidingExpiration(CookieSlidingExpirationContext context) => sessions.ExtendCookieSessionAsync(context);

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        var user = context.HttpContext.User;
        if (await sessions.EndCookieSessionAsync(user))
        {
            await audit.RecordNowAsync(AuditActions.Logout, "user", user.FindFirstValue(ClaimTypes.NameIdentifier), $"退出登录：{user.Identity?.Name}");
        }
    }
}
