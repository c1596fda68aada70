using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>
/// Reading notices as the staff do. A notice is seen by those who read nominations at its publishing unit or at the unit
/// of any candidate on it; anyone else gets 404. Its status is a function of Beijing today and the window (ADR 24).
/// </summary>
public sealed class NoticeQueries(NominationAccess access, TimeProvider clock)
{
    private sealed record ListRow(long Id, string Level, string Title, DateOnly OpensOn, DateOnly ClosesOn, bool Withdrawn, string? Certificate);

    private sealed record NoticeRow(
        long Id, long CampaignId, string TitleCode, string? AwardingRegionCode, int Year, string CampaignUnitPath, long OrgUnitId, string OrgUnitName,
        string UnitPath, string Level, string Title, DateOnly OpensOn, int WorkingDays, DateOnly ClosesOn, string ContactPhone, string ContactAddress,
        string? ContactEmail, int TakedownDays, byte[] SnapshotSha256, string? PublishedBy, DateTimeOffset PublishedAt, string? Certificate,
        string? ClosedBy, DateTimeOffset? ClosedAt, string? WithdrawnReason, string? WithdrawnBy, DateTimeOffset? WithdrawnAt, int Objections);

    private sealed record CandidateRow(long CandidateId, int Position, string Name, string Gender, string Unit, string Post, string Summary, string State);

    /// <summary>Whether the user sees the notice: reads nominations at its unit or at the unit of a candidate on it.</summary>
    public static async Task<bool> VisibleAsync(NominationAccess access, NpgsqlConnection connection, NpgsqlTransaction? tx, long noticeId, string unitPath)
    {
        if (await access.CanReadAtAsync(unitPath))
        {
            return true;
        }
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT EXISTS (SELECT 1 FROM notice_candidates nc JOIN candidates k ON k.id = nc.candidate_id JOIN org_units u ON u.id = k.org_unit_id
                           WHERE nc.notice_id = @id AND u.path LIKE ANY(@roots))
            """, ("id", noticeId), ("roots", await access.ReadPatternsAsync()));
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public NoticeStatus StatusOf(DateOnly opensOn, DateOnly closesOn, bool withdrawn) => Notices.StatusOn(Dates.Today(clock), opensOn, closesOn, withdrawn);

    /// <summary>The notices of a campaign the user sees, in the order they open.</summary>
    public async Task<Outcome<IReadOnlyList<NoticeSummary>>> ListAsync(long campaignId)
    {
        await using var connection = await access.OpenAsync();
        var campaign = await NominationAccess.CampaignAsync(connection, null, campaignId);
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<IReadOnlyList<NoticeSummary>>.NotFound();
        }
        await using var command = NominationAccess.Command(connection, null, """
            SELECT n.id, n.level, n.title, n.opens_on, n.closes_on, n.withdrawn_at IS NOT NULL AS withdrawn, n.certificate
            FROM notices n JOIN org_units u ON u.id = n.org_unit_id
            WHERE n.campaign_id = @id AND (u.path LIKE ANY(@roots) OR EXISTS (
                SELECT 1 FROM notice_candidates nc JOIN candidates k ON k.id = nc.candidate_id JOIN org_units ku ON ku.id = k.org_unit_id
                WHERE nc.notice_id = n.id AND ku.path LIKE ANY(@roots)))
            ORDER BY n.opens_on, n.id
            """, ("id", campaignId), ("roots", await access.ReadPatternsAsync()));
        var rows = await Rows.ListAsync<ListRow>(command);
        return Outcome<IReadOnlyList<NoticeSummary>>.Ok(rows.Select(r =>
        {
            var status = StatusOf(r.OpensOn, r.ClosesOn, r.Withdrawn);
            return new NoticeSummary(r.Id, r.Level, Notices.ChineseName(Notices.ParseLevel(r.Level)!.Value), r.Title, r.OpensOn, r.ClosesOn,
                Notices.Code(status), Notices.ChineseName(status), r.Certificate);
        }).ToList());
    }

    /// <summary>One notice with everything the staff see: window, contact, snapshot hash, certificate and candidates.</summary>
    public async Task<Outcome<NoticeView>> GetAsync(long id)
    {
        await using var connection = await access.OpenAsync();
        await using var command = NominationAccess.Command(connection, null, """
            SELECT n.id, n.campaign_id, c.title_code, c.awarding_region_code, c.year, cu.path AS campaign_unit_path, n.org_unit_id,
                   u.name AS org_unit_name, u.path AS unit_path, n.level, n.title, n.opens_on, n.working_days, n.closes_on, n.contact_phone,
                   n.contact_address, n.contact_email, n.takedown_days, n.snapshot_sha256, pu.display_name AS published_by, n.published_at,
                   n.certificate, clu.display_name AS closed_by, n.closed_at, n.withdrawn_reason, wu.display_name AS withdrawn_by, n.withdrawn_at,
                   (SELECT count(*) FROM objections o WHERE o.notice_id = n.id)::int AS objections
            FROM notices n JOIN campaigns c ON c.id = n.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id JOIN org_units u ON u.id = n.org_unit_id
                 LEFT JOIN users pu ON pu.id = n.published_by LEFT JOIN users clu ON clu.id = n.closed_by LEFT JOIN users wu ON wu.id = n.withdrawn_by
            WHERE n.id = @id
            """, ("id", id));
        var n = await Rows.FirstOrDefaultAsync<NoticeRow>(command);
        if (n is null || !await VisibleAsync(access, connection, null, id, n.UnitPath))
        {
            return Outcome<NoticeView>.NotFound();
        }
        await using var candidates = NominationAccess.Command(connection, null, """
            SELECT nc.candidate_id, nc.position, nc.name, nc.gender, nc.unit, nc.post, nc.summary, k.state
            FROM notice_candidates nc JOIN candidates k ON k.id = nc.candidate_id WHERE nc.notice_id = @id ORDER BY nc.position
            """, ("id", id));
        var list = (await Rows.ListAsync<CandidateRow>(candidates)).Select(c => new NoticeCandidateView(c.CandidateId, c.Position, c.Name, c.Gender,
            c.Unit, c.Post, c.Summary, c.State, CandidateStates.Parse(c.State) is { } s ? CandidateStates.ChineseName(s) : c.State)).ToList();
        var level = Notices.ParseLevel(n.Level)!.Value;
        var status = StatusOf(n.OpensOn, n.ClosesOn, n.WithdrawnAt is not null);
        var canManage = n.Certificate is null && n.WithdrawnAt is null
            && await NoticeCommands.CanManageAsync(access, n.Level, n.UnitPath, n.CampaignUnitPath);
        return Outcome<NoticeView>.Ok(new NoticeView(n.Id, n.CampaignId, $"{n.Year}年{CampaignQueries.TitleName(n.TitleCode, n.AwardingRegionCode)}评选",
            n.OrgUnitId, n.OrgUnitName, n.Level, Notices.ChineseName(level), n.Title, n.OpensOn, n.WorkingDays, n.ClosesOn, Notices.Code(status),
            Notices.ChineseName(status), n.ContactPhone, n.ContactAddress, n.ContactEmail, n.TakedownDays, n.ClosesOn.AddDays(n.TakedownDays),
            NoticeSnapshot.Hex(n.SnapshotSha256), n.PublishedBy ?? "", n.PublishedAt, n.Certificate, n.ClosedBy, n.ClosedAt, n.WithdrawnReason,
            n.WithdrawnBy, n.WithdrawnAt, n.Objections, canManage, list));
    }

    /// <summary>The candidates of a campaign the user may put on a notice of the level: in its entry state, in scope.</summary>
    public async Task<IReadOnlyList<NoticeChoice>> ChoicesAsync(long campaignId, NoticeLevel level)
    {
        await using var connection = await access.OpenAsync();
        await using var command = NominationAccess.Command(connection, null, """
            SELECT k.id, k.name, k.gender, u.name AS org_unit_name, k.workplace, k.post
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id
            WHERE k.campaign_id = @campaign AND k.state = @state AND u.path LIKE ANY(@roots)
            ORDER BY u.path, k.id
            """, ("campaign", campaignId), ("state", CandidateStates.Code(Notices.EntryState(level))), ("roots", await access.ReadPatternsAsync()));
        return await Rows.ListAsync<NoticeChoice>(command);
    }
}
