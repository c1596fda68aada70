using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Laurel.Web.Features.Public;

/// <summary>公示: a published notice for anyone, on a phone too (see <see cref="PublicNotices"/>); 404 before it opens, after it comes down, or when withdrawn.</summary>
[OutputCache(PolicyName = PublicNoticeCache.Policy)]
public sealed class NoticeModel(NpgsqlDataSource dataSource, TimeProvider clock) : PageModel
{
    public PublicNoticeView Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var notice = await PublicNotices.GetAsync(dataSource, clock, id, ct);
        if (notice is null)
        {
            return NotFound();
        }
        Notice = notice;
        return Page();
    }
}
