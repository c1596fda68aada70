using Laurel.Rules.Policies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Policies;

public sealed class PackModel(PolicyCatalog catalog) : PageModel
{
    public PolicyPack Pack { get; private set; } = null!;

    public IActionResult OnGet(string code)
    {
        if (catalog.Find(code) is not { } pack)
        {
            return NotFound();
        }
        Pack = pack;
        return Page();
    }
}
