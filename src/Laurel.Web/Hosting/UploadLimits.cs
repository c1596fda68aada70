namespace Laurel.Web.Hosting;

/// <summary>Upload limits that more than one place names: the features enforce them, the error page explains them.</summary>
public static class UploadLimits
{
    /// <summary>The largest bank result file (csv or xlsx) accepted.</summary>
    public const long BankResultFileBytes = 20L * 1024 * 1024;

    /// <summary>The largest attachment (PDF, JPEG or PNG; issue 12): Laurel.Rules' AttachmentContent.MaxBytes.</summary>
    public const long AttachmentBytes = Laurel.Rules.Files.AttachmentContent.MaxBytes;

    /// <summary>
    /// The body limit of an attachment's upload endpoint, and of it alone: the file, one byte more (so that a file over
    /// the limit reaches the check and is refused with a message naming the field, not a bare 413), the multipart framing.
    /// </summary>
    public const long AttachmentRequestBytes = AttachmentBytes + 64 * 1024;
}
