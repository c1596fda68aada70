using System.Globalization;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Audit;

public sealed class AuditFilter
{
    [FromQuery(Name = "user")] public string? User { get; set; }
    [FromQuery(Name = "entityType")] public string? EntityType { get; set; }
    [FromQuery(Name = "entityId")] public string? EntityId { get; set; }
    [FromQuery(Name = "action")] public string? Action { get; set; }
    [FromQuery(Name = "from")] public DateOnly? From { get; set; }
    [FromQuery(Name = "to")] public DateOnly? To { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps the page path in the route value "page".</summary>
    [FromQuery(Name = "p")] public int? PageNumber { get; set; }

    public AuditSearch ToSearch(int? pageSize = null) => new(User, EntityType, EntityId, Action, From, To, PageNumber, pageSize);

    /// <summary>The filter's query values with page <paramref name="page"/> (none: for an export); empty values are left out.</summary>
    public Dictionary<string, string?> Query(int? page)
    {
        var q = new Dictionary<string, string?>
        {
            ["user"] = User, ["entityType"] = EntityType, ["entityId"] = EntityId, ["action"] = Action,
            ["from"] = Show.Date(From), ["to"] = Show.Date(To), ["p"] = page?.ToString(CultureInfo.InvariantCulture),
        };
        return q.Where(x => !string.IsNullOrEmpty(x.Value)).ToDictionary(x => x.Key, x => x.Value);
    }
}

/// <summary>The audit log; auditors only.</summary>
public sealed class IndexModel(AuditQueries queries) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    public Page<AuditView> Result { get; private set; } = new([], 0, 1, PageSize);
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);
    public string? FilterError { get; private set; }

    public static IReadOnlyList<SelectListItem> ActionItems { get; } =
        AuditActions.All.Select(a => new SelectListItem(AuditActions.ChineseName(a), a)).ToList();

    public static IReadOnlyList<SelectListItem> EntityTypeItems { get; } =
        AuditObjectTypes.All.Select(t => new SelectListItem(t.Name, t.Code)).ToList();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            FilterError = "日期格式不正确，请按 2024-05-01 的格式填写；该条件未生效。";
        }
        var page = await queries.SearchAsync(Filter.ToSearch(PageSize));
        if (page is null)
        {
            return Forbid();
        }
        Result = page;
        return Page();
    }
}
