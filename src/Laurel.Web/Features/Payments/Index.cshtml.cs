using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Payments;

/// <summary>发放批次: the cycles the user may read, and for finance staff the form that creates one.</summary>
public sealed class IndexModel(PaymentCycleQueries queries, CreateCycle create, CurrentUser me, Scope scope, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class CreateForm
    {
        public long? PayingOrgUnitId { get; set; }
        public string? Month { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new()
    {
        ["Input.PayingOrgUnitId"] = "payingOrgUnitId",
        ["Input.Month"] = "month",
    };

    [BindProperty] public CreateForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public IReadOnlyList<CycleSummary> Cycles { get; private set; } = [];

    /// <summary>The paying units (units with a region code) where the user holds a finance grant; empty for auditors.</summary>
    public List<SelectListItem> PayingUnits { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await me.GrantsAsync()).CanReadPayments)
        {
            return Forbid();
        }
        Input.Month = Dates.ThisMonth(clock);
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!(await me.GrantsAsync()).CanReadPayments)
        {
            return Forbid();
        }
        if (!Errors.TakeBindingErrors(ModelState, FormFields))
        {
            var outcome = await create.CreateAsync(new CycleInput(Input.PayingOrgUnitId, Input.Month?.Trim()));
            if (outcome.IsOk)
            {
                Flash = "发放批次已创建。下一步：计算本批次。";
                return Redirect($"/payments/{outcome.Value!.Id}");
            }
            Errors.Take(outcome, conflictField: "month");
        }
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        Cycles = await queries.ListAsync();
        var units = (await scope.OrgUnitsWhereAsync(g => g.PaymentActRoots)).Where(u => u.RegionCode != null);
        PayingUnits = UnitTree.Select(await UnitTree.LoadAsync(units));
        return Page();
    }
}
