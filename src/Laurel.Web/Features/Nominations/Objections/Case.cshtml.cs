using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>
/// One objection case: the notice, the candidate as published, the channel, the text (always as text), the masked phone
/// (the full one only on an audited reveal), the notes, the finding, the response and, after an upheld finding, the
/// campaign's decision to continue or to reject the candidate (confirmed first).
/// </summary>
public sealed class CaseModel(ObjectionQueries queries, ObjectionCommands commands) : PageModel, IFormPage
{
    public sealed class CaseForm
    {
        public long? InvestigatorUserId { get; set; }
        public string? Note { get; set; }
        public string? Finding { get; set; }
        public string? Reason { get; set; }
        public DateOnly? RespondedOn { get; set; }
        public string? Text { get; set; }
        public int? Version { get; set; }
    }

    [BindProperty] public CaseForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();
    public ObjectionView Case { get; private set; } = null!;
    public IReadOnlyList<InvestigatorOption> Investigators { get; private set; } = [];
    public string? FullPhone { get; private set; }

    public static IReadOnlyList<(string Code, string Name)> Findings { get; } =
        [("upheld", "属实"), ("partly_upheld", "部分属实"), ("not_upheld", "不属实"), ("inadmissible", "不予受理")];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostAssignAsync(long id) =>
        AfterAsync(id, "assign", "已指定调查人。", () => commands.AssignAsync(id, new AssignInput(Input.InvestigatorUserId, Input.Version)));

    public Task<IActionResult> OnPostNoteAsync(long id) =>
        AfterAsync(id, "note", "调查记录已保存。", async () => Map(await commands.AddNoteAsync(id, new NoteInput(Input.Note))));

    public Task<IActionResult> OnPostFindingAsync(long id) =>
        AfterAsync(id, "finding", "调查结论已记录。", () => commands.FindAsync(id, new FindingInput(Input.Finding, Input.Reason, Input.Version)));

    public Task<IActionResult> OnPostResponseAsync(long id) =>
        AfterAsync(id, "response", "答复已记录。", () => commands.RespondAsync(id, new ResponseInput(Input.RespondedOn, Input.Text, Input.Version)));

    public Task<IActionResult> OnPostContinueAsync(long id) =>
        AfterAsync(id, "continue", "已记录继续推荐的决定。", () => commands.ContinueAsync(id, new DecisionReasonInput(Input.Reason, Input.Version)));

    public Task<IActionResult> OnPostRejectAsync(long id) =>
        AfterAsync(id, "reject", "该人选已不予通过。", () => commands.RejectCandidateAsync(id, new DecisionReasonInput(Input.Reason, Input.Version)));

    public async Task<IActionResult> OnPostPhoneAsync(long id)
    {
        var outcome = await queries.RevealPhoneAsync(id);
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        Errors.Take(outcome);
        FullPhone = outcome.Value;
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private static Outcome<string> Map<T>(Outcome<T> outcome) => new(outcome.Kind, outcome.IsOk ? "" : null, outcome.Errors, outcome.Message);

    private async Task<IActionResult> AfterAsync<T>(long id, string form, string done, Func<Task<Outcome<T>>> act)
    {
        Errors.Form = form;
        if (Errors.TakeBindingErrors(ModelState, new Dictionary<string, string>
            {
                ["Input.RespondedOn"] = "respondedOn", ["Input.InvestigatorUserId"] = "investigatorUserId", ["Input.Version"] = "version",
            }))
        {
            return await LoadAsync(id) ? Page() : NotFound();
        }
        var outcome = await act();
        Flash = outcome.IsOk ? done : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/objections/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return false;
        }
        Case = outcome.Value!;
        if (Case.CanHandle && Case.Finding is null)
        {
            Investigators = (await queries.InvestigatorsAsync(id)).Value ?? [];
        }
        return true;
    }
}
