using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations;

/// <summary>One campaign: details, the report (一报告), opening and closing, quotas per unit, the pipeline and the composition.</summary>
public sealed class CampaignModel(CampaignQueries queries, CampaignCommands commands, QuotaCommands quotas, CandidateQueries candidates,
    NominationAccess access, Scope scope, WorkingCalendarStore calendar, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class CampaignForm
    {
        public DateOnly? ReportOn { get; set; }
        public string? ReportDocument { get; set; }
        public long? QuotaUnitId { get; set; }
        public int? Seats { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.ReportOn"] = "reportOn", ["Input.QuotaUnitId"] = "orgUnitId", ["Input.Seats"] = "seats",
    };

    [BindProperty] public CampaignForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<CandidateListItem> Candidates { get; private set; } = [];
    public List<SelectListItem> QuotaUnits { get; private set; } = [];
    public bool CanRecommend { get; private set; }

    /// <summary>Next year (Beijing) when its holiday table is missing: a notice window reaching into it would count Monday–Friday.</summary>
    public int? MissingNextYear { get; private set; }
    public FormErrors Errors { get; } = new();

    /// <summary>The procedure's states that hold a seat, the columns of the pipeline, and the two ends.</summary>
    public static IReadOnlyList<CandidateState> PipelineStates => CandidateStates.All;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Input.ReportOn = Dates.Today(clock);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostReportAsync(long id)
    {
        Errors.Form = "report";
        if (Errors.TakeBindingErrors(ModelState, FormFields))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        return await AfterAsync(id, await commands.RecordReportAsync(id, new CampaignReportInput(Input.ReportOn, Input.ReportDocument)), "报告已记录。");
    }

    public async Task<IActionResult> OnPostOpenAsync(long id) =>
        await AfterAsync(id, await commands.OpenAsync(id), "评选活动已开始推荐。");

    public async Task<IActionResult> OnPostCloseAsync(long id) =>
        await AfterAsync(id, await commands.CloseAsync(id), "评选活动推荐已截止。");

    public async Task<IActionResult> OnPostQuotaAsync(long id)
    {
        Errors.Form = "quota";
        if (Errors.TakeBindingErrors(ModelState, FormFields))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        return await AfterAsync(id, await quotas.AllocateAsync(id, new QuotaInput(Input.QuotaUnitId, Input.Seats)), "名额已分配。");
    }

    private Task<IActionResult> AfterAsync<T>(long id, Outcome<T> outcome, string done)
    {
        Flash = outcome.IsOk ? done : null;
        return NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/campaigns/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return false;
        }
        MissingNextYear = await calendar.MissingNextYearAsync();
        Campaign = outcome.Value!;
        Candidates = (await candidates.ListAsync(id, null, null, 1, Paging.MaxSize)).Value?.Items ?? [];
        var grants = await access.GrantsAsync();
        // The units below the campaign's that the user may hand seats to: children of a unit they administer or manage.
        var units = await UnitTree.LoadAsync(await scope.VisibleOrgUnitsAsync());
        var campaignUnit = Campaign.OrgUnitId;
        var under = Descendants(units, campaignUnit);
        QuotaUnits = UnitTree.Select(under.Where(u => u.ParentId is { } parent && (grants.SelectionAdminRoots.Count > 0 || parent != campaignUnit)));
        CanRecommend = Campaign.Status == CampaignStatuses.Code(CampaignStatus.Open) && grants.NominationWriteRoots.Count > 0;
        return true;
    }

    private static List<UnitOption> Descendants(IReadOnlyList<UnitOption> units, long root)
    {
        var result = new List<UnitOption>();
        var ids = new HashSet<long> { root };
        foreach (var unit in units)
        {
            // The tree is in order (parents before children).
            if (unit.ParentId is { } parent && ids.Contains(parent))
            {
                ids.Add(unit.Id);
                result.Add(unit);
            }
        }
        return result;
    }

    public static string Share(decimal? share) => share is { } s ? Composition.Share(s) : "—";
}
