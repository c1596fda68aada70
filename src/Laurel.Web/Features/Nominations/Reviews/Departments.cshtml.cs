using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>The model of _CampaignReviewDepartments: the campaign, whether the user may change it, and a refused post's choice and errors.</summary>
public sealed record DepartmentsPanel(long CampaignId, FormErrors? Errors = null, IReadOnlyList<string>? Chosen = null);

/// <summary>
/// The campaign's review-two requirements on a page of their own (/nominations/campaigns/{id}/review-departments): where
/// the campaign page's form posts; a saved choice returns to the campaign page, a refused one shows the form again.
/// </summary>
public sealed class DepartmentsModel(ReviewQueries queries, ReviewCommands commands) : PageModel, IFormPage
{
    [BindProperty] public List<string> Required { get; set; } = [];
    [TempData] public string? Flash { get; set; }
    public long CampaignId { get; private set; }
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var outcome = await commands.SetRequiredDepartmentsAsync(id, new ReviewDepartmentsInput(Required));
        Flash = outcome.IsOk ? "审核二征求意见要求已保存。" : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/campaigns/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        CampaignId = id;
        return (await queries.DepartmentsAsync(id)).IsOk;
    }
}
