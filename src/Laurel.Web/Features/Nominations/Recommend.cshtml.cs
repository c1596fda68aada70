using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations;

/// <summary>推荐人选: a street or grassroots unit puts a person forward from its pool or as a new person, with the deeds and the vote.</summary>
public sealed class RecommendModel(CampaignQueries campaigns, RecommendCandidate recommend, PoolQueries pool, Scope scope, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class CandidateForm
    {
        public long? OrgUnitId { get; set; }
        public long? PoolEntryId { get; set; }
        public string? Name { get; set; }
        public string? ResidentId { get; set; }
        public string? Workplace { get; set; }
        public string? Post { get; set; }
        public string? Category { get; set; }
        public string? Deeds { get; set; }
        public string? MeetingKind { get; set; }
        public DateOnly? HeldOn { get; set; }
        public int? Present { get; set; }
        public int? For { get; set; }
        public int? Against { get; set; }
        public int? Abstaining { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.OrgUnitId"] = "orgUnitId", ["Input.PoolEntryId"] = "poolEntryId", ["Input.HeldOn"] = "vote.heldOn", ["Input.Present"] = "vote.present",
        ["Input.For"] = "vote.for", ["Input.Against"] = "vote.against", ["Input.Abstaining"] = "vote.abstaining",
    };

    [BindProperty] public CandidateForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }
    public CampaignView Campaign { get; private set; } = null!;
    public List<SelectListItem> Units { get; private set; } = [];
    public List<SelectListItem> PoolEntries { get; private set; } = [];
    public List<SelectListItem> Categories { get; } = NominationCodes.Categories.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public List<SelectListItem> MeetingKinds { get; } = NominationCodes.MeetingKinds.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Input.HeldOn = Dates.Today(clock);
        Input.MeetingKind = "workers_congress";
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!Errors.TakeBindingErrors(ModelState, FormFields))
        {
            var outcome = await recommend.RecommendAsync(new CandidateInput(id, Input.OrgUnitId, Input.PoolEntryId,
                Input.PoolEntryId is null ? Input.Name : null, Input.PoolEntryId is null ? Input.ResidentId : null, Input.Workplace, Input.Post,
                Input.Category, Input.Deeds, new VoteInput(Input.MeetingKind, Input.HeldOn, Input.Present, Input.For, Input.Against, Input.Abstaining)));
            if (outcome.IsOk)
            {
                var warnings = outcome.Value!.CompositionWarnings;
                Flash = "人选已推荐。" + (warnings.Count == 0 ? "" : "结构比例提示：" + string.Join("；", warnings));
                return Redirect($"/nominations/candidates/{outcome.Value.Id}");
            }
            if (outcome.Kind == OutcomeKind.NotFound)
            {
                return NotFound();
            }
            Errors.Take(outcome);
        }
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await campaigns.GetAsync(id);
        if (!outcome.IsOk)
        {
            return false;
        }
        Campaign = outcome.Value!;
        var units = await UnitTree.LoadAsync((await scope.OrgUnitsWhereAsync(g => g.NominationWriteRoots)).Where(u => u.Kind == "street" || u.Kind == "grassroots"));
        Units = UnitTree.Select(units);
        var entries = await pool.ListAsync(null, Campaign.Year, null, 1, Paging.MaxSize);
        PoolEntries = (entries.Value?.Items ?? []).Select(p => new SelectListItem($"{p.Name}（{p.OrgUnitName}，{p.Workplace}）", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return true;
    }
}
