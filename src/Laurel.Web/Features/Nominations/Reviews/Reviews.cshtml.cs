using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>What the review forms of the candidate page post; every field of the four forms, which name them apart.</summary>
public sealed class ReviewForm
{
    public string? CommitteeName { get; set; }
    public DateOnly? ConsentedOn { get; set; }
    public string? Signer { get; set; }
    public string? Document { get; set; }
    public string? Note { get; set; }
    public string? CorrectionReason { get; set; }
    public string? Department { get; set; }
    public string? Authority { get; set; }
    public string? Opinion { get; set; }
    public string? Remarks { get; set; }
    public DateOnly? SignedOn { get; set; }
    public string? OpinionSigner { get; set; }
    public string? OpinionCorrectionReason { get; set; }
    public long? OpinionId { get; set; }
    public string? OverrideReason { get; set; }
    public long? OverrideId { get; set; }
    public string? RejectionReason { get; set; }
}

/// <summary>The model of _CandidateReviews: the candidate, and after a refused post the form's values and errors.</summary>
public sealed record ReviewsPanel(long CandidateId, FormErrors? Errors = null, ReviewForm? Form = null);

/// <summary>
/// The candidate's two reviews on a page of their own (/nominations/candidates/{id}/reviews): where the review forms of
/// the candidate page post. A recorded review returns to the candidate page; a refused one shows the forms again with the errors.
/// </summary>
public sealed class ReviewsModel(ReviewQueries queries, ReviewCommands commands, OpinionOverrides overrides, TimeProvider clock) : PageModel, IFormPage
{
    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.ConsentedOn"] = "consentedOn", ["Input.SignedOn"] = "signedOn", ["Input.OpinionId"] = "opinionId", ["Input.OverrideId"] = "overrideId",
    };

    [BindProperty] public ReviewForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }
    public CandidateReviewsView Reviews { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Input.ConsentedOn = Input.SignedOn = Dates.Today(clock);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostFirstReviewAsync(long id) => PostAsync(id, "first", "审核一已记录。", () => commands.RecordFirstReviewAsync(id,
        new FirstReviewInput(Input.CommitteeName, Input.ConsentedOn, Input.Signer, Input.Document, Input.Note, Input.CorrectionReason)));

    public Task<IActionResult> OnPostOpinionAsync(long id) => PostAsync(id, "opinion", "部门意见已录入。", () => commands.RecordOpinionAsync(id,
        new OpinionInput(Input.Department, Input.Authority, Input.Opinion, Input.Remarks, Input.SignedOn, Input.OpinionSigner, Input.OpinionCorrectionReason)));

    public Task<IActionResult> OnPostProposeAsync(long id) => PostAsync(id, "propose", "继续推荐的申请已提出，待另一名评选管理员批准。",
        () => overrides.ProposeAsync(id, new OverrideInput(Input.OpinionId, Input.OverrideReason)));

    public Task<IActionResult> OnPostApproveAsync(long id) => PostAsync(id, $"decide-{Input.OverrideId}", "已批准继续推荐。",
        () => Input.OverrideId is { } o ? overrides.ApproveAsync(o) : Task.FromResult(Outcome<OverrideView>.NotFound()));

    public Task<IActionResult> OnPostRejectAsync(long id) => PostAsync(id, $"decide-{Input.OverrideId}", "继续推荐的申请已驳回。",
        () => Input.OverrideId is { } o ? overrides.RejectAsync(o, new OverrideRejection(Input.RejectionReason)) : Task.FromResult(Outcome<OverrideView>.NotFound()));

    private async Task<IActionResult> PostAsync<T>(long id, string form, string done, Func<Task<Outcome<T>>> run)
    {
        Errors.Form = form;
        if (Errors.TakeBindingErrors(ModelState, FormFields))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        var outcome = await run();
        Flash = outcome.IsOk ? done : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/candidates/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        Reviews = outcome.Value!;
        return outcome.IsOk;
    }
}
