using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Public;

/// <summary>光荣榜: a federation's honour roll, by year and title, for anyone (see <see cref="HonourRollQuery"/>).</summary>
public sealed class HonourRollModel(HonourRollQuery query) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "title")] public string? TitleCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "year")] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public HonourRollPage Roll { get; private set; } = null!;

    public int PageCount => Math.Max(1, (Roll.Total + Roll.PageSize - 1) / Roll.PageSize);

    public async Task<IActionResult> OnGetAsync(long unitId, CancellationToken ct)
    {
        // A year that is no number is ignored, as a filter left empty.
        ModelState.Clear();
        var roll = await query.PageAsync(unitId, string.IsNullOrEmpty(TitleCode) ? null : TitleCode, Year, PageNumber, HonourRollQuery.PageSize, ct);
        if (roll is null)
        {
            return NotFound();
        }
        Roll = roll;
        return Page();
    }

    public string PageLink(int page) => $"/public/honour-roll/{Roll.UnitId}?title={Uri.EscapeDataString(TitleCode ?? "")}&year={Year}&p={page}";
}
