using Laurel.Web.Data;
using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// One payment cycle: its totals, the change against the previous month, its items, and the buttons its status allows
/// to finance staff. Every refusal of a handler (maker-checker, special fund, status, a bad file) is shown on the page.
/// </summary>
/// <remarks>
/// Bank result files are larger than the 1 MB every other request is held to. The limits are endpoint metadata, and
/// the handlers of a page share one endpoint, so they are set on the page: any of its forms may be that large.
/// </remarks>
[RequestSizeLimit(BankResultFile.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = BankResultFile.MaxRequestBytes)]
public sealed class CycleModel(PaymentCycleQueries queries, BankCommands bank, UnitOfWork work) : PageModel, IFormPage
{
    public const int PageSize = 50;

    public static IReadOnlyList<ItemType> ItemTypes { get; } = Enum.GetValues<ItemType>();

    /// <summary>The item type shown (regular, arrears, recovery); all when empty or unknown.</summary>
    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    /// <summary>The bank result shown (pending, settled, returned, none); all when empty or unknown.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    /// <summary>The search in the items: a part of an honoree's name, or an instruction ID.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps the page path in the route value "page".</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    /// <summary>The reviewer's comment of the 退回 form.</summary>
    [BindProperty] public string? Comment { get; set; }

    [TempData] public string? Flash { get; set; }

    public CycleView Cycle { get; private set; } = null!;
    public ItemPage ItemPage { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<MonthChange> MonthChanges { get; private set; } = [];

    /// <summary>Whether the paying unit has a cycle for the month before: without one, every payment would show as new.</summary>
    public bool HasPreviousMonth { get; private set; }

    /// <summary>The answer of the approval just made, with the changes in the facts since the compute.</summary>
    public ApprovalView? Approval { get; private set; }

    /// <summary>The honorees' names of <see cref="Approval"/>'s changes.</summary>
    public IReadOnlyDictionary<long, string> ApprovalNames { get; private set; } = new Dictionary<long, string>();

    /// <summary>The counts of the bank result file just imported.</summary>
    public ReconciliationView? Reconciliation { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? ShownType => Type is not null && PaymentItems.Parse(Type) is not null ? Type : null;
    public string? ShownStatus => Status is not null && PaymentCycleQueries.ItemStatuses.Contains(Status) ? Status : null;

    /// <summary>The search as it is applied: trimmed, at most 50 characters (the field's limit).</summary>
    public string? ShownQuery => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim() is { Length: > 50 } q ? q[..50] : Q.Trim();

    /// <summary>The honorees of the shown items whose record (劳模档案) the user may open: their names are links.</summary>
    public IReadOnlySet<long> ReadableHonorees { get; private set; } = new HashSet<long>();

    /// <summary>
    /// Whether the user may approve now: the status allows it and they did not compute the cycle themselves (the maker
    /// is not shown the button at all; ApproveCycle refuses them all the same).
    /// </summary>
    public bool MayApprove => Allows(CycleAction.Approve) && !Cycle.ComputedByMe;

    /// <summary>Whether the user may send the cycle back: a reviewer, not the one who computed it (RejectCycle refuses them too).</summary>
    public bool MayReject => Allows(CycleAction.Reject) && !Cycle.ComputedByMe;

    /// <summary>The address of the items with the shown filters and search, at page <paramref name="page"/>.</summary>
    public string ItemsLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("q", ShownQuery);
        Add("type", ShownType);
        Add("status", ShownStatus);
        Add("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"/payments/{Cycle.Id}?{string.Join("&", query)}#items";
    }
    public int PageCount => Math.Max(1, (ItemPage.Total + PageSize - 1) / PageSize);

    /// <summary>Whether the user may take the action now: finance staff of the unit, in a status that allows it.</summary>
    public bool Allows(CycleAction action) => Cycle.CanAct && PaymentCycles.Next(PaymentCycles.Parse(Cycle.Status)!.Value, action) is not null;

    /// <summary>The fields whose errors show beside their form: the forms shown in the cycle's status.</summary>
    public string[] ShownFields =>
        [.. Allows(CycleAction.Reject) ? ["comment"] : Array.Empty<string>(), .. Allows(CycleAction.Reconcile) ? ["file"] : Array.Empty<string>()];

    public async Task<IActionResult> OnGetAsync(long id) => await ShowAsync(id);

    public async Task<IActionResult> OnPostComputeAsync(long id, [FromServices] ComputeCycle compute) =>
        await DoneAsync(id, await compute.ComputeAsync(id, HttpContext.RequestAborted), "计算完成。请由另一名财务人员核对后审批。");

    public async Task<IActionResult> OnPostApproveAsync(long id, [FromServices] ApproveCycle approve)
    {
        var outcome = await approve.ApproveAsync(id, HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            return Refused(outcome) ?? await ShowAsync(id);
        }
        // Shown at once, not after a redirect: the changes since the compute can be too many to carry to the next request.
        await work.CommitAsync();
        Approval = outcome.Value!;
        ApprovalNames = await queries.HonoreeNamesAsync(Approval.ChangesSinceCompute.Select(c => c.HonoreeId).ToList());
        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id, [FromServices] RejectCycle reject)
    {
        Errors.Form = "reject";
        return await DoneAsync(id, await reject.RejectAsync(id, new CommentInput(Comment), HttpContext.RequestAborted), "批次已退回，退回意见已记录。");
    }

    /// <summary>True while the page asks to confirm a deletion (a second press, no script needed).</summary>
    public bool ConfirmingDelete { get; private set; }

    /// <summary>
    /// Deletes a draft or computed cycle: the first press shows a confirmation, the confirmed one deletes and goes back
    /// to the list of cycles.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(long id, bool confirmed, [FromServices] DeleteCycle delete)
    {
        if (!confirmed)
        {
            ConfirmingDelete = true;
            return await ShowAsync(id);
        }
        var outcome = await delete.DeleteAsync(id, HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            return Refused(outcome) ?? await ShowAsync(id);
        }
        Flash = "发放批次已删除，其明细一并删除。";
        return Redirect("/payments");
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, [FromServices] CloseCycle close) =>
        await DoneAsync(id, await close.CloseAsync(id, HttpContext.RequestAborted), "批次已关闭。");

    /// <summary>
    /// The bank file, as the API gives it. A form, not a link: exporting moves an approved cycle on and is audited,
    /// which a cross-site link or a prefetch must not do.
    /// </summary>
    public async Task<IActionResult> OnPostExportAsync(long id, string? format)
    {
        var outcome = await bank.ExportAsync(id, format, HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            return Refused(outcome) ?? await ShowAsync(id);
        }
        var file = outcome.Value!;
        return File(file.Content, file.ContentType, file.FileName);
    }

    public async Task<IActionResult> OnPostResultsAsync(long id, IFormFile? file)
    {
        Errors.Form = "results";
        // A page's form is read before its handler runs (its antiforgery token is in it); the file is parsed only
        // after the same checks as the API's.
        var outcome = await bank.ReconcileAsync(id,
            _ => Task.FromResult(file is { Length: > 0 } ? new BankUpload(file.FileName, file.OpenReadStream()) : null), HttpContext.RequestAborted);
        if (!outcome.IsOk)
        {
            return Refused(outcome) ?? await ShowAsync(id);
        }
        // Shown at once: the unknown instruction IDs are the list the user has to look into.
        await work.CommitAsync();
        Reconciliation = outcome.Value!;
        return await ShowAsync(id);
    }

    /// <summary>Success redirects with the message, so that a refresh does not post again.</summary>
    private async Task<IActionResult> DoneAsync<T>(long id, Outcome<T> outcome, string message)
    {
        if (!outcome.IsOk)
        {
            return Refused(outcome) ?? await ShowAsync(id);
        }
        Flash = message;
        return Redirect($"/payments/{id}");
    }

    /// <summary>Not found is a 404; any other refusal is kept for the page to show (null).</summary>
    private IActionResult? Refused<T>(Outcome<T> outcome)
    {
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        Errors.Take(outcome);
        return null;
    }

    private async Task<IActionResult> ShowAsync(long id)
    {
        var cycle = await queries.GetAsync(id);
        if (!cycle.IsOk)
        {
            return NotFound();
        }
        Cycle = cycle.Value!;
        var previous = PayMonth.Format(PayMonth.Parse(Cycle.Month)!.Value.AddMonths(-1));
        HasPreviousMonth = (await queries.ListAsync(Cycle.PayingOrgUnitId)).Any(c => c.Month == previous);
        MonthChanges = HasPreviousMonth ? (await queries.ChangesFromPreviousMonthAsync(id)).Value ?? [] : [];
        ItemPage = (await queries.ItemsAsync(id, PageNumber, PageSize, ShownType, q: ShownQuery, status: ShownStatus)).Value ?? ItemPage;
        ReadableHonorees = await queries.ReadableHonoreesAsync(ItemPage.Items.Select(i => i.HonoreeId).ToList());
        return Page();
    }
}
