using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>The award decision's own page (表彰决定): what the campaign page's panel shows, and the form's answer after a refusal.</summary>
public sealed class DecideModel(CampaignQueries campaigns, AwardDecision decision, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class DecisionForm
    {
        public string? AwardingBody { get; set; }
        public DateOnly? DecidedOn { get; set; }
        public string? DocumentNumber { get; set; }
    }

    [BindProperty] public DecisionForm Input { get; set; } = new();
    public CampaignView Campaign { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Input.DecidedOn = Dates.Today(clock);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Input.DecidedOn"] = "decidedOn" }))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        var outcome = await decision.DecideAsync(id, new DecisionInput(Input.AwardingBody, Input.DecidedOn, Input.DocumentNumber));
        if (outcome.IsOk)
        {
            TempData["Flash"] = $"已作出表彰决定 {outcome.Value!.DocumentNumber}：{outcome.Value.Items.Count} 人获得{outcome.Value.TitleName}称号，荣誉已登记到本人劳模档案。";
        }
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/campaigns/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await campaigns.GetAsync(id);
        Campaign = outcome.Value!;
        return outcome.IsOk;
    }
}
