using Laurel.Rules.Honours;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Policies;

/// <summary>政策咨询: a cadre types in a person's facts at the service window and gets the engine's answer; nothing is stored.</summary>
public sealed class ConsultModel(EntitlementQueries queries, CurrentUser me, RegionChoices regions, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class HonourRow
    {
        public string? TitleCode { get; set; }
        public string? AwardingRegionCode { get; set; }
        public DateOnly? AwardedOn { get; set; }
        public DateOnly? RevokedOn { get; set; }
    }

    public sealed class ConsultForm
    {
        public string? Month { get; set; }
        public string? RegionCode { get; set; }
        public string? ResidentId { get; set; }
        public DateOnly? BirthDate { get; set; }
        public string? HukouRegionCode { get; set; }
        public string? EmploymentStatus { get; set; }
        public string? EmployerType { get; set; }
        public DateOnly? EmploymentSince { get; set; }
        public string? PensionScheme { get; set; }
        public decimal? PensionMonthly { get; set; }
        public DateOnly? DiedOn { get; set; }
        public List<HonourRow> Honours { get; set; } = [new(), new()];
    }

    [BindProperty] public ConsultForm Input { get; set; } = new();

    public EntitlementsView? Result { get; private set; }
    public FormErrors Errors { get; } = new();

    /// <summary>The region fields' choices; the user's home region is their first value.</summary>
    public RegionList Regions { get; private set; } = new(null);

    public static IReadOnlyList<SelectListItem> TitleItems { get; } = TitleCatalogue.All
        .Select(t => new SelectListItem($"{t.Name}（{HonourLevels.ChineseName(t.Level)}）", t.Code)).ToList();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await me.GrantsAsync()).CanReadHonorees)
        {
            return Forbid();
        }
        Input.Month = Dates.ThisMonth(clock);
        Regions = await regions.ForCurrentUserAsync();
        Input.RegionCode = Input.HukouRegionCode = Regions.Home;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!(await me.GrantsAsync()).CanReadHonorees)
        {
            return Forbid();
        }
        Regions = await regions.ForCurrentUserAsync();
        var i = Input;
        var honours = i.Honours.Where(h => !string.IsNullOrEmpty(h.TitleCode))
            .Select(h => new EvaluateHonour(h.TitleCode, RegionChoices.ToCode(h.AwardingRegionCode), h.AwardedOn, h.RevokedOn)).ToList();
        var outcome = await queries.EvaluateAsync(new EvaluateInput(i.Month, RegionChoices.ToCode(i.RegionCode),
            new EvaluatePerson(i.ResidentId, i.BirthDate, null, RegionChoices.ToCode(i.HukouRegionCode),
                string.IsNullOrEmpty(i.EmploymentStatus) ? null : new EvaluateEmployment(i.EmploymentStatus, string.IsNullOrEmpty(i.EmployerType) ? null : i.EmployerType, i.EmploymentSince),
                string.IsNullOrEmpty(i.PensionScheme) ? null : new EvaluatePension(i.PensionScheme, i.PensionMonthly ?? 0, i.EmploymentSince),
                i.DiedOn),
            honours));
        if (outcome.IsOk)
        {
            Result = outcome.Value;
        }
        else
        {
            Errors.Take(outcome);
        }
        return Page();
    }
}
