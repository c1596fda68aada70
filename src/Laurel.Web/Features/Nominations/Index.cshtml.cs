using Laurel.Rules.Honours;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations;

/// <summary>推荐评选: the campaigns the user sees, and for selection admins the form that creates one.</summary>
public sealed class IndexModel(CampaignQueries queries, CampaignCommands commands, CurrentUser me, Scope scope, RegionChoices regions, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class CreateForm
    {
        public long? OrgUnitId { get; set; }
        public string? TitleCode { get; set; }
        public string? AwardingRegionCode { get; set; }
        public int? Year { get; set; }
        public string? BasisDocument { get; set; }
        public int? SeatTotal { get; set; }
        public DateOnly? NominationsOpenOn { get; set; }
        public DateOnly? NominationsCloseOn { get; set; }
        public int? NoticeWorkingDays { get; set; } = 5;
        public string? Departments { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.OrgUnitId"] = "orgUnitId", ["Input.Year"] = "year", ["Input.SeatTotal"] = "seatTotal",
        ["Input.NominationsOpenOn"] = "nominationsOpenOn", ["Input.NominationsCloseOn"] = "nominationsCloseOn", ["Input.NoticeWorkingDays"] = "noticeWorkingDays",
    };

    [BindProperty] public CreateForm Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? YearFilter { get; set; }
    [TempData] public string? Flash { get; set; }

    public Page<CampaignListItem> Campaigns { get; private set; } = new([], 0, 1, Paging.DefaultSize);
    public List<SelectListItem> AdminUnits { get; private set; } = [];
    public List<SelectListItem> Titles { get; } = TitleCatalogue.All.Select(t => new SelectListItem(t.Name, t.Code)).ToList();
    public bool CanRecommend { get; private set; }
    public RegionList Regions { get; private set; } = new(null);
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await me.GrantsAsync()).NominationReadRoots.Count == 0)
        {
            return Forbid();
        }
        Input.Year = Dates.Today(clock).Year;
        Input.Departments = string.Join("、", Rules.Nominations.NominationCodes.DefaultDepartments);
        Regions = await regions.ForCurrentUserAsync();
        Input.AwardingRegionCode = Regions.Home;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await me.GrantsAsync()).SelectionAdminRoots.Count == 0)
        {
            return Forbid();
        }
        if (!Errors.TakeBindingErrors(ModelState, FormFields))
        {
            var departments = Input.Departments?.Split(['、', ',', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outcome = await commands.CreateAsync(new CampaignInput(Input.OrgUnitId, Input.TitleCode, RegionChoices.ToCode(Input.AwardingRegionCode),
                Input.Year, Input.BasisDocument, Input.SeatTotal, Input.NominationsOpenOn, Input.NominationsCloseOn, Input.NoticeWorkingDays, departments, null));
            if (outcome.IsOk)
            {
                Flash = "评选活动已创建。下一步：记录向同级党委的报告（一报告），然后开始推荐。";
                return Redirect($"/nominations/campaigns/{outcome.Value!.Id}");
            }
            Errors.Take(outcome);
        }
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var grants = await me.GrantsAsync();
        Campaigns = await queries.ListAsync(YearFilter, null, PageNumber, Paging.DefaultSize);
        AdminUnits = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.SelectionAdminRoots)));
        CanRecommend = grants.NominationWriteRoots.Count > 0;
        Regions = await regions.ForCurrentUserAsync();
        return Page();
    }

    public int PageCount => Math.Max(1, (Campaigns.Total + Campaigns.PageSize - 1) / Campaigns.PageSize);
}
