using Laurel.Rules.Access;
using Laurel.Rules.Honours;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Home;

public sealed record HomeLevelCount(int? Level, int Count);
public sealed record RecentRecord(long Id, string Name, string UnitName, DateTimeOffset UpdatedAt);
public sealed record HomeCycle(long Id, string Month, string UnitName, string Status, string StatusName, int ItemCount, decimal Total,
    string? ComputedBy, string? LastRejection);
public sealed record WaitingDecision(string Kind, string Subject, string ProposedBy, DateTimeOffset ProposedAt);
public sealed record HomeUserCounts(int Active, int Deactivated, int LockedOut);
public sealed record RecentAudit(DateTimeOffset OccurredAt, string? UserName, string ActionName, string? Summary);
public sealed record AuditToday(int Entries, int FailedSignIns, int Refusals);
/// <summary>A campaign in progress (筹备中, 推荐中, 推荐已截止) for a selection admin's start page.</summary>
public sealed record HomeCampaign(long Id, int Year, string TitleCode, string? AwardingRegionCode, string UnitName, string Status, int SeatTotal, int Candidates);

/// <summary>
/// What each role's start page shows: counts and the items waiting for the signed-in user. Every count starts from
/// <see cref="Scope"/> (the units of the user's grants of the role in question), so a home page never counts outside it.
/// </summary>
public sealed class HomeQueries(LaurelDb db, Scope scope, CurrentUser me, TimeProvider clock)
{
    // ---- Selection admins: the campaigns in progress at their units (issue 12) ----

    /// <summary>Campaigns not yet decided or cancelled at the units where the user holds selection_admin, with the candidates that hold a seat.</summary>
    public async Task<IReadOnlyList<HomeCampaign>> CampaignsInProgressAsync()
    {
        var patterns = (await me.GrantsAsync()).SelectionAdminRoots.Select(r => r + "%").ToArray();
        if (patterns.Length == 0)
        {
            return [];
        }
        return await db.Database.SqlQuery<HomeCampaign>($"""
            SELECT c.id AS "Id", c.year AS "Year", c.title_code AS "TitleCode", c.awarding_region_code AS "AwardingRegionCode", u.name AS "UnitName",
                   c.status AS "Status", c.seat_total AS "SeatTotal",
                   (SELECT count(*)::int FROM candidates k WHERE k.campaign_id = c.id AND k.state NOT IN ('withdrawn', 'rejected')) AS "Candidates"
            FROM campaigns c JOIN org_units u ON u.id = c.org_unit_id
            WHERE u.path LIKE ANY({patterns}) AND c.status IN ('draft', 'open', 'closed')
            ORDER BY c.year DESC, c.id DESC LIMIT 20
            """).ToListAsync();
    }

    // ---- Cadres: the registry under their scope ----

    /// <summary>Honorees in scope counted once each under the highest level of their active honours (null: none).</summary>
    public async Task<IReadOnlyList<HomeLevelCount>> LevelCountsAsync()
    {
        var unitIds = await scope.HonoreeUnitIdsAsync(HonoreeAccess.Read);
        var codes = TitleCatalogue.All.Select(t => t.Code).ToArray();
        var levels = TitleCatalogue.All.Select(t => (int)t.Level).ToArray();
        return await db.Database.SqlQuery<HomeLevelCount>($"""
            SELECT top.level AS "Level", count(*)::int AS "Count"
            FROM honorees h
            LEFT JOIN LATERAL (SELECT min(l.level) AS level FROM honours o
                               JOIN unnest({codes}::text[], {levels}::int[]) AS l(code, level) ON l.code = o.title_code
                               WHERE o.honoree_id = h.id AND o.status = 'active') top ON true
            WHERE h.org_unit_id = ANY({unitIds})
            GROUP BY top.level ORDER BY top.level NULLS LAST
            """).ToListAsync();
    }

    /// <summary>The records in scope changed last, newest first.</summary>
    public async Task<IReadOnlyList<RecentRecord>> RecentRecordsAsync(int count = 8) =>
        await (await scope.HonoreesAsync()).AsNoTracking()
            .OrderByDescending(h => h.UpdatedAt).ThenByDescending(h => h.Id).Take(count)
            .Join(db.OrgUnits, h => h.OrgUnitId, u => u.Id, (h, u) => new RecentRecord(h.Id, h.Name, u.Name, h.UpdatedAt))
            .ToListAsync();

    // ---- Finance: cycles of the units where the user acts ----

    /// <summary>
    /// The open cycles (draft or computed) of the units under the user's finance grants, newest month first: the page
    /// sorts them into those waiting for the user's approval, those sent back to them, and those waiting for another.
    /// </summary>
    public async Task<IReadOnlyList<(HomeCycle Cycle, long? ComputedById)>> OpenCyclesAsync()
    {
        var units = await scope.UnitIdsUnderAsync((await me.GrantsAsync()).PaymentActRoots);
        var open = new[] { PaymentCycles.Code(CycleStatus.Draft), PaymentCycles.Code(CycleStatus.Computed) };
        var rows = await db.Database.SqlQuery<CycleRow>($"""
            SELECT c.id AS "Id", c.month AS "Month", u.name AS "UnitName", c.status AS "Status", c.item_count AS "ItemCount", c.total AS "Total",
                   c.computed_by AS "ComputedById", cu.display_name AS "ComputedBy", c.last_rejection AS "LastRejection"
            FROM payment_cycles c JOIN org_units u ON u.id = c.paying_org_unit_id LEFT JOIN users cu ON cu.id = c.computed_by
            WHERE c.paying_org_unit_id = ANY({units}) AND c.status = ANY({open})
            ORDER BY c.month DESC, u.path, c.id
            LIMIT 200
            """).ToListAsync();
        return rows.Select(r => (new HomeCycle(r.Id, $"{r.Month.Year}年{r.Month.Month}月", r.UnitName, r.Status,
            PaymentCycles.ChineseName(PaymentCycles.Parse(r.Status)!.Value), r.ItemCount, r.Total, r.ComputedBy, r.LastRejection), r.ComputedById)).ToList();
    }

    /// <summary>How many cycles of each status the user may read (finance and auditor grants).</summary>
    public async Task<IReadOnlyList<(string StatusName, int Count)>> CycleCountsAsync()
    {
        var roots = (await me.GrantsAsync()).Grants.Where(g => g.Role is Roles.Finance or Roles.Auditor).Select(g => g.OrgUnitPath).Distinct().ToList();
        var units = await scope.UnitIdsUnderAsync(roots);
        var rows = await db.Database.SqlQuery<StatusCount>($"""
            SELECT status AS "Status", count(*)::int AS "Count" FROM payment_cycles WHERE paying_org_unit_id = ANY({units}) GROUP BY status
            """).ToListAsync();
        return Enum.GetValues<CycleStatus>()
            .Select(s => (PaymentCycles.ChineseName(s), rows.FirstOrDefault(r => r.Status == PaymentCycles.Code(s))?.Count ?? 0))
            .Where(c => c.Item2 > 0).ToList();
    }

    // ---- Sysadmins: the users they administer and what waits for their decision ----

    private async Task<long[]> AdministeredUserIdsAsync()
    {
        var units = await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).Select(u => u.Id).ToArrayAsync();
        return await db.Users.Where(u => units.Contains(u.OrgUnitId)).Select(u => u.Id).ToArrayAsync();
    }

    public async Task<HomeUserCounts> UserCountsAsync()
    {
        var ids = await AdministeredUserIdsAsync();
        var now = clock.GetUtcNow();
        var users = db.Users.AsNoTracking().Where(u => ids.Contains(u.Id));
        return new HomeUserCounts(
            await users.CountAsync(u => u.IsActive),
            await users.CountAsync(u => !u.IsActive),
            await users.CountAsync(u => u.IsActive && u.LockoutEnd > now));
    }

    /// <summary>
    /// Pending grant proposals and second-factor resets the user may decide (in their admin scope, proposed by
    /// another, not for themselves), oldest first; and how many of their own proposals wait for someone else.
    /// </summary>
    public async Task<(IReadOnlyList<WaitingDecision> ForMe, int MineWaiting)> PendingDecisionsAsync()
    {
        var myId = me.Id ?? 0;
        var administered = await AdministeredUserIdsAsync();
        var units = await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).Select(u => u.Id).ToArrayAsync();
        var pending = GrantProposals.Code(GrantProposalStatus.Pending);
        var grants = await db.GrantProposals.AsNoTracking()
            .Where(p => p.Status == pending && units.Contains(p.OrgUnitId) && administered.Contains(p.UserId))
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p, User = u.DisplayName, u.UserName })
            .Join(db.Users, x => x.p.ProposedBy, u => u.Id, (x, u) => new { x.p, x.User, x.UserName, Proposer = u.DisplayName })
            .Join(db.OrgUnits, x => x.p.OrgUnitId, o => o.Id, (x, o) => new { x.p, x.User, x.UserName, x.Proposer, Unit = o.Name })
            .ToListAsync();
        var resets = await db.TwoFactorResets.AsNoTracking()
            .Where(r => r.Status == pending && administered.Contains(r.UserId))
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r, User = u.DisplayName, u.UserName })
            .Join(db.Users, x => x.r.ProposedBy, u => u.Id, (x, u) => new { x.r, x.User, x.UserName, Proposer = u.DisplayName })
            .ToListAsync();
        var forMe = grants.Where(x => x.p.ProposedBy != myId && x.p.UserId != myId)
            .Select(x => new WaitingDecision("授权申请", $"授予 {x.User}（{x.UserName}）{Roles.ChineseName(x.p.Role)}角色（{x.Unit}）", x.Proposer, x.p.ProposedAt))
            .Concat(resets.Where(x => x.r.ProposedBy != myId && x.r.UserId != myId)
                .Select(x => new WaitingDecision("双因素认证重置", $"重置 {x.User}（{x.UserName}）的双因素认证", x.Proposer, x.r.ProposedAt)))
            .OrderBy(d => d.ProposedAt).ToList();
        var mine = grants.Count(x => x.p.ProposedBy == myId) + resets.Count(x => x.r.ProposedBy == myId);
        return (forMe, mine);
    }

    // ---- Auditors: the log of the deployment (an auditor's grant anywhere reads the whole log) ----

    public async Task<IReadOnlyList<RecentAudit>> RecentAuditAsync(int count = 10) =>
        (await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).Take(count).ToListAsync())
        .Select(a => new RecentAudit(a.OccurredAt, a.UserName, AuditActions.ChineseName(a.Action), a.Summary)).ToList();

    /// <summary>Today's entries (Beijing), failed sign-ins among them, and refused attempts at self-service.</summary>
    public async Task<AuditToday> AuditTodayAsync()
    {
        // PostgreSQL takes instants in UTC only: midnight in Beijing, as an instant.
        var start = new DateTimeOffset(Dates.Today(clock).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        var today = db.AuditEntries.AsNoTracking().Where(a => a.OccurredAt >= start);
        return new AuditToday(
            await today.CountAsync(),
            await today.CountAsync(a => a.Action == AuditActions.LoginFailed || a.Action == AuditActions.TwoFactorFailed),
            await today.CountAsync(a => a.Action == AuditActions.Refused));
    }

    private sealed record CycleRow(long Id, DateOnly Month, string UnitName, string Status, int ItemCount, decimal Total, long? ComputedById,
        string? ComputedBy, string? LastRejection);

    private sealed record StatusCount(string Status, int Count);
}
