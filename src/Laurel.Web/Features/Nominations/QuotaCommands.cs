using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// Allocation down the tree (名额分配): a unit hands seats to a child, at most what it still holds. At the campaign's unit
/// the selection admins allocate; below it, the managers (or selection admins) of the allocating unit.
/// </summary>
public sealed class QuotaCommands(UnitOfWork work, NominationAccess access, AuditLog audit, LaurelDb db, TimeProvider clock)
{
    public async Task<Outcome<QuotaView>> AllocateAsync(long campaignId, QuotaInput input)
    {
        var tx = work.Transaction;
        var campaign = await NominationAccess.CampaignAsync(tx.Connection!, tx, campaignId, "FOR SHARE OF c");
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<QuotaView>.NotFound();
        }
        var errors = new FieldErrors();
        UnitRow? child = null;
        if (input.OrgUnitId is not { } childId)
        {
            errors.Add("orgUnitId", "单位不能为空");
        }
        else if ((child = await NominationAccess.UnitAsync(tx.Connection!, tx, childId)) is null || !await access.CanSeeCampaignAsync(child.Path))
        {
            errors.Add("orgUnitId", "单位不存在或不在您的管理范围内");
        }
        else if (child.Id == campaign.OrgUnitId || !child.Path.StartsWith(campaign.UnitPath, StringComparison.Ordinal))
        {
            errors.Add("orgUnitId", $"只能向{campaign.UnitName}的下级单位分配名额");
        }
        if (input.Seats is null)
        {
            errors.Add("seats", "名额数不能为空");
        }
        else if (input.Seats is < 0 or > 10000)
        {
            errors.Add("seats", "名额数应为 0 至 10000 之间的整数");
        }
        if (errors.Any)
        {
            return Outcome<QuotaView>.Invalid(errors);
        }
        if (campaign.StatusValue is not (CampaignStatus.Draft or CampaignStatus.Open))
        {
            return Outcome<QuotaView>.Conflict($"评选活动{CampaignStatuses.ChineseName(campaign.StatusValue)}，不能再分配名额");
        }
        var parent = (await NominationAccess.UnitAsync(tx.Connection!, tx, child!.ParentId!.Value))!;
        var mayAllocate = await access.CanAdministerAtAsync(parent.Path)
            || (parent.Id != campaign.OrgUnitId && await access.CanWriteAtAsync(parent.Path));
        if (!mayAllocate)
        {
            return Outcome<QuotaView>.Forbidden(parent.Id == campaign.OrgUnitId
                ? "向下级分配名额需要评选活动所在单位的评选管理员权限"
                : $"向下级分配名额需要{parent.Name}的劳模工作管理员或评选管理员权限");
        }
        // The parent's row first, then the child's: every allocation locks in that order (top down), so none deadlock.
        if (!await SeatLedger.LockAsync(tx, campaignId, parent.Id))
        {
            return Outcome<QuotaView>.Conflict($"{parent.Name}在本次评选中没有名额，不能向下级分配");
        }
        await SeatLedger.LockAsync(tx, campaignId, child.Id);
        var held = (await SeatLedger.HoldingAsync(tx.Connection!, tx, campaignId, parent.Id))!;
        var childHolding = await SeatLedger.HoldingAsync(tx.Connection!, tx, campaignId, child.Id);
        var current = childHolding?.Held ?? 0;
        var committed = childHolding is null ? 0 : childHolding.AllocatedToChildren + childHolding.UsedByOwnCandidates;
        if (Seats.AllocationRefusal(held, current, input.Seats!.Value, committed) is { } refusal)
        {
            return Outcome<QuotaView>.Conflict(refusal);
        }
        await using (var command = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO campaign_quotas (campaign_id, org_unit_id, seats, updated_by, updated_at) VALUES (@campaign, @unit, @seats, @by, @now)
            ON CONFLICT (campaign_id, org_unit_id) DO UPDATE SET seats = excluded.seats, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """, ("campaign", campaignId), ("unit", child.Id), ("seats", input.Seats.Value), ("by", access.UserId), ("now", clock.GetUtcNow())))
        {
            await command.ExecuteNonQueryAsync();
        }
        audit.Record(childHolding is null ? AuditActions.Create : AuditActions.Update, AuditObjectTypes.CampaignQuota, $"{campaignId}/{child.Id}",
            childHolding is null ? null : new { seats = current }, new { seats = input.Seats },
            $"{parent.Name}向{child.Name}分配推荐名额 {input.Seats} 个");
        await db.SaveChangesAsync();
        var free = input.Seats.Value - committed;
        return Outcome<QuotaView>.Ok(new QuotaView(child.Id, child.Name, parent.Id, input.Seats.Value,
            childHolding?.AllocatedToChildren ?? 0, childHolding?.UsedByOwnCandidates ?? 0, free));
    }
}
