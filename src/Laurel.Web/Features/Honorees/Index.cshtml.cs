using System.Globalization;
using Laurel.Rules.Honours;
using Laurel.Rules.Registry;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Honorees;

/// <summary>The filters of the list and of the export, bound from the query string.</summary>
public sealed class HonoreeFilter
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "titleCode")] public string? TitleCode { get; set; }
    [FromQuery(Name = "level")] public string? Level { get; set; }
    [FromQuery(Name = "orgUnitId")] public long? OrgUnitId { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "employer")] public string? Employer { get; set; }
    [FromQuery(Name = "sort")] public string? Sort { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps the page path in the route value "page".</summary>
    [FromQuery(Name = "p")] public int? PageNumber { get; set; }

    public HonoreeSearch ToSearch(int? pageSize = null) => new(Q, TitleCode, Level, OrgUnitId, Status, Sort, PageNumber, pageSize, Employer);

    /// <summary>The query values, with some replaced; empty values are left out.</summary>
    public Dictionary<string, string?> Query(string? sort = null, int? page = null, bool withSortAndPage = true)
    {
        var q = new Dictionary<string, string?>
        {
            ["q"] = Q, ["titleCode"] = TitleCode, ["level"] = Level,
            ["orgUnitId"] = OrgUnitId?.ToString(CultureInfo.InvariantCulture), ["status"] = Status,
            ["employer"] = Employer,
        };
        if (withSortAndPage)
        {
            q["sort"] = sort ?? Sort;
            q["p"] = (page ?? PageNumber)?.ToString(CultureInfo.InvariantCulture);
        }
        return q.Where(x => !string.IsNullOrEmpty(x.Value)).ToDictionary(x => x.Key, x => x.Value);
    }
}

public sealed class IndexModel(HonoreeQueries queries, Scope scope, CurrentUser me) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)]
    public HonoreeFilter Filter { get; set; } = new();

    public Page<HonoreeListItem> Result { get; private set; } = new([], 0, 1, PageSize);
    public bool CanCreate { get; private set; }
    public List<SelectListItem> UnitItems { get; private set; } = [];

    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public static IReadOnlyList<SelectListItem> TitleItems { get; } =
        TitleCatalogue.All.Select(t => new SelectListItem(t.Name, t.Code)).ToList();

    public static IReadOnlyList<SelectListItem> LevelItems { get; } =
        Enum.GetValues<HonourLevel>().Select(l => new SelectListItem(HonourLevels.ChineseName(l), HonourLevels.Code(l))).ToList();

    public static IReadOnlyList<SelectListItem> StatusItems { get; } =
    [
        .. Enum.GetValues<EmploymentStatus>().Select(s => new SelectListItem(FactCodes.ChineseName(s), FactCodes.Code(s))),
        new SelectListItem("已故", "deceased"),
    ];

    /// <summary>The orders of the list, as the sort links offer them.</summary>
    public static IReadOnlyList<(string Key, string Label)> SortItems { get; } =
    [
        ("name", "姓名↑"), ("name_desc", "姓名↓"), ("pinyin", "姓名拼音"), ("stroke", "姓氏笔画"),
        ("birth", "出生日期↑"), ("birth_desc", "出生日期↓"), ("created_desc", "最新登记"),
    ];

    public async Task OnGetAsync()
    {
        // A value that does not bind (orgUnitId=abc) is simply ignored, like an empty filter.
        Result = await queries.SearchAsync(Filter.ToSearch(PageSize));
        CanCreate = (await me.GrantsAsync()).HonoreeWriteRoots.Count > 0;
        UnitItems = UnitTree.Select(await UnitTree.LoadAsync(await scope.VisibleOrgUnitsAsync()));
    }
}
