using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Honorees;

/// <summary>
/// Corrects name, resident ID and phone. The full ID and phone are never sent to the browser: an empty field keeps the
/// stored value, which is read server-side only when saving.
/// </summary>
public sealed class EditModel(HonoreeQueries queries, UpdateHonoree update, Scope scope, ResidentIds ids) : PageModel, IFormPage
{
    public sealed class EditInput
    {
        public string? Name { get; set; }
        public string? ResidentId { get; set; }
        public string? Phone { get; set; }
        public bool ClearPhone { get; set; }
        public int? Version { get; set; }
    }

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public HonoreeView View { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await LoadAsync(id) is { } denied)
        {
            return denied;
        }
        Input = new EditInput { Name = View.Name, Version = View.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await LoadAsync(id) is { } denied)
        {
            return denied;
        }
        if (Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Input.Version"] = "version" }))
        {
            return Page();
        }
        string? residentId = Input.ResidentId;
        string? phone = Input.Phone;
        if (string.IsNullOrWhiteSpace(residentId) || (string.IsNullOrWhiteSpace(phone) && !Input.ClearPhone))
        {
            var current = await scope.FindHonoreeAsync(id, HonoreeAccess.Write);
            if (current is null)
            {
                return NotFound();
            }
            if (string.IsNullOrWhiteSpace(residentId))
            {
                residentId = ids.Reveal(current.ResidentIdCipher);
            }
            if (string.IsNullOrWhiteSpace(phone) && !Input.ClearPhone)
            {
                phone = ids.RevealPhone(current.PhoneCipher);
            }
        }
        var outcome = await update.UpdateAsync(id, new HonoreeUpdateInput(Input.Name, residentId, Input.ClearPhone ? null : phone, Input.Version));
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                TempData["Flash"] = "档案已保存。";
                return Redirect($"/honorees/{id}");
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Conflict when outcome.Message == HonoreeChanges.DuplicateMessage:
                Errors.Add("residentId", outcome.Message);
                break;
            default:
                Errors.Take(outcome);
                break;
        }
        return Page();
    }

    /// <summary>Loads the record; null when the user may edit it, else the answer (404 outside the scope, 403 read-only).</summary>
    private async Task<IActionResult?> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return NotFound();
        }
        View = outcome.Value!;
        return View.CanWrite ? null : Forbid();
    }
}
