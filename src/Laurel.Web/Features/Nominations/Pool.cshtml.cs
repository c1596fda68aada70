using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations;

/// <summary>优秀职工信息库: a unit's pool for a year (with its descendants'), the entry form and the report to the parent.</summary>
public sealed class PoolModel(PoolQueries queries, PoolCommands commands, CurrentUser me, Scope scope, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class EntryForm
    {
        public long? OrgUnitId { get; set; }
        public int? Year { get; set; }
        public string? Name { get; set; }
        public string? ResidentId { get; set; }
        public string? Workplace { get; set; }
        public string? Post { get; set; }
        public string? Category { get; set; }
        public string? SelectionKind { get; set; }
        public string? Achievements { get; set; }
    }

    private static readonly Dictionary<string, string> FormFields = new() { ["Input.OrgUnitId"] = "orgUnitId", ["Input.Year"] = "year" };

    [BindProperty] public EntryForm Input { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "unit")] public long? UnitId { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [TempData] public string? Flash { get; set; }

    public PoolPage Entries { get; private set; } = new([], 0, 1, Paging.DefaultSize, null);
    public List<SelectListItem> ReadUnits { get; private set; } = [];
    public List<SelectListItem> WriteUnits { get; private set; } = [];
    public List<SelectListItem> Categories { get; } = NominationCodes.Categories.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public List<SelectListItem> SelectionKinds { get; } = NominationCodes.SelectionKinds.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public bool CanReport { get; private set; }
    public FormErrors Errors { get; } = new();

    public int PageCount => Math.Max(1, (Entries.Total + Entries.PageSize - 1) / Entries.PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await me.GrantsAsync()).NominationReadRoots.Count == 0)
        {
            return Forbid();
        }
        Input.Year = Year ?? Dates.Today(clock).Year;
        Input.OrgUnitId = UnitId;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Errors.Form = "entry";
        if (!Errors.TakeBindingErrors(ModelState, FormFields))
        {
            var outcome = await commands.CreateAsync(new PoolEntryInput(Input.OrgUnitId, Input.Year, Input.Name, Input.ResidentId, Input.Workplace,
                Input.Post, Input.Category, Input.SelectionKind, Input.Achievements));
            if (outcome.IsOk)
            {
                Flash = $"已将 {Input.Name?.Trim()} 录入信息库。";
                return Redirect($"/nominations/pool?unit={Input.OrgUnitId}&year={Input.Year}");
            }
            Errors.Take(outcome, conflictField: "residentId");
        }
        UnitId ??= Input.OrgUnitId;
        Year ??= Input.Year;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostReportAsync()
    {
        Errors.Form = "report";
        var outcome = await commands.ReportAsync(new PoolReportInput(UnitId, Year));
        if (outcome.IsOk)
        {
            Flash = $"已向上级上报{outcome.Value!.Year}年度优秀职工信息库（{outcome.Value.EntryCount} 人）。";
            return Redirect($"/nominations/pool?unit={UnitId}&year={Year}");
        }
        Errors.Take(outcome);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var grants = await me.GrantsAsync();
        var readUnits = await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.NominationReadRoots));
        ReadUnits = UnitTree.Select(readUnits);
        WriteUnits = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.NominationWriteRoots)));
        UnitId ??= readUnits.FirstOrDefault()?.Id;
        var outcome = await queries.ListAsync(UnitId, Year, Query, PageNumber, Paging.DefaultSize);
        if (outcome.IsOk)
        {
            Entries = outcome.Value!;
        }
        CanReport = UnitId is not null && Year is not null && WriteUnits.Any(u => u.Value == UnitId.ToString()) && Entries.Report is null;
        return Page();
    }

    public string PageLink(int page) => $"/nominations/pool?unit={UnitId}&year={Year}&q={Uri.EscapeDataString(Query ?? "")}&p={page}";
}
