using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>异议办理: the objection cases the user sees, newest first, by state (and campaign or notice when given), a page at a time.</summary>
public sealed class IndexModel(ObjectionQueries queries, CurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "campaignId")] public long? CampaignId { get; set; }
    [BindProperty(SupportsGet = true, Name = "noticeId")] public long? NoticeId { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public Page<ObjectionListItem> Cases { get; private set; } = new([], 0, 1, Paging.DefaultSize);

    public int PageCount => Math.Max(1, (Cases.Total + Cases.PageSize - 1) / Cases.PageSize);

    public static IReadOnlyList<(string Code, string Name)> States { get; } = [("", "全部状态"), .. ObjectionStates.All];

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await me.GrantsAsync()).NominationReadRoots.Count == 0)
        {
            return Forbid();
        }
        // A value the choices do not hold (a hand-edited address) shows every case rather than an error.
        ModelState.Clear();
        State = States.Any(s => s.Code == State) ? State : "";
        Cases = (await queries.ListAsync(CampaignId, NoticeId, null, State, PageNumber, Paging.DefaultSize)).Value!;
        return Page();
    }

    public Dictionary<string, string> Query(int page) => new()
    {
        ["state"] = State ?? "", ["campaignId"] = CampaignId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["noticeId"] = NoticeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
