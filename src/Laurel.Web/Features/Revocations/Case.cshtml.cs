using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Revocations;

/// <summary>One case: the grounds, the evidence, who proposed it, and for a selection admin of the level the decision and rejection forms.</summary>
public sealed class CaseModel(RevocationQueries queries, DecideCase decide) : PageModel, IFormPage
{
    public sealed class DecisionForm
    {
        public string? DocumentNumber { get; set; }
        public DateOnly? EffectiveOn { get; set; }
    }

    public sealed class RejectionForm
    {
        public string? Reason { get; set; }
    }

    [BindProperty] public DecisionForm Decision { get; set; } = new();
    [BindProperty] public RejectionForm Rejection { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();
    public CaseView Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id) => await ShowAsync(id);

    public async Task<IActionResult> OnPostDecideAsync(long id)
    {
        Errors.Form = "decide";
        if (!Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Decision.EffectiveOn"] = "effectiveOn", ["Decision.DocumentNumber"] = "documentNumber" }))
        {
            var outcome = await decide.DecideAsync(id, new DecisionInput(Decision.DocumentNumber, Decision.EffectiveOn));
            if (Done(outcome, id) is { } result)
            {
                return result;
            }
        }
        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id)
    {
        Errors.Form = "reject";
        var outcome = await decide.RejectAsync(id, new RejectionInput(Rejection.Reason));
        return Done(outcome, id) ?? await ShowAsync(id);
    }

    private IActionResult? Done(Outcome<CaseView> outcome, long id)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Flash = outcome.Value!.Status == "rejected" ? "申请已驳回。" : outcome.Value.Kind == "revocation" ? "已决定撤销，荣誉自生效日期起停止享受待遇。" : "已决定恢复，荣誉恢复有效。";
                return Redirect($"/revocations/{id}");
            case OutcomeKind.NotFound:
                return NotFound();
            default:
                Errors.Take(outcome);
                return null;
        }
    }

    private async Task<IActionResult> ShowAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return NotFound();
        }
        Case = outcome.Value!;
        return Page();
    }
}
