using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>发布公示: choose the level and the candidates (those in its entry state), the window with a preview of its closing day, and the contact.</summary>
public sealed class PublishModel(CampaignQueries campaigns, NoticeQueries queries, NoticeCommands commands, WorkingCalendarStore calendar,
    Scope scope, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class PublishForm
    {
        public List<long> CandidateIds { get; set; } = [];
        public DateOnly? OpensOn { get; set; }
        public int? WorkingDays { get; set; }
        public string? Title { get; set; }
        public string? ContactPhone { get; set; }
        public string? ContactAddress { get; set; }
        public string? ContactEmail { get; set; }
        public int? TakedownDays { get; set; }
        public long? OrgUnitId { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.OpensOn"] = "opensOn", ["Input.WorkingDays"] = "workingDays", ["Input.TakedownDays"] = "takedownDays",
        ["Input.OrgUnitId"] = "orgUnitId", ["Input.CandidateIds"] = "candidateIds",
    };

    [BindProperty(SupportsGet = true)] public string Level { get; set; } = "unit";
    [BindProperty] public PublishForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<NoticeChoice> Choices { get; private set; } = [];
    public List<SelectListItem> Units { get; private set; } = [];
    public DateOnly? PreviewClosesOn { get; private set; }
    public FormErrors Errors { get; } = new();

    public NoticeLevel LevelValue => Notices.ParseLevel(Level) ?? NoticeLevel.Unit;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input.OpensOn = Dates.Today(clock);
        Input.WorkingDays = Campaign.NoticeWorkingDays;
        Input.TakedownDays = Notices.DefaultTakedownDays;
        return Page();
    }

    /// <summary>预览公示期: the closing day the calendar gives for the window typed, nothing saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!Errors.TakeBindingErrors(ModelState, FormFields))
        {
            if (Input.OpensOn is not { } opens)
            {
                Errors.Add("opensOn", "公示开始日期不能为空");
            }
            else if (Input.WorkingDays is not (>= 1 and <= 30))
            {
                Errors.Add("workingDays", "公示期应为 1 至 30 个工作日");
            }
            else
            {
                PreviewClosesOn = (await calendar.LoadAsync()).WindowClosesOn(opens, Input.WorkingDays.Value);
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (Errors.TakeBindingErrors(ModelState, FormFields))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        var outcome = await commands.PublishAsync(id, new NoticeInput(Notices.Code(LevelValue), Input.CandidateIds, Input.OpensOn, Input.WorkingDays,
            Input.Title, Input.ContactPhone, Input.ContactAddress, Input.ContactEmail, Input.TakedownDays, Input.OrgUnitId));
        Flash = outcome.IsOk ? $"公示已发布，公示期 {outcome.Value!.OpensOn:yyyy-MM-dd} 至 {outcome.Value.ClosesOn:yyyy-MM-dd}。" : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/notices/{outcome.Value?.Id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await campaigns.GetAsync(id);
        if (!outcome.IsOk)
        {
            return false;
        }
        Campaign = outcome.Value!;
        Choices = await queries.ChoicesAsync(id, LevelValue);
        if (LevelValue == NoticeLevel.Recommending)
        {
            var units = await UnitTree.LoadAsync(await scope.VisibleOrgUnitsAsync());
            Units = UnitTree.Select(units);
        }
        return true;
    }

    public static string LevelCode(NoticeLevel level) => Notices.Code(level);
}
