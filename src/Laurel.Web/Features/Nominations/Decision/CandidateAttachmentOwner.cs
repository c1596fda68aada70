using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>
/// The deeds' attachments of a candidate (事迹材料, issue 12 §3 step 1): seen by those who read nominations at the
/// recommending unit (404 for anyone else), added by its managers or the campaign's selection admins while the
/// candidate is still in the procedure. Never shown on a public page.
/// </summary>
public sealed class CandidateAttachmentOwner(NominationAccess access) : IAttachmentOwner
{
    private sealed record OwnerRow(string Name, string State, string UnitPath, string CampaignUnitPath);

    public string OwnerKind => AttachmentOwners.CandidateDeeds;

    public string Label => "事迹材料附件";

    public async Task<bool> CanReadAsync(long ownerId)
    {
        await using var connection = await access.OpenAsync();
        return await RowAsync(connection, null, ownerId) is { } row && await access.CanReadAtAsync(row.UnitPath);
    }

    public async Task<Outcome<AttachmentInfo>?> UploadRefusalAsync(long ownerId)
    {
        // On a page's GET (the form shown or not) there is no unit of work: read through a connection of its own.
        await using var connection = await access.OpenAsync();
        var row = await RowAsync(connection, null, ownerId);
        if (row is null || !await access.CanReadAtAsync(row.UnitPath))
        {
            return Outcome<AttachmentInfo>.NotFound();
        }
        if (!await access.CanWriteAtAsync(row.UnitPath) && !await access.CanAdministerAtAsync(row.CampaignUnitPath))
        {
            return Outcome<AttachmentInfo>.Forbidden("上传事迹材料附件需要推荐单位的劳模工作管理员或评选管理员权限");
        }
        var state = CandidateStates.Parse(row.State)!.Value;
        return CandidateStates.IsFinal(state)
            ? Outcome<AttachmentInfo>.Conflict($"{row.Name} 的推荐程序已结束（{CandidateStates.ChineseName(state)}），不能再补充事迹材料")
            : null;
    }

    private static async Task<OwnerRow?> RowAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction? tx, long id)
    {
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT k.name, k.state, u.path AS unit_path, cu.path AS campaign_unit_path
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id JOIN campaigns c ON c.id = k.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
            WHERE k.id = @id
            """, ("id", id));
        return await Rows.FirstOrDefaultAsync<OwnerRow>(command);
    }
}
