using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Public;

/// <summary>
/// A photo of the honour roll by its opaque key, only while its consent holds (<see cref="HonourRollQuery.PhotoAsync"/>);
/// 404 otherwise. Never cached, so that a withdrawn consent takes the photo down at once.
/// </summary>
public sealed class HonourRollPhotoModel(HonourRollQuery query) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid key, CancellationToken ct)
    {
        var file = await query.PhotoAsync(key, ct);
        if (file is null)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(file.Bytes, file.Info.ContentType);
    }
}
