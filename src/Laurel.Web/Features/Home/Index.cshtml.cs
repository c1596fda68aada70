using Laurel.Rules.Access;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Home;

public sealed class IndexModel(CurrentUser me, HonoreeCounts counts) : PageModel
{
    public AccessGrants Grants { get; private set; } = new([]);
    public IReadOnlyList<LevelCount>? Counts { get; private set; }
    public string DisplayName => me.UserName ?? "";

    public async Task OnGetAsync()
    {
        Grants = await me.GrantsAsync();
        if (Grants.CanReadHonorees)
        {
            Counts = await counts.ByLevelAsync();
        }
    }
}
