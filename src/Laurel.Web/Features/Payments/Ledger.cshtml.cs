using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Payments;

/// <summary>台账核对: the ledger check for finance staff and auditors, over the paying units they may read (as the API runs it).</summary>
public sealed class LedgerModel(ScopedLedgerCheck check) : PageModel
{
    public LedgerReport Report { get; private set; } = null!;

    /// <summary>Whether the check covered the whole ledger (an auditor at the root), not only the user's paying units.</summary>
    public bool Whole { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await check.RunAsync(HttpContext.RequestAborted) is not { } run)
        {
            return Forbid();
        }
        (Report, Whole) = run;
        return Page();
    }
}
