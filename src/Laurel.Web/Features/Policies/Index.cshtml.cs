using Laurel.Rules.Policies;
using Laurel.Web.Policy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Policies;

public sealed class IndexModel(PolicyCatalog catalog) : PageModel
{
    public IReadOnlyList<PolicyPack> Packs => catalog.Packs;
}
