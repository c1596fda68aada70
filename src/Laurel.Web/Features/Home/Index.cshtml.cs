using Laurel.Rules.Access;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Home;

/// <summary>
/// Each role's start page: counts and the items waiting for the signed-in user — the registry for cadres, the cycles to
/// approve or sent back for finance staff, the decisions waiting for a sysadmin, the day's activity for an auditor.
/// </summary>
public sealed class IndexModel(CurrentUser me, HomeQueries queries, LaurelDb db) : PageModel
{
    public AccessGrants Grants { get; private set; } = new([]);
    public string DisplayName { get; private set; } = "";

    public IReadOnlyList<HomeLevelCount>? Counts { get; private set; }
    public IReadOnlyList<RecentRecord> RecentRecords { get; private set; } = [];

    public bool IsFinance { get; private set; }
    /// <summary>Computed by someone else: waiting for this user's approval (maker-checker).</summary>
    public IReadOnlyList<HomeCycle> ToApprove { get; private set; } = [];
    /// <summary>Computed by this user and sent back (退回) with a comment.</summary>
    public IReadOnlyList<HomeCycle> SentBack { get; private set; } = [];
    /// <summary>Computed by this user, waiting for another finance person.</summary>
    public IReadOnlyList<HomeCycle> AwaitingOthers { get; private set; } = [];
    public IReadOnlyList<(string StatusName, int Count)> CycleCounts { get; private set; } = [];

    public IReadOnlyList<WaitingDecision> Decisions { get; private set; } = [];
    public int MyProposalsWaiting { get; private set; }
    public HomeUserCounts? UserCounts { get; private set; }

    public IReadOnlyList<RecentAudit> RecentAudit { get; private set; } = [];
    public AuditToday? AuditToday { get; private set; }

    private static readonly string Computed = PaymentCycles.Code(CycleStatus.Computed), Draft = PaymentCycles.Code(CycleStatus.Draft);

    public IReadOnlyList<HomeCampaign> Campaigns { get; private set; } = [];

    public bool HasNothing => !Grants.CanReadHonorees && !Grants.IsSysadmin && !Grants.IsAuditor && !Grants.CanReadPayments && Grants.SelectionAdminRoots.Count == 0;

    public async Task OnGetAsync()
    {
        Grants = await me.GrantsAsync();
        var myId = me.Id;
        var name = await db.Users.AsNoTracking().Where(u => u.Id == myId).Select(u => u.DisplayName).FirstOrDefaultAsync();
        DisplayName = string.IsNullOrWhiteSpace(name) ? me.UserName ?? "" : name;
        if (Grants.CanReadHonorees)
        {
            Counts = await queries.LevelCountsAsync();
            RecentRecords = await queries.RecentRecordsAsync();
        }
        IsFinance = Grants.PaymentActRoots.Count > 0;
        if (IsFinance)
        {
            var open = await queries.OpenCyclesAsync();
            ToApprove = open.Where(c => c.Cycle.Status == Computed && c.ComputedById != myId).Select(c => c.Cycle).ToList();
            AwaitingOthers = open.Where(c => c.Cycle.Status == Computed && c.ComputedById == myId).Select(c => c.Cycle).ToList();
            SentBack = open.Where(c => c.Cycle.Status == Draft && c.Cycle.LastRejection is not null && c.ComputedById == myId).Select(c => c.Cycle).ToList();
        }
        if (Grants.CanReadPayments)
        {
            CycleCounts = await queries.CycleCountsAsync();
        }
        if (Grants.IsSysadmin)
        {
            (Decisions, MyProposalsWaiting) = await queries.PendingDecisionsAsync();
            UserCounts = await queries.UserCountsAsync();
        }
        if (Grants.SelectionAdminRoots.Count > 0)
        {
            Campaigns = await queries.CampaignsInProgressAsync();
        }
        if (Grants.IsAuditor)
        {
            RecentAudit = await queries.RecentAuditAsync();
            AuditToday = await queries.AuditTodayAsync();
        }
    }
}
