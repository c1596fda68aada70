using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Auth;

/// <summary>Where the cookie handler sends a forbidden request; answers 403 with a Chinese page.</summary>
[IgnoreAntiforgeryToken]
public sealed class DeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
