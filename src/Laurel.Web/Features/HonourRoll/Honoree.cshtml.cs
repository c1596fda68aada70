using Laurel.Rules.HonourRoll;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.HonourRoll;

/// <summary>
/// 光荣榜公开: an honoree's consents to publish (per field, dated, withdrawable, the history kept), the deeds paragraph
/// and the photo, and what the public roll shows of them now. Managers in scope change them; viewers read.
/// </summary>
public sealed class HonoreeModel(HonourRollQueries queries, HonourRollCommands commands, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class ConsentForm
    {
        public string? Field { get; set; }
        public string? GivenBy { get; set; }
        public string? FamilyMember { get; set; }
        public string? Form { get; set; }
        public DateOnly? GivenOn { get; set; }
        public string? Note { get; set; }
    }

    public sealed class WithdrawForm
    {
        public long ConsentId { get; set; }
        public DateOnly? WithdrawnOn { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public WithdrawForm Withdrawal { get; set; } = new();
    [BindProperty] public string? Deeds { get; set; }
    [TempData] public string? Flash { get; set; }

    public HonourRollView View { get; private set; } = null!;
    public FormErrors Errors { get; } = new();
    public string Today => Show.Date(Dates.Today(clock));

    public static IReadOnlyList<ConsentField> Fields { get; } = Enum.GetValues<ConsentField>();
    public static IReadOnlyList<ConsentGiver> Givers { get; } = Enum.GetValues<ConsentGiver>();
    public static IReadOnlyList<Laurel.Rules.HonourRoll.ConsentForm> Forms { get; } = Enum.GetValues<Laurel.Rules.HonourRoll.ConsentForm>();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Deeds = View.Deeds;
        return Page();
    }

    public async Task<IActionResult> OnGetPhotoAsync(long id, CancellationToken ct)
    {
        var photo = await queries.PhotoAsync(id, ct);
        if (!photo.IsOk)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(photo.Value!.Bytes, photo.Value.Info.ContentType, photo.Value.Info.FileName);
    }

    public async Task<IActionResult> OnPostConsentAsync(long id)
    {
        Errors.Form = "consent";
        if (!Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Consent.GivenOn"] = "givenOn" }))
        {
            Errors.Take(await commands.RecordConsentAsync(id, new ConsentInput(Consent.Field, Consent.GivenBy, Consent.FamilyMember,
                Consent.Form, Consent.GivenOn, Consent.Note)), conflictField: "field");
        }
        return await AfterAsync(id, "同意记录已保存。");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        Errors.Form = "withdraw-" + Withdrawal.ConsentId;
        if (!Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Withdrawal.WithdrawnOn"] = "withdrawnOn" }))
        {
            Errors.Take(await commands.WithdrawConsentAsync(id, Withdrawal.ConsentId, new ConsentWithdrawalInput(Withdrawal.WithdrawnOn, Withdrawal.Reason)));
        }
        return await AfterAsync(id, "同意已撤回，光荣榜不再公开该项内容。");
    }

    public async Task<IActionResult> OnPostDeedsAsync(long id)
    {
        Errors.Form = "deeds";
        Errors.Take(await commands.SetDeedsAsync(id, new DeedsInput(Deeds)));
        return await AfterAsync(id, "事迹简介已保存。");
    }

    private async Task<IActionResult> AfterAsync(long id, string flash)
    {
        if (!Errors.Any)
        {
            Flash = flash;
            return Redirect($"/honour-roll/honorees/{id}");
        }
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var view = await queries.GetAsync(id);
        if (!view.IsOk)
        {
            return false;
        }
        View = view.Value!;
        return true;
    }

    public static string FieldName(string code) => Consents.ParseField(code) is { } f ? Consents.ChineseName(f) : code;
    public static string GiverName(string code) => Consents.ParseGiver(code) is { } g ? Consents.ChineseName(g) : code;
    public static string FormName(string code) => Consents.ParseForm(code) is { } f ? Consents.ChineseName(f) : code;
}
