using Laurel.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Shared;

/// <summary>
/// The staff page of one record's attachments (a candidate's deeds, a case's evidence): the list, the download of one
/// (audited), and the upload form; out of scope is 404. The derived page names the record's page and carries the upload
/// limits (RequestSizeLimit), so that it alone, with the API's upload, takes a body above 1 MB.
/// </summary>
public abstract class OwnedAttachmentsPage(Attachments files, IAttachmentOwner owner) : PageModel, IFormPage
{
    public FormErrors Errors { get; } = new();
    public OwnedAttachmentsView View { get; private set; } = null!;
    public long OwnerId { get; private set; }

    /// <summary>The page of the record the files belong to.</summary>
    public abstract string RecordPath(long id);

    /// <summary>This page's own address.</summary>
    public abstract string PagePath(long id);

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetDownloadAsync(long id, long attachmentId, CancellationToken ct)
    {
        if (await files.DownloadAsync(owner, id, attachmentId, ct) is not { } file)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        return File(file.Bytes, file.Info.ContentType, file.Info.FileName);
    }

    public async Task<IActionResult> OnPostAsync(long id, IFormFile? file, CancellationToken ct)
    {
        var saved = await files.UploadAsync(owner, id, file, ct);
        if (saved.Kind == OutcomeKind.NotFound)
        {
            return NotFound();
        }
        if (saved.IsOk)
        {
            TempData["Flash"] = $"{owner.Label}已上传：{saved.Value!.FileName}。";
            return Redirect(RecordPath(id));
        }
        Errors.Take(saved);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id)
    {
        OwnerId = id;
        var view = await files.ViewAsync(owner, id, PagePath(id));
        if (view is null)
        {
            return false;
        }
        View = view with { Errors = Errors };
        return true;
    }
}
