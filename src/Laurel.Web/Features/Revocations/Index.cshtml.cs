using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Revocations;

/// <summary>撤销案件: the revocation and reinstatement cases the user sees, newest first, by state and kind, a page at a time.</summary>
public sealed class IndexModel(RevocationQueries queries, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public Page<CaseListItem> Cases { get; private set; } = new([], 0, 1, Paging.DefaultSize);

    public int PageCount => Math.Max(1, (Cases.Total + Cases.PageSize - 1) / Cases.PageSize);

    public static IReadOnlyList<(string Code, string Name)> Statuses { get; } =
        [("", "全部状态"), ("proposed", "待审核"), ("decided", "已决定"), ("rejected", "已驳回")];

    public static IReadOnlyList<(string Code, string Name)> Kinds { get; } =
        [("", "全部类型"), ("revocation", "撤销称号"), ("reinstatement", "恢复称号")];

    public async Task<IActionResult> OnGetAsync()
    {
        var grants = await me.GrantsAsync();
        if (grants.NominationReadRoots.Count == 0)
        {
            return Forbid();
        }
        // A value the choices do not hold (a hand-edited address) shows every case rather than an error.
        Status = Statuses.Any(s => s.Code == Status) ? Status : "";
        Kind = Kinds.Any(k => k.Code == Kind) ? Kind : "";
        var outcome = await queries.ListAsync(Status, Kind, PageNumber, Paging.DefaultSize);
        Cases = outcome.Value!;
        return Page();
    }

    public Dictionary<string, string> Query(int page) => new()
    {
        ["status"] = Status ?? "", ["kind"] = Kind ?? "", ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
