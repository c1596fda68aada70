using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Revocations;

/// <summary>The evidence attachments of a case (证据材料附件): list, download, upload.</summary>
[RequestSizeLimit(UploadLimits.AttachmentRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.AttachmentRequestBytes)]
public sealed class CaseAttachmentsModel(Attachments files, EvidenceAttachments owner) : OwnedAttachmentsPage(files, owner)
{
    public override string RecordPath(long id) => $"/revocations/{id}";

    public override string PagePath(long id) => $"/revocations/{id}/attachments";
}
