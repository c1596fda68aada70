using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Honorees;

public sealed class CreateModel(CreateHonoree create, Scope scope, RegionChoices regions) : PageModel, IFormPage
{
    public sealed class CreateInput
    {
        public string? Name { get; set; }
        public string? ResidentId { get; set; }
        public long? OrgUnitId { get; set; }
        public string? Phone { get; set; }
        public string? HukouRegionCode { get; set; }
        public string? EmploymentStatus { get; set; }
        public string? EmployerName { get; set; }
        public string? EmployerType { get; set; }
        public DateOnly? EmploymentSince { get; set; }
        public string? PensionScheme { get; set; }
        public decimal? PensionMonthlyAmount { get; set; }
        public DateOnly? PensionSince { get; set; }
    }

    /// <summary>Bound property → the handler's field name, which the view prints as data-field and data-error-for.</summary>
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Input.Name"] = "name", ["Input.ResidentId"] = "residentId", ["Input.OrgUnitId"] = "orgUnitId",
        ["Input.Phone"] = "phone", ["Input.HukouRegionCode"] = "hukouRegionCode",
        ["Input.EmploymentStatus"] = "employment.status", ["Input.EmployerName"] = "employment.employerName",
        ["Input.EmployerType"] = "employment.employerType", ["Input.EmploymentSince"] = "employment.since",
        ["Input.PensionScheme"] = "pension.scheme", ["Input.PensionMonthlyAmount"] = "pension.monthlyAmount",
        ["Input.PensionSince"] = "pension.since",
    };

    public static IReadOnlyCollection<string> FieldNames => Fields.Values;

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public List<SelectListItem> UnitItems { get; private set; } = [];

    /// <summary>The 户籍 field's choices; the user's home region is the field's first value.</summary>
    public RegionList Regions { get; private set; } = new(null);
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return Forbid();
        }
        Input.HukouRegionCode ??= Regions.Home;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Forbid();
        }
        if (Errors.TakeBindingErrors(ModelState, Fields))
        {
            return Page();
        }
        var i = Input;
        var hasPension = !string.IsNullOrWhiteSpace(i.PensionScheme) || i.PensionMonthlyAmount is not null || i.PensionSince is not null;
        var outcome = await create.CreateAsync(new HonoreeCreateInput(
            i.Name, i.ResidentId, i.OrgUnitId, i.Phone, RegionChoices.ToCode(i.HukouRegionCode),
            new EmploymentInput(i.EmploymentStatus, i.EmployerName, i.EmployerType, i.EmploymentSince),
            hasPension ? new PensionInput(i.PensionScheme, i.PensionMonthlyAmount, i.PensionSince) : null));
        if (outcome.IsOk)
        {
            TempData["Flash"] = "档案已保存。";
            return Redirect($"/honorees/{outcome.Value}");
        }
        Errors.Take(outcome, conflictField: "residentId");
        return Page();
    }

    /// <summary>The units where the user may register honorees; false when there are none.</summary>
    private async Task<bool> LoadAsync()
    {
        UnitItems = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.HonoreeWriteRoots)));
        Regions = await regions.ForCurrentUserAsync();
        return UnitItems.Count > 0;
    }
}
