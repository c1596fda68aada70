using Laurel.Rules.Honours;
using Laurel.Web.Policy;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Honorees;

public sealed class DetailModel(HonoreeQueries queries, Scope scope, EntitlementQueries entitlements,
    BankAccountQueries bankAccounts, BankAccountCommands bankAccountCommands, HonoreePayments payments, ApprovedPayments approvals,
    PolicyPacks packs, RegionChoices regions, HonourCases cases, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class HonourForm
    {
        public string? TitleCode { get; set; }
        public string? AwardingRegionCode { get; set; }
        public DateOnly? AwardedOn { get; set; }
        public string? AwardingBody { get; set; }
        public string? DocumentNumber { get; set; }
        public string? CertificateNumber { get; set; }
    }

    public sealed class WithdrawForm
    {
        public string? Reason { get; set; }
    }

    public sealed class EventForm
    {
        public string? Type { get; set; }
        public DateOnly? EffectiveOn { get; set; }
        public string? Status { get; set; }
        public string? EmployerName { get; set; }
        public string? EmployerType { get; set; }
        public string? Scheme { get; set; }
        public decimal? MonthlyAmount { get; set; }
        public string? RegionCode { get; set; }
        public long? OrgUnitId { get; set; }
    }

    public sealed class BankForm
    {
        public string? BankName { get; set; }
        public string? AccountName { get; set; }
        public string? AccountNumber { get; set; }
    }

    /// <summary>An application approved for payment; Benefit is "pack|benefit".</summary>
    public sealed class ApprovalForm
    {
        public string? Benefit { get; set; }
        public string? Month { get; set; }
        public decimal? Amount { get; set; }
        public string? Reference { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "asOf")]
    public DateOnly? AsOf { get; set; }

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? Tab { get; set; }

    /// <summary>The month of the 待遇 tab as a month field sends it (2026-07); this month when not given.</summary>
    [BindProperty(SupportsGet = true, Name = "month")]
    public string? Month { get; set; }

    public EntitlementsView? Benefits { get; private set; }

    /// <summary>Why the 待遇 tab's month was refused (a message naming the field), when it was.</summary>
    public string? BenefitsError { get; private set; }

    [BindProperty] public HonourForm Honour { get; set; } = new();
    [BindProperty] public EventForm Event { get; set; } = new();
    [BindProperty] public WithdrawForm Withdraw { get; set; } = new();
    [BindProperty] public BankForm Bank { get; set; } = new();
    [BindProperty] public ApprovalForm Approval { get; set; } = new();

    /// <summary>The applications approved for payment (发放记录 tab).</summary>
    public IReadOnlyList<ApprovedPaymentView> Approvals { get; private set; } = [];

    /// <summary>The benefits paid on application of the in-force packs that cover the honoree: what an approval can be for.</summary>
    public List<SelectListItem> ApprovalBenefits { get; private set; } = [];

    /// <summary>The honoree's bank account, masked unless a full view was asked for; null when none is registered.</summary>
    public BankAccountView? Account { get; private set; }

    /// <summary>The 发放记录 tab: the items of approved cycles that paid the honoree, and what they owe back.</summary>
    public HonoreePaymentsView Payments { get; private set; } = new([], []);

    [TempData] public string? Flash { get; set; }

    public HonoreeView View { get; private set; } = null!;

    /// <summary>The revocation and reinstatement cases of the honoree's honours (the 荣誉 tab's history).</summary>
    public IReadOnlyList<HonourCaseSummary> Cases { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public string? AsOfError { get; private set; }

    /// <summary>The fact whose withdraw form was posted.</summary>
    public long? WithdrawFactId { get; private set; }

    public List<SelectListItem> WriteUnits { get; private set; } = [];

    /// <summary>The choices of the region fields (授予地区, 新户籍地区).</summary>
    public RegionList Regions { get; private set; } = new(null);

    public static IReadOnlyList<SelectListItem> TitleItems { get; } = TitleCatalogue.All
        .Select(t => new SelectListItem($"{t.Name}（{HonourLevels.ChineseName(t.Level)}）", t.Code)).ToList();

    public string ActiveTab => Tab is "honours" or "timeline" or "benefits" or "bank" or "payments" ? Tab : "record";

    public async Task<IActionResult> OnGetAsync(long id) => await ShowAsync(id);

    public async Task<IActionResult> OnPostRevealAsync(long id)
    {
        Response.Headers.CacheControl = "no-store";
        Tab = "record";
        return await ShowAsync(id, revealFullId: true);
    }

    public async Task<IActionResult> OnPostRevealPhoneAsync(long id)
    {
        Response.Headers.CacheControl = "no-store";
        Tab = "record";
        return await ShowAsync(id, revealPhone: true);
    }

    public async Task<IActionResult> OnPostRevealAccountAsync(long id)
    {
        Response.Headers.CacheControl = "no-store";
        Tab = "bank";
        return await ShowAsync(id, revealAccount: true);
    }

    public async Task<IActionResult> OnPostBankAsync(long id)
    {
        Tab = "bank";
        Errors.Form = "bank";
        var outcome = await bankAccountCommands.SetAsync(id, new BankAccountInput(Bank.BankName, Bank.AccountName, Bank.AccountNumber));
        return Done(outcome, "银行账户已保存。") ?? await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostApprovalAsync(long id)
    {
        Tab = "payments";
        Errors.Form = "approval";
        if (!Errors.TakeBindingErrors(ModelState, Keys("Approval", "amount")))
        {
            var parts = (Approval.Benefit ?? "").Split('|');
            var outcome = await approvals.RecordAsync(id, new ApprovedPaymentInput(parts[0], parts.ElementAtOrDefault(1), Approval.Month, Approval.Amount, Approval.Reference));
            if (Done(outcome, "审批已登记，将由该月的发放批次发放。") is { } result)
            {
                return result;
            }
        }
        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostHonourAsync(long id, [FromServices] AddHonour add)
    {
        Tab = "honours";
        Errors.Form = "honour";
        if (!Errors.TakeBindingErrors(ModelState, Keys("Honour", "awardedOn")))
        {
            var h = Honour;
            var outcome = await add.AddHonourAsync(id, new HonourInput(h.TitleCode, RegionChoices.ToCode(h.AwardingRegionCode), h.AwardedOn, h.AwardingBody,
                h.DocumentNumber, h.CertificateNumber));
            if (Done(outcome, "荣誉已登记。") is { } result)
            {
                return result;
            }
        }
        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostEventAsync(long id, [FromServices] RecordFact record)
    {
        Tab = "timeline";
        Errors.Form = "event";
        if (!Errors.TakeBindingErrors(ModelState, Keys("Event", "effectiveOn", "monthlyAmount", "orgUnitId")))
        {
            var v = Event;
            var outcome = await record.RecordFactAsync(id, new FactEventInput(v.Type, v.EffectiveOn, v.Status, v.EmployerName, v.EmployerType,
                v.Scheme, v.MonthlyAmount, RegionChoices.ToCode(v.RegionCode), v.OrgUnitId));
            if (Done(outcome, "事件已登记。") is { } result)
            {
                return result;
            }
        }
        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostWithdrawFactAsync(long id, long factId, [FromServices] WithdrawFact withdraw)
    {
        Tab = "timeline";
        Errors.Form = "withdraw";
        WithdrawFactId = factId;
        var outcome = await withdraw.WithdrawAsync(id, factId, new WithdrawFactInput(Withdraw.Reason));
        return Done(outcome, "记录已撤回，不再计入待遇核算。") ?? await ShowAsync(id);
    }

    /// <summary>Success redirects (so that a refresh does not post again); not found is a 404; otherwise null and the errors are kept.</summary>
    private IActionResult? Done<T>(Outcome<T> outcome, string message)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Flash = message;
                return RedirectToPage(new { tab = Tab });
            case OutcomeKind.NotFound:
                return NotFound();
            default:
                Errors.Take(outcome);
                return null;
        }
    }

    private static Dictionary<string, string> Keys(string prefix, params string[] fields) =>
        fields.ToDictionary(f => $"{prefix}.{char.ToUpperInvariant(f[0])}{f[1..]}", f => f);

    private async Task<IActionResult> ShowAsync(long id, bool revealFullId = false, bool revealAccount = false, bool revealPhone = false)
    {
        if (ModelState.TryGetValue("asOf", out var asOfState) && asOfState.Errors.Count > 0)
        {
            AsOfError = "截至日期格式不正确，请按 2024-05-01 的格式填写";
        }
        var outcome = await queries.GetAsync(id, AsOf, revealFullId, revealPhone);
        if (!outcome.IsOk)
        {
            return NotFound();
        }
        View = outcome.Value!;
        Cases = await cases.ForHonoreeAsync(id);
        Month ??= Dates.ThisMonth(clock);
        var benefits = await entitlements.ForHonoreeAsync(id, Month);
        Benefits = benefits.Value;
        BenefitsError = benefits.Errors?.For("month").FirstOrDefault();
        Account = (await bankAccounts.GetAsync(id, revealAccount)).Value;
        Payments = (await payments.ForHonoreeAsync(id)).Value ?? Payments;
        Approvals = (await approvals.ForHonoreeAsync(id)).Value ?? [];
        if (View.CanWrite && Benefits is not null)
        {
            var covering = Benefits.Entitlements.Select(e => e.Pack).Concat(Benefits.NotEntitled.Select(n => n.Pack)).ToHashSet();
            ApprovalBenefits = (await packs.CurrentAsync())
                .Where(p => covering.Contains(p.Code) && p.Status == Rules.Policies.PackStatus.InForce)
                .SelectMany(p => p.Benefits.Where(b => b.Formula == Rules.Policies.FormulaKind.OnApplication)
                    .Select(b => new SelectListItem($"{b.Name}（{p.Name}）", $"{p.Code}|{b.Code}")))
                .ToList();
        }
        if (View.CanWrite)
        {
            WriteUnits = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.HonoreeWriteRoots)));
            Regions = await regions.ForCurrentUserAsync();
        }
        return Page();
    }
}
