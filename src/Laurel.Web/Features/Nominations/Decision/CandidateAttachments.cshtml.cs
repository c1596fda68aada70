using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>The deeds' attachments of a candidate (事迹材料附件): list, download, upload.</summary>
[RequestSizeLimit(UploadLimits.AttachmentRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.AttachmentRequestBytes)]
public sealed class CandidateAttachmentsModel(Attachments files, CandidateAttachmentOwner owner) : OwnedAttachmentsPage(files, owner)
{
    public override string RecordPath(long id) => $"/nominations/candidates/{id}";

    public override string PagePath(long id) => $"/nominations/candidates/{id}/attachments";
}
