using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>The notice for the notice board and the official paper: the usual A4 layout of 关于…推荐人选的公示.</summary>
public sealed class PrintModel(NoticeQueries queries) : PageModel
{
    public NoticeView Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return NotFound();
        }
        Notice = outcome.Value!;
        return Page();
    }
}
