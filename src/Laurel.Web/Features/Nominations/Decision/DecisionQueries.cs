using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>The award decision of a campaign as the API and the campaign page show it.</summary>
public sealed class DecisionQueries(NominationAccess access, UnitOfWork work, AwardDecision decision)
{
    private sealed record DecisionRow(long Id, long CampaignId, string AwardingBody, DateOnly DecidedOn, string DocumentNumber, string DecidedBy,
        DateTimeOffset DecidedAt);

    private sealed record ItemRow(long CandidateId, string Name, long OrgUnitId, string OrgUnitName, string Category, long HonoreeId, long HonourId,
        bool CreatedHonoree);

    /// <summary>GET /api/v1/campaigns/{id}/decision: 404 when the campaign is out of scope or has no decision yet.</summary>
    public async Task<Outcome<DecisionView>> GetAsync(long campaignId)
    {
        await using var connection = await access.OpenAsync();
        var campaign = await NominationAccess.CampaignAsync(connection, null, campaignId);
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<DecisionView>.NotFound();
        }
        var view = await ViewAsync(connection, null, campaignId, CampaignQueries.TitleName(campaign.TitleCode, campaign.AwardingRegionCode));
        return view is null ? Outcome<DecisionView>.NotFound() : Outcome<DecisionView>.Ok(view);
    }

    /// <summary>
    /// The campaign page's panel: the candidates in the final notice, each asked of the same gates the decision asks,
    /// the seats and the composition rules over those ready, or the decision once made. The gates read in a unit of work,
    /// which is rolled back: the panel changes nothing.
    /// </summary>
    public async Task<DecisionPanel?> PanelAsync(long campaignId, CancellationToken ct = default)
    {
        await using var connection = await access.OpenAsync();
        var campaign = await NominationAccess.CampaignAsync(connection, null, campaignId);
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return null;
        }
        var titleName = CampaignQueries.TitleName(campaign.TitleCode, campaign.AwardingRegionCode);
        var made = await ViewAsync(connection, null, campaignId, titleName);
        IReadOnlyList<ReadyCandidate> candidates = [];
        if (made is null)
        {
            candidates = await work.RunAsync(() => decision.ReadinessAsync(work.Transaction.Connection!, work.Transaction, campaignId), _ => false, ct);
        }
        var ready = candidates.Where(c => c.Refusal is null).ToList();
        var rules = await AwardDecision.RulesAsync(connection, null, campaignId);
        var composition = Composition.Evaluate(rules, ready.Select(c => c.Category).ToList())
            .Select(s => new CompositionStandingView(s.Rule.Category, NominationCodes.Name(NominationCodes.Categories, s.Rule.Category) ?? s.Rule.Category,
                s.Rule.MinShare, s.Rule.MaxShare, s.Count, s.Total, s.Warning)).ToList();
        var shown = new List<ReadyCandidate>();
        foreach (var candidate in candidates)
        {
            if (await access.CanReadAtAsync(candidate.UnitPath))
            {
                shown.Add(candidate);
            }
        }
        return new DecisionPanel(campaignId, campaign.Status, CampaignQueries.StatusName(campaign.Status),
            made is null && await access.CanAdministerAtAsync(campaign.UnitPath), AwardDecision.StatusRefusal(campaign.StatusValue), campaign.SeatTotal,
            shown, ready.Count, composition, AwardDecision.SeatRefusal(ready.Count, campaign.SeatTotal), made);
    }

    public static async Task<long?> DecisionIdAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId)
    {
        await using var command = NominationAccess.Command(connection, tx, "SELECT id FROM award_decisions WHERE campaign_id = @id", ("id", campaignId));
        return await command.ExecuteScalarAsync() is long id ? id : null;
    }

    public static async Task<DecisionView?> ViewAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId, string titleName)
    {
        DecisionRow? d;
        await using (var command = NominationAccess.Command(connection, tx, """
            SELECT d.id, d.campaign_id, d.awarding_body, d.decided_on, d.document_number, coalesce(u.display_name, u.user_name, '') AS decided_by, d.decided_at
            FROM award_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.campaign_id = @id
            """, ("id", campaignId)))
        {
            d = await Rows.FirstOrDefaultAsync<DecisionRow>(command);
        }
        if (d is null)
        {
            return null;
        }
        await using var items = NominationAccess.Command(connection, tx, """
            SELECT i.candidate_id, k.name, k.org_unit_id, u.name AS org_unit_name, k.category, i.honoree_id, i.honour_id, i.created_honoree
            FROM award_decision_items i JOIN candidates k ON k.id = i.candidate_id JOIN org_units u ON u.id = k.org_unit_id
            WHERE i.decision_id = @id ORDER BY u.path, k.id
            """, ("id", d.Id));
        var list = (await Rows.ListAsync<ItemRow>(items)).Select(i => new DecisionItemView(i.CandidateId, i.Name, i.OrgUnitId, i.OrgUnitName, i.Category,
            NominationCodes.Name(NominationCodes.Categories, i.Category) ?? i.Category, i.HonoreeId, i.HonourId, i.CreatedHonoree)).ToList();
        return new DecisionView(d.Id, d.CampaignId, d.AwardingBody, d.DecidedOn, d.DocumentNumber, titleName, d.DecidedBy, d.DecidedAt, list);
    }
}
