using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Revocations;

/// <summary>申请撤销 / 申请恢复: a manager of the honoree proposes a case on one of their honours.</summary>
public sealed class NewModel(LaurelDb db, Scope scope, ProposeCase propose) : PageModel, IFormPage
{
    public sealed class ProposeForm
    {
        public string? Grounds { get; set; }
        public string? Evidence { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "honourId")] public long? HonourId { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    [BindProperty] public ProposeForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();
    public bool IsReinstatement => Kind == "reinstatement";
    public string HonoreeName { get; private set; } = "";
    public long HonoreeId { get; private set; }
    public string HonourName { get; private set; } = "";
    public DateOnly AwardedOn { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await propose.ProposeAsync(new ProposeInput(HonourId, IsReinstatement ? "reinstatement" : "revocation", Input.Grounds, Input.Evidence));
        if (outcome.IsOk)
        {
            Flash = IsReinstatement ? "恢复申请已提出，等待授予层级的评选管理员审核。" : "撤销申请已提出，等待授予层级的评选管理员审核。";
            return Redirect($"/revocations/{outcome.Value}");
        }
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        Errors.Take(outcome);
        return Page();
    }

    /// <summary>The honour and its honoree, when the user may write the honoree's record; false otherwise (404).</summary>
    private async Task<bool> LoadAsync()
    {
        if (Kind is not (null or "" or "revocation" or "reinstatement"))
        {
            return false;
        }
        var honour = HonourId is null ? null : await db.Honours.AsNoTracking().FirstOrDefaultAsync(h => h.Id == HonourId);
        if (honour is null || await scope.FindHonoreeAsync(honour.HonoreeId, HonoreeAccess.Write) is not { } honoree)
        {
            return false;
        }
        HonoreeId = honoree.Id;
        HonoreeName = honoree.Name;
        HonourName = TitleCatalogue.Find(honour.TitleCode) is { } t ? TitleCatalogue.DisplayName(t, honour.AwardingRegionCode) : honour.TitleCode;
        AwardedOn = honour.AwardedOn;
        return true;
    }
}
