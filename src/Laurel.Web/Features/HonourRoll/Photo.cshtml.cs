using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.HonourRoll;

/// <summary>
/// Uploads the honour roll's photo of an honoree (JPEG or PNG, at most 10 MB, told by content).
/// </summary>
/// <remarks>The limits are endpoint metadata: this page alone (with the API's upload) takes a body above 1 MB.</remarks>
[RequestSizeLimit(UploadLimits.AttachmentRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.AttachmentRequestBytes)]
public sealed class PhotoModel(HonourRollQueries queries, HonourRollCommands commands) : PageModel, IFormPage
{
    public HonourRollView View { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var view = await queries.GetAsync(id);
        if (!view.IsOk || !view.Value!.CanWrite)
        {
            return NotFound();
        }
        View = view.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, IFormFile? file, CancellationToken ct)
    {
        var saved = await commands.UploadPhotoAsync(id, file, ct);
        if (saved.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        if (saved.IsOk)
        {
            TempData["Flash"] = "照片已上传。";
            return Redirect($"/honour-roll/honorees/{id}");
        }
        Errors.Take(saved);
        var view = await queries.GetAsync(id);
        if (!view.IsOk)
        {
            return NotFound();
        }
        View = view.Value!;
        return Page();
    }
}
