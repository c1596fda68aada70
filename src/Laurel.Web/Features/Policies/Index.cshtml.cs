using Laurel.Rules.Policies;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Policies;

public sealed class IndexModel(PolicyCatalog catalog) : PageModel
{
    public IReadOnlyList<PolicyPack> Packs => catalog.Packs;
}
