using Laurel.Rules.Access;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Users;

public sealed record TwoFactorResetInput(string? Reason);
public sealed record TwoFactorResetView(long Id, long UserId, string UserName, string DisplayName, string Reason, string Status,
    string StatusName, long ProposedById, string ProposedBy, DateTimeOffset ProposedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Comment);

/// <summary>
/// Resetting a user's second factor (lost phone and lost recovery codes) under maker-checker, as grants are
/// (docs/decisions/0013, 0018): one sysadmin proposes it with the reason, another — neither the proposer nor the user —
/// confirms it. Only the confirmation removes the authenticator key, the recovery codes and the passkeys, and it ends
/// every session and token of the user; nobody proposes or decides a reset of their own second factor.
/// </summary>
public sealed class TwoFactorResets(LaurelDb db, UserCommands commands, UserManager<LaurelUser> users, Sessions sessions, AuditLog audit,
    CurrentUser me, TimeProvider clock)
{

    public async Task<Outcome<ProposalCreated>> ProposeAsync(long userId, TwoFactorResetInput input)
    {
        var user = await commands.AdministeredUserAsync(userId);
        if (user is null)
        {
            return Outcome<ProposalCreated>.NotFound();
        }
        if (UserAdministration.TwoFactorResetProposalRefusal(me.Id ?? 0, user.Id) is { } self)
        {
            await audit.RecordRefusalAsync("user", user.Id, $"拒绝为本人重置双因素认证：{me.UserName}");
            return Outcome<ProposalCreated>.Forbidden(self);
        }
        var errors = new FieldErrors();
        var reason = TextFields.Required(input.Reason, "reason", "重置原因", 500, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<ProposalCreated>.Invalid(errors);
        }
        if (!await HasSecondFactorAsync(user))
        {
            return Outcome<ProposalCreated>.Conflict("该用户没有绑定任何第二因素（身份验证器、通行密钥），无需重置。");
        }
        if (await db.TwoFactorResets.AnyAsync(r => r.UserId == user.Id && r.Status == "pending"))
        {
            return Outcome<ProposalCreated>.Conflict("该用户已有待确认的双因素认证重置申请，请勿重复提交。");
        }
        var row = new TwoFactorResetRow
        {
            UserId = user.Id, Reason = reason!, Status = GrantProposals.Code(GrantProposalStatus.Pending), ProposedBy = me.Id!.Value, ProposedAt = clock.GetUtcNow(),
        };
        db.TwoFactorResets.Add(row);
        try
        {
            // The row first, for its id in the audit entry; both commit together.
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<ProposalCreated>.Conflict("该用户已有待确认的双因素认证重置申请，请勿重复提交。");
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.TwoFactorReset, row.Id, null, new { user.UserName, reason, status = row.Status },
            $"提出重置 {user.UserName}（{user.DisplayName}）的双因素认证，原因：{reason}，待另一名系统管理员确认");
        await db.SaveChangesAsync();
        return Outcome<ProposalCreated>.Ok(new ProposalCreated(row.Id, row.Status));
    }

    /// <summary>Proposed resets of the users the caller administers, newest first; <paramref name="status"/> filters.</summary>
    public async Task<Outcome<IReadOnlyList<TwoFactorResetView>>> ListAsync(string? status)
    {
        if (status is not null && GrantProposals.Parse(status) is null)
        {
            return Outcome<IReadOnlyList<TwoFactorResetView>>.Invalid("status", "状态应为 pending（待确认）、confirmed（已确认）或 rejected（已驳回）");
        }
        var administered = await commands.AdministeredUserIdsAsync();
        var query = db.TwoFactorResets.AsNoTracking().Where(r => administered.Contains(r.UserId));
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }
        var rows = await query.OrderByDescending(r => r.ProposedAt).ThenByDescending(r => r.Id).Take(500).ToListAsync();
        var ids = rows.SelectMany(r => new[] { r.UserId, r.ProposedBy, r.DecidedBy ?? 0 }).Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (UserName: u.UserName!, u.DisplayName));
        return Outcome<IReadOnlyList<TwoFactorResetView>>.Ok(rows.Select(r => new TwoFactorResetView(r.Id, r.UserId, names[r.UserId].UserName,
            names[r.UserId].DisplayName, r.Reason, r.Status, GrantProposals.ChineseName(GrantProposals.Parse(r.Status)!.Value), r.ProposedBy,
            names[r.ProposedBy].UserName, r.ProposedAt, r.DecidedBy is { } d ? names[d].UserName : null, r.DecidedAt, r.Comment)).ToList());
    }

    /// <summary>Confirms a pending reset: the user's second factors are removed, and their sessions and tokens end.</summary>
    public async Task<Outcome<ProposalDecided>> ConfirmAsync(long id)
    {
        var (row, user, refusal) = await DecidableAsync(id);
        if (row is null)
        {
            return refusal!;
        }
        foreach (var passkey in await users.GetPasskeysAsync(user!))
        {
            await users.RemovePasskeyAsync(user!, passkey.CredentialId);
        }
        await users.RemoveAuthenticationTokenAsync(user!, TwoFactorTokens.LaurelProvider, TwoFactorTokens.AuthenticatorConfirmed);
        await users.RemoveAuthenticationTokenAsync(user!, TwoFactorTokens.StoreProvider, TwoFactorTokens.AuthenticatorKey);
        await users.RemoveAuthenticationTokenAsync(user!, TwoFactorTokens.StoreProvider, TwoFactorTokens.RecoveryCodes);
        // Switching two-factor off also changes the security stamp.
        await users.SetTwoFactorEnabledAsync(user!, false);
        var ended = await sessions.RevokeAllAsync(user!.Id, RevokedBecause.TwoFactorReset);
        row.Status = GrantProposals.Code(GrantProposalStatus.Confirmed);
        row.DecidedBy = me.Id;
        row.DecidedAt = clock.GetUtcNow();
        var proposer = await db.Users.Where(u => u.Id == row.ProposedBy).Select(u => u.UserName!).SingleAsync();
        audit.Record(AuditActions.Update, AuditObjectTypes.TwoFactorReset, row.Id, new { status = "pending" }, new { status = row.Status, proposedBy = proposer },
            $"确认重置 {user.UserName} 的双因素认证，由 {proposer} 提出");
        audit.Record(AuditActions.TwoFactorReset, "user", user.Id, null, new { resetId = row.Id, proposedBy = proposer, confirmedBy = me.UserName, endedSessions = ended },
            $"重置双因素认证：{user.UserName}（{user.DisplayName}），{proposer} 提出，{me.UserName} 确认；身份验证器、通行密钥和恢复码均已作废，结束 {ended} 个登录会话和令牌");
        await db.SaveChangesAsync();
        return Outcome<ProposalDecided>.Ok(new ProposalDecided(row.Id, row.Status, null));
    }

    /// <summary>Rejects a pending reset with the checker's reason; nothing is removed.</summary>
    public async Task<Outcome<ProposalDecided>> RejectAsync(long id, RejectInput input)
    {
        var errors = new FieldErrors();
        var comment = TextFields.Required(input.Comment, "comment", "驳回理由", 500, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<ProposalDecided>.Invalid(errors);
        }
        var (row, user, refusal) = await DecidableAsync(id);
        if (row is null)
        {
            return refusal!;
        }
        row.Status = GrantProposals.Code(GrantProposalStatus.Rejected);
        row.DecidedBy = me.Id;
        row.DecidedAt = clock.GetUtcNow();
        row.Comment = comment;
        audit.Record(AuditActions.Update, AuditObjectTypes.TwoFactorReset, row.Id, new { status = "pending" }, new { status = row.Status, comment },
            $"驳回重置 {user!.UserName} 双因素认证的申请，理由：{comment}");
        await db.SaveChangesAsync();
        return Outcome<ProposalDecided>.Ok(new ProposalDecided(row.Id, row.Status, null));
    }

    /// <summary>
    /// Locks the row and checks that the caller may decide it: the user in their admin scope (else 404), pending, and
    /// the caller neither its proposer nor its user.
    /// </summary>
    private async Task<(TwoFactorResetRow? Row, LaurelUser? User, Outcome<ProposalDecided>? Refusal)> DecidableAsync(long id)
    {
        var row = (await db.TwoFactorResets.FromSql($"SELECT * FROM two_factor_resets WHERE id = {id} FOR UPDATE").ToListAsync()).SingleOrDefault();
        var user = row is null ? null : await commands.AdministeredUserAsync(row.UserId);
        if (row is null || user is null)
        {
            return (null, null, Outcome<ProposalDecided>.NotFound());
        }
        if (UserAdministration.TwoFactorResetStatusRefusal(GrantProposals.Parse(row.Status)!.Value) is { } decided)
        {
            return (null, null, Outcome<ProposalDecided>.Conflict(decided));
        }
        if (UserAdministration.TwoFactorResetDecisionRefusal(row.ProposedBy, row.UserId, me.Id ?? 0) is { } maker)
        {
            if (row.UserId == me.Id)
            {
                await audit.RecordRefusalAsync(AuditObjectTypes.TwoFactorReset, row.Id, $"拒绝：{me.UserName} 试图处理重置本人双因素认证的申请");
            }
            return (null, null, Outcome<ProposalDecided>.Forbidden(maker));
        }
        return (row, user, null);
    }

    private async Task<bool> HasSecondFactorAsync(LaurelUser user) =>
        user.TwoFactorEnabled
        || await users.IsAuthenticatorConfirmedAsync(user)
        || (await users.GetPasskeysAsync(user)).Count > 0;
}

public static class TwoFactorResetApi
{
    /// <summary>
    /// POST /api/v1/users/{id}/two-factor-reset <c>{ reason }</c> proposes (202); GET /api/v1/two-factor-resets?status=
    /// lists; POST …/{id}/confirm and …/{id}/reject <c>{ comment }</c> decide.
    /// </summary>
    public static void MapTwoFactorResetApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{id:long}/two-factor-reset", async (long id, TwoFactorResetInput input, TwoFactorResets resets) =>
            (await resets.ProposeAsync(id, input)).ToApi(p => Results.Accepted($"/api/v1/two-factor-resets/{p.Id}", new { id = p.Id, status = p.Status })));
        var group = api.MapGroup("/two-factor-resets");
        group.MapGet("/", async (string? status, TwoFactorResets resets) => (await resets.ListAsync(status)).ToApi(Results.Ok));
        group.MapPost("/{id:long}/confirm", async (long id, TwoFactorResets resets) => (await resets.ConfirmAsync(id)).ToApi(Results.Ok));
        group.MapPost("/{id:long}/reject", async (long id, RejectInput input, TwoFactorResets resets) => (await resets.RejectAsync(id, input)).ToApi(Results.Ok));
    }
}
