using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Public;

/// <summary>The federations whose honour rolls can be opened: the union tree without grassroots unions, as a tree.</summary>
public sealed class HonourRollsModel(LaurelDb db) : PageModel
{
    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public async Task OnGetAsync() =>
        Units = await UnitTree.LoadAsync(db.OrgUnits.Where(u => u.Kind != "grassroots"));
}
