using Laurel.Rules.Access;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Users;

public sealed record ProposalCreated(long Id, string Status);
public sealed record ProposalDecided(long Id, string Status, long? GrantId);
public sealed record RejectInput(string? Comment);
public sealed record GrantProposalView(long Id, long UserId, string UserName, string DisplayName, string Role, string RoleName,
    long OrgUnitId, string OrgUnitName, string Status, string StatusName, string ProposedBy, DateTimeOffset ProposedAt,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment);

/// <summary>
/// Role grants under maker-checker and three-admin separation (docs/decisions/0013): a sysadmin proposes a grant to
/// another user in their scope; another sysadmin, neither the proposer nor the grantee, with the unit in their scope,
/// confirms or rejects it. Only the confirmation grants the role, and only if the separation of duties still holds.
/// </summary>
public sealed class GrantProposalCommands(LaurelDb db, UnitOfWork work, Scope scope, CurrentUser me, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<ProposalCreated>> ProposeAsync(long userId, GrantInput input)
    {
        var administered = await AdministeredUnitIdsAsync();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && administered.Contains(u.OrgUnitId));
        if (user is null)
        {
            return Outcome<ProposalCreated>.NotFound();
        }
        if (GrantProposals.ProposalRefusal(me.Id ?? 0, userId) is { } self)
        {
            await audit.RecordRefusalAsync("user", userId, $"拒绝为本人授予角色：{me.UserName} 申请 {(Roles.IsKnown(input.Role) ? Roles.ChineseName(input.Role!) : "角色")}",
                new { role = input.Role, orgUnitId = input.OrgUnitId });
            return Outcome<ProposalCreated>.Forbidden(self);
        }
        var errors = new FieldErrors();
        if (!Roles.IsKnown(input.Role))
        {
            errors.Add("role", "请选择有效的角色：" + string.Join("、", Roles.All.Select(Roles.ChineseName)));
        }
        if (input.OrgUnitId is null || !administered.Contains(input.OrgUnitId.Value))
        {
            errors.Add("orgUnitId", "授权单位不存在或不在您的管理范围内");
        }
        if (errors.Any)
        {
            return Outcome<ProposalCreated>.Invalid(errors);
        }
        var (role, unitId) = (input.Role!, input.OrgUnitId!.Value);
        if (await GrantRefusalAsync(userId, role, unitId) is { } refusal)
        {
            return Outcome<ProposalCreated>.Conflict(refusal);
        }
        if (await db.GrantProposals.AnyAsync(p => p.UserId == userId && p.Role == role && p.OrgUnitId == unitId && p.Status == "pending"))
        {
            return Outcome<ProposalCreated>.Conflict("已有相同的授权申请待确认，请勿重复提交。");
        }
        var proposal = new GrantProposal
        {
            UserId = userId, Role = role, OrgUnitId = unitId, Status = GrantProposals.Code(GrantProposalStatus.Pending),
            ProposedBy = me.Id!.Value, ProposedAt = clock.GetUtcNow(),
        };
        db.GrantProposals.Add(proposal);
        try
        {
            // The proposal first, for its id in the audit entry; both commit together.
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<ProposalCreated>.Conflict("已有相同的授权申请待确认，请勿重复提交。");
        }
        var unitName = await UnitNameAsync(unitId);
        audit.Record(AuditActions.Create, "grant_proposal", proposal.Id, null,
            new { user.UserName, role, orgUnitId = unitId, orgUnitName = unitName, status = proposal.Status },
            $"提出授权申请：授予 {user.UserName} {Roles.ChineseName(role)}角色（{unitName}），待另一名系统管理员确认");
        await db.SaveChangesAsync();
        return Outcome<ProposalCreated>.Ok(new ProposalCreated(proposal.Id, proposal.Status));
    }

    /// <summary>Proposals for units in the caller's admin scope, newest first; <paramref name="status"/> filters.</summary>
    public async Task<Outcome<IReadOnlyList<GrantProposalView>>> ListAsync(string? status)
    {
        if (status is not null && GrantProposals.Parse(status) is null)
        {
            return Outcome<IReadOnlyList<GrantProposalView>>.Invalid("status", "状态应为 pending（待确认）、confirmed（已确认）或 rejected（已驳回）");
        }
        var administered = await AdministeredUnitIdsAsync();
        var query = db.GrantProposals.AsNoTracking().Where(p => administered.Contains(p.OrgUnitId));
        if (status is not null)
        {
            query = query.Where(p => p.Status == status);
        }
        var rows = await query.OrderByDescending(p => p.ProposedAt).ThenByDescending(p => p.Id).Take(500).ToListAsync();
        var userIds = rows.SelectMany(p => new[] { p.UserId, p.ProposedBy, p.DecidedBy ?? 0 }).Distinct().ToArray();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (UserName: u.UserName!, u.DisplayName));
        var unitIds = rows.Select(p => p.OrgUnitId).Distinct().ToArray();
        var units = await db.OrgUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name);
        return Outcome<IReadOnlyList<GrantProposalView>>.Ok(rows.Select(p => new GrantProposalView(
            p.Id, p.UserId, users[p.UserId].UserName, users[p.UserId].DisplayName, p.Role, Roles.ChineseName(p.Role),
            p.OrgUnitId, units[p.OrgUnitId], p.Status, GrantProposals.ChineseName(GrantProposals.Parse(p.Status)!.Value),
            users[p.ProposedBy].UserName, p.ProposedAt, p.DecidedBy is { } d ? users[d].UserName : null, p.DecidedAt, p.Comment)).ToList());
    }

    /// <summary>
    /// Confirms a pending proposal and grants its role. The separation of duties is checked again: the grantee may have
    /// been given a conflicting role since it was proposed.
    /// </summary>
    public async Task<Outcome<ProposalDecided>> ConfirmAsync(long id)
    {
        var (proposal, refusal) = await DecidableAsync(id);
        if (proposal is null)
        {
            return refusal!;
        }
        if (await GrantRefusalAsync(proposal.UserId, proposal.Role, proposal.OrgUnitId) is { } conflict)
        {
            return Outcome<ProposalDecided>.Conflict(conflict);
        }
        var now = clock.GetUtcNow();
        var grant = new RoleGrant
        {
            UserId = proposal.UserId, Role = proposal.Role, OrgUnitId = proposal.OrgUnitId, GrantedAt = now, GrantedBy = me.Id, ProposalId = proposal.Id,
        };
        db.RoleGrants.Add(grant);
        proposal.Status = GrantProposals.Code(GrantProposalStatus.Confirmed);
        proposal.DecidedBy = me.Id;
        proposal.DecidedAt = now;
        try
        {
            // The grant first, for its id in the audit entries.
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation })
        {
            // Another grant to the same user was committed between the check and the insert (the database's trigger
            // and unique constraint hold the rules): the same answer the check would now give.
            await work.RollbackAsync();
            return Outcome<ProposalDecided>.Conflict(await GrantRefusalAsync(proposal.UserId, proposal.Role, proposal.OrgUnitId)
                ?? "授权未能生效：该用户的角色刚被他人修改，请刷新后重试。");
        }
        var (userName, unitName) = await NamesAsync(proposal);
        var proposer = await UserNameAsync(proposal.ProposedBy);
        audit.Record(AuditActions.Update, "grant_proposal", proposal.Id, new { status = "pending" },
            new { status = proposal.Status, grantId = grant.Id, proposedBy = proposer },
            $"确认授权申请：授予 {userName} {Roles.ChineseName(proposal.Role)}角色（{unitName}），由 {proposer} 提出");
        audit.Record(AuditActions.Create, "role_grant", grant.Id, null,
            new { userName, role = grant.Role, orgUnitId = grant.OrgUnitId, orgUnitName = unitName, proposalId = proposal.Id, proposedBy = proposer, confirmedBy = me.UserName },
            $"授予 {userName} 角色 {Roles.ChineseName(grant.Role)}（{unitName}），{proposer} 提出，{me.UserName} 确认");
        await db.SaveChangesAsync();
        return Outcome<ProposalDecided>.Ok(new ProposalDecided(proposal.Id, proposal.Status, grant.Id));
    }

    /// <summary>Rejects a pending proposal with the checker's reason; nothing is granted.</summary>
    public async Task<Outcome<ProposalDecided>> RejectAsync(long id, RejectInput input)
    {
        var comment = input.Comment?.Trim();
        if (string.IsNullOrEmpty(comment) || comment.Length > 500)
        {
            return Outcome<ProposalDecided>.Invalid("comment", "驳回理由不能为空，且不超过 500 字");
        }
        var (proposal, refusal) = await DecidableAsync(id);
        if (proposal is null)
        {
            return refusal!;
        }
        proposal.Status = GrantProposals.Code(GrantProposalStatus.Rejected);
        proposal.DecidedBy = me.Id;
        proposal.DecidedAt = clock.GetUtcNow();
        proposal.Comment = comment;
        var (userName, unitName) = await NamesAsync(proposal);
        audit.Record(AuditActions.Update, "grant_proposal", proposal.Id, new { status = "pending" }, new { status = proposal.Status, comment },
            $"驳回授权申请：授予 {userName} {Roles.ChineseName(proposal.Role)}角色（{unitName}），理由：{comment}");
        await db.SaveChangesAsync();
        return Outcome<ProposalDecided>.Ok(new ProposalDecided(proposal.Id, proposal.Status, null));
    }

    /// <summary>
    /// Locks the proposal's row and checks that the caller may decide it: the unit and the grantee in their admin
    /// scope (else 404, as if it did not exist), pending, and the caller neither its proposer nor its grantee.
    /// </summary>
    private async Task<(GrantProposal? Proposal, Outcome<ProposalDecided>? Refusal)> DecidableAsync(long id)
    {
        var proposal = (await db.GrantProposals.FromSql($"SELECT * FROM grant_proposals WHERE id = {id} FOR UPDATE").ToListAsync()).SingleOrDefault();
        var administered = await AdministeredUnitIdsAsync();
        if (proposal is null || !administered.Contains(proposal.OrgUnitId)
            || !await db.Users.AnyAsync(u => u.Id == proposal.UserId && administered.Contains(u.OrgUnitId)))
        {
            return (null, Outcome<ProposalDecided>.NotFound());
        }
        if (GrantProposals.StatusRefusal(GrantProposals.Parse(proposal.Status)!.Value) is { } decided)
        {
            return (null, Outcome<ProposalDecided>.Conflict(decided));
        }
        if (GrantProposals.DecisionRefusal(proposal.ProposedBy, proposal.UserId, me.Id ?? 0) is { } maker)
        {
            return (null, Outcome<ProposalDecided>.Forbidden(maker));
        }
        return (proposal, null);
    }

    /// <summary>Why the user may not hold the role at the unit now: they hold it already, or it breaks the separation of duties.</summary>
    private async Task<string?> GrantRefusalAsync(long userId, string role, long unitId)
    {
        var held = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == userId).Select(g => new { g.Role, g.OrgUnitId }).ToListAsync();
        if (held.Any(g => g.Role == role && g.OrgUnitId == unitId))
        {
            return "该用户在此单位已有此角色。";
        }
        return SeparationOfDuties.Conflict(role, held.Select(g => g.Role));
    }

    private async Task<long[]> AdministeredUnitIdsAsync() =>
        await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).Select(u => u.Id).ToArrayAsync();

    private async Task<string> UnitNameAsync(long unitId) =>
        await db.OrgUnits.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync();

    private async Task<string> UserNameAsync(long userId) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.UserName!).SingleAsync();

    private async Task<(string UserName, string UnitName)> NamesAsync(GrantProposal proposal) =>
        (await UserNameAsync(proposal.UserId), await UnitNameAsync(proposal.OrgUnitId));
}
