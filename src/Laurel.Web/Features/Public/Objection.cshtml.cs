using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Public;

/// <summary>
/// 提出异议: the public form against one candidate of a notice on display. Its POST is the public API's handler
/// (<see cref="ObjectionIntake.SubmitOnlineAsync"/>), under the same per-address limit; the answer is the reference only.
/// </summary>
public sealed class ObjectionModel(ObjectionIntake intake) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true, Name = "candidate")] public long? CandidateId { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public FormErrors Errors { get; } = new();
    public NoticeForObjection Notice { get; private set; } = null!;
    public PublishedCandidate Candidate { get; private set; } = null!;
    public bool Open { get; private set; }
    /// <summary>The number to quote, once the objection is stored.</summary>
    public string? Reference { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var outcome = await intake.SubmitOnlineAsync(id, new ObjectionSubmission(CandidateId, Text, Name, Phone));
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        Errors.Take(outcome);
        Reference = outcome.Value?.Reference;
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        ModelState.Clear();
        var notice = await intake.NoticeAsync(id);
        var today = intake.Today;
        if (notice is null || !notice.IsPublicOn(today) || CandidateId is not { } candidateId
            || await intake.PublishedAsync(id, candidateId) is not { } candidate)
        {
            return false;
        }
        (Notice, Candidate, Open) = (notice, candidate, notice.StatusOn(today) == NoticeStatus.Open);
        return true;
    }
}
