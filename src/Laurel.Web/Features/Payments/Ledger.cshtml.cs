using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Laurel.Web.Features.Payments;

/// <summary>台账核对: the ledger check for finance staff and auditors, as `Laurel.Web ledger-check` and the API run it.</summary>
public sealed class LedgerModel(CurrentUser me, NpgsqlDataSource dataSource) : PageModel
{
    public LedgerReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await me.GrantsAsync()).CanReadPayments)
        {
            return Forbid();
        }
        Report = await LedgerCheck.RunAsync(dataSource, ct: HttpContext.RequestAborted);
        return Page();
    }
}
