using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// A unit's seats in a campaign, read under the lock of its quota row. The lock and the counts are two statements: in
/// READ COMMITTED a statement that waited for a row lock still counts with the snapshot it started with, so the count
/// must start after the lock is held (else two cadres pressing for the last seat would both see it free).
/// </summary>
public static class SeatLedger
{
    /// <summary>Locks the unit's quota row; false when the unit holds no seats in the campaign.</summary>
    public static async Task<bool> LockAsync(NpgsqlTransaction tx, long campaignId, long unitId)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "SELECT 1 FROM campaign_quotas WHERE campaign_id = @campaign AND org_unit_id = @unit FOR UPDATE", ("campaign", campaignId), ("unit", unitId));
        return await command.ExecuteScalarAsync() is not null;
    }

    /// <summary>What the unit holds, has handed down and uses; null without a quota row. Call after <see cref="LockAsync"/>.</summary>
    public static async Task<SeatHolding?> HoldingAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId, long unitId)
    {
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT q.seats AS held,
                   coalesce((SELECT sum(c.seats) FROM campaign_quotas c JOIN org_units u ON u.id = c.org_unit_id
                             WHERE c.campaign_id = q.campaign_id AND u.parent_id = q.org_unit_id), 0)::int AS allocated_to_children,
                   (SELECT count(*) FROM candidates k WHERE k.campaign_id = q.campaign_id AND k.org_unit_id = q.org_unit_id
                      AND k.state NOT IN ('withdrawn', 'rejected'))::int AS used_by_own_candidates
            FROM campaign_quotas q WHERE q.campaign_id = @campaign AND q.org_unit_id = @unit
            """, ("campaign", campaignId), ("unit", unitId));
        return await Rows.FirstOrDefaultAsync<SeatHolding>(command);
    }
}
