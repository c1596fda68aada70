using Laurel.Rules.Access;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Users;

public sealed record UserInput(string? UserName, string? DisplayName, long? OrgUnitId, string? Password);
public sealed record GrantInput(string? Role, long? OrgUnitId);
public sealed record GrantView(long Id, string Role, string RoleName, long OrgUnitId, string OrgUnitName);
public sealed record UserView(long Id, string UserName, string DisplayName, long OrgUnitId, string OrgUnitName, bool IsActive,
    bool IsLockedOut, IReadOnlyList<GrantView> Grants, bool TwoFactorEnabled);

/// <summary>Users and their role grants, administered by sysadmins within the subtrees of their grants.</summary>
public sealed class UserCommands(LaurelDb db, Scope scope, UserManager<LaurelUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The users the caller administers, by user name; <paramref name="q"/> keeps those whose user name or name
    /// (姓名) contains it.
    /// </summary>
    public async Task<IReadOnlyList<UserView>> ListAsync(string? q = null)
    {
        var units = await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name);
        var unitIds = units.Keys.ToArray();
        var query = db.Users.AsNoTracking().Where(u => unitIds.Contains(u.OrgUnitId));
        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            // PostgreSQL cannot compare text holding a NUL: such a search matches nothing, as no stored value holds one.
            if (Laurel.Rules.Text.TypedText.HasNul(term))
            {
                return [];
            }
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(u => EF.Functions.ILike(u.UserName!, pattern) || EF.Functions.ILike(u.DisplayName, pattern));
        }
        var list = await query.OrderBy(u => u.UserName).ToListAsync();
        var ids = list.Select(u => u.Id).ToArray();
        var grants = (await db.RoleGrants.AsNoTracking().Where(g => ids.Contains(g.UserId)).ToListAsync()).ToLookup(g => g.UserId);
        var allUnits = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name);
        var now = clock.GetUtcNow();
        return list.Select(u => new UserView(u.Id, u.UserName!, u.DisplayName, u.OrgUnitId, allUnits[u.OrgUnitId], u.IsActive,
            u.LockoutEnd > now,
            grants[u.Id].Select(g => new GrantView(g.Id, g.Role, Roles.ChineseName(g.Role), g.OrgUnitId, allUnits[g.OrgUnitId])).ToList(),
            u.TwoFactorEnabled)).ToList();
    }

    public async Task<Outcome<long>> CreateAsync(UserInput input)
    {
        var errors = new FieldErrors();
        var name = input.UserName?.Trim();
        if (string.IsNullOrEmpty(name) || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9._-]{1,39}$"))
        {
            errors.Add("userName", "用户名应为2至40位小写字母、数字、点、下划线或连字符");
        }
        var display = TextFields.Required(input.DisplayName, "displayName", "姓名", 50, errors);
        if (input.OrgUnitId is null || await AdministeredAsync(input.OrgUnitId.Value) is null)
        {
            errors.Add("orgUnitId", "所属单位不存在或不在您的管理范围内");
        }
        if (string.IsNullOrEmpty(input.Password) || input.Password.Length < 8)
        {
            errors.Add("password", "初始密码至少8位，须含大小写字母和数字");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await users.FindByNameAsync(name!) is not null)
        {
            return Outcome<long>.Conflict("用户名已被使用。");
        }
        var user = new LaurelUser { UserName = name, DisplayName = display!, OrgUnitId = input.OrgUnitId!.Value, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true };
        var result = await users.CreateAsync(user, input.Password!);
        if (!result.Succeeded)
        {
            return Outcome<long>.Invalid("password", "初始密码至少8位，须含大小写字母和数字");
        }
        await audit.RecordNowAsync(AuditActions.Create, "user", user.Id, $"新增用户 {user.UserName}",
            after: new { user.UserName, user.DisplayName, user.OrgUnitId });
        return Outcome<long>.Ok(user.Id);
    }

    public async Task<Outcome<long>> RevokeGrantAsync(long userId, long grantId)
    {
        var user = await AdministeredUserAsync(userId);
        var grant = user is null ? null : await db.RoleGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.UserId == userId);
        var unit = grant is null ? null : await AdministeredAsync(grant.OrgUnitId);
        if (grant is null || unit is null)
        {
            return Outcome<long>.NotFound();
        }
        if (await LastRootSysadminRefusalAsync(grant, unit) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        db.RoleGrants.Remove(grant);
        audit.Record(AuditActions.Delete, "role_grant", grant.Id, new { user!.UserName, grant.Role, grant.OrgUnitId, orgUnitName = unit.Name }, null,
            $"收回 {user.UserName} 的角色 {Roles.ChineseName(grant.Role)}（{unit.Name}）");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(grant.Id);
    }

    /// <summary>
    /// Revoking reduces power, so one sysadmin suffices, except for the last sysadmin grant at the root (of an active
    /// user). The root's sysadmin grants are locked, so two sysadmins revoking each other at once cannot both succeed.
    /// </summary>
    private async Task<string?> LastRootSysadminRefusalAsync(RoleGrant grant, OrgUnit unit)
    {
        if (grant.Role != Roles.Sysadmin || unit.ParentId is not null)
        {
            return null;
        }
        var others = (await db.RoleGrants.FromSql($"SELECT * FROM role_grants WHERE role = 'sysadmin' AND org_unit_id = {unit.Id} FOR UPDATE")
            .AsNoTracking().ToListAsync()).Where(g => g.Id != grant.Id).Select(g => g.UserId).ToArray();
        var active = await db.Users.CountAsync(u => others.Contains(u.Id) && u.IsActive);
        return GrantProposals.RevocationRefusal(grant.Role, atRoot: true, otherRootSysadmins: active);
    }

    private async Task<OrgUnit?> AdministeredAsync(long unitId) =>
        await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).FirstOrDefaultAsync(u => u.Id == unitId);

    internal async Task<LaurelUser?> AdministeredUserAsync(long userId)
    {
        var unitIds = await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).Select(u => u.Id).ToArrayAsync();
        return await db.Users.FirstOrDefaultAsync(u => u.Id == userId && unitIds.Contains(u.OrgUnitId));
    }

    /// <summary>The ids of the users the caller administers (those of the units in their admin scope).</summary>
    internal async Task<long[]> AdministeredUserIdsAsync()
    {
        var unitIds = await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).Select(u => u.Id).ToArrayAsync();
        return await db.Users.Where(u => unitIds.Contains(u.OrgUnitId)).Select(u => u.Id).ToArrayAsync();
    }
}
