using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations;

/// <summary>One candidate: the person, the deeds, the democratic recommendation and every step of the procedure; withdrawal with a reason.</summary>
public sealed class CandidateModel(CandidateQueries queries, CandidateSteps steps) : PageModel, IFormPage
{
    [BindProperty] public string? Reason { get; set; }
    [TempData] public string? Flash { get; set; }
    public CandidateView Candidate { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public bool Ended => CandidateStates.Parse(Candidate.State) is { } s && CandidateStates.IsFinal(s);

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        var outcome = await steps.TakeAsync(id, new StepInput(CandidateStates.Code(CandidateAction.Withdraw), Reason));
        Flash = outcome.IsOk ? "人选已撤回。" : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/candidates/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        Candidate = outcome.Value!;
        return outcome.IsOk;
    }
}
