using Laurel.Rules.Access;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Users;

public sealed record UserStatusView(long Id, bool IsActive);

/// <summary>
/// A sysadmin deactivates or reactivates a user they administer, never themselves (docs/decisions/0018). Deactivation
/// takes away the power to sign in, so one sysadmin suffices, as for revoking a grant; it ends every session and token
/// of the user at once, as a lockout does, and reactivation brings none of them back.
/// </summary>
public sealed class UserStatus(LaurelDb db, UserCommands commands, UserManager<LaurelUser> users, Sessions sessions, AuditLog audit, CurrentUser me)
{
    public Task<Outcome<UserStatusView>> DeactivateAsync(long userId) => SetActiveAsync(userId, active: false);

    public Task<Outcome<UserStatusView>> ReactivateAsync(long userId) => SetActiveAsync(userId, active: true);

    private async Task<Outcome<UserStatusView>> SetActiveAsync(long userId, bool active)
    {
        var user = await commands.AdministeredUserAsync(userId);
        if (user is null)
        {
            return Outcome<UserStatusView>.NotFound();
        }
        var verb = active ? "启用" : "停用";
        if (UserAdministration.StatusChangeRefusal(me.Id ?? 0, user.Id) is { } self)
        {
            await audit.RecordRefusalAsync("user", user.Id, $"拒绝{verb}本人账号：{me.UserName}", new { isActive = active });
            return Outcome<UserStatusView>.Forbidden(self);
        }
        if (user.IsActive == active)
        {
            return Outcome<UserStatusView>.Conflict(active ? "该账号已是启用状态。" : "该账号已停用。");
        }
        if (!active && await LastRootSysadminAsync(user.Id))
        {
            return Outcome<UserStatusView>.Conflict("不能停用最后一名全国总工会系统管理员：停用后将无人能够管理组织机构和用户");
        }
        user.IsActive = active;
        // Saves the user; a deactivation also changes the security stamp, so that no cookie issued before it passes.
        var result = active ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return Outcome<UserStatusView>.Conflict("该用户的资料刚被修改，请刷新后重试。");
        }
        var ended = active ? 0 : await sessions.RevokeAllAsync(user.Id, RevokedBecause.Deactivated);
        audit.Record(active ? AuditActions.Reactivated : AuditActions.Deactivated, "user", user.Id,
            new { isActive = !active }, new { isActive = active, endedSessions = ended },
            active ? $"启用账号：{user.UserName}（{user.DisplayName}）" : $"停用账号：{user.UserName}（{user.DisplayName}），结束 {ended} 个登录会话和令牌");
        await db.SaveChangesAsync();
        return Outcome<UserStatusView>.Ok(new UserStatusView(user.Id, active));
    }

    /// <summary>
    /// Whether the user is the last active holder of sysadmin at the root. The root's sysadmin grants are locked, so two
    /// sysadmins deactivating each other at once cannot both succeed.
    /// </summary>
    private async Task<bool> LastRootSysadminAsync(long userId)
    {
        var holders = (await db.RoleGrants.FromSql($"""
                SELECT g.* FROM role_grants g JOIN org_units u ON u.id = g.org_unit_id
                WHERE g.role = 'sysadmin' AND u.parent_id IS NULL FOR UPDATE OF g
                """).AsNoTracking().ToListAsync()).Select(g => g.UserId).Distinct().ToArray();
        return holders.Contains(userId) && !await db.Users.AnyAsync(u => holders.Contains(u.Id) && u.Id != userId && u.IsActive);
    }
}

public static class UserStatusApi
{
    /// <summary>POST /api/v1/users/{id}/deactivate and …/reactivate: 200 <c>{ id, isActive }</c>.</summary>
    public static void MapUserStatusApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{id:long}/deactivate", async (long id, UserStatus status) => (await status.DeactivateAsync(id)).ToApi(Results.Ok));
        api.MapPost("/users/{id:long}/reactivate", async (long id, UserStatus status) => (await status.ReactivateAsync(id)).ToApi(Results.Ok));
    }
}
