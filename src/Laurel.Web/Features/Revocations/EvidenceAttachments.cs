using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Revocations;

/// <summary>
/// The evidence attachments of a revocation or reinstatement case (issue 12 §5): seen by whoever sees the case (404 for
/// anyone else), added while the case is proposed by its proposer, the honoree's managers or the awarding level's
/// selection admins. Never shown on a public page.
/// </summary>
public sealed class EvidenceAttachments(RevocationAccess access, NpgsqlDataSource dataSource, CurrentUser user) : IAttachmentOwner
{
    public string OwnerKind => AttachmentOwners.RevocationEvidence;

    public string Label => "证据材料附件";

    public async Task<bool> CanReadAsync(long ownerId) => await CaseAsync(ownerId) is not null;

    public async Task<Outcome<AttachmentInfo>?> UploadRefusalAsync(long ownerId)
    {
        var row = await CaseAsync(ownerId);
        if (row is null)
        {
            return Outcome<AttachmentInfo>.NotFound();
        }
        var grants = await user.GrantsAsync();
        if (row.ProposedBy != user.Id && !grants.CanWriteHonoreesAt(row.HonoreeUnitPath) && !grants.CanAdministerSelectionAt(row.AwardingUnitPath))
        {
            return Outcome<AttachmentInfo>.Forbidden("补充证据材料需要提出人、该档案的管理员或授予层级的评选管理员权限");
        }
        return row.StatusValue == RevocationStatus.Proposed
            ? null
            : Outcome<AttachmentInfo>.Conflict($"案件{RevocationRules.ChineseName(row.StatusValue, row.KindValue)}，不能再补充证据材料");
    }

    private async Task<CaseRow?> CaseAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await access.ReadAsync(connection, null, id, forUpdate: false);
    }
}
