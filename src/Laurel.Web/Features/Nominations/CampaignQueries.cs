using Laurel.Rules.Honours;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>Reading campaigns: the list a user sees (their units' and those above them), and one campaign with its seats, pipeline and composition.</summary>
public sealed class CampaignQueries(NominationAccess access)
{
    private sealed record ListRow(
        long Id, string TitleCode, string? AwardingRegionCode, int Year, long OrgUnitId, string OrgUnitName, string Status, int SeatTotal,
        DateOnly NominationsOpenOn, DateOnly NominationsCloseOn);

    /// <summary>
    /// The campaigns of the units the user reads nominations at, and of the units above them (a street nominates into
    /// its district's campaign); newest year first. <paramref name="status"/> filters by status code.
    /// </summary>
    public async Task<Page<CampaignListItem>> ListAsync(int? year, string? status, int? page, int? pageSize)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var roots = (await access.GrantsAsync()).NominationReadRoots.ToArray();
        await using var connection = await access.OpenAsync();
        var where = "(u.path LIKE ANY(@patterns) OR u.path = ANY(@ancestors))";
        var parameters = new List<(string, object?)> { ("patterns", roots.Select(r => r + "%").ToArray()), ("ancestors", Ancestors(roots)) };
        if (year is not null)
        {
            where += " AND c.year = @year";
            parameters.Add(("year", year.Value));
        }
        if (!string.IsNullOrWhiteSpace(status))
        {
            where += " AND c.status = @status";
            parameters.Add(("status", status.Trim()));
        }
        const string From = "FROM campaigns c JOIN org_units u ON u.id = c.org_unit_id";
        int total;
        await using (var count = NominationAccess.Command(connection, null, $"SELECT count(*)::int {From} WHERE {where}", [.. parameters]))
        {
            total = (int)(await count.ExecuteScalarAsync())!;
        }
        await using var command = NominationAccess.Command(connection, null, $"""
            SELECT c.id, c.title_code, c.awarding_region_code, c.year, c.org_unit_id, u.name AS org_unit_name, c.status, c.seat_total,
                   c.nominations_open_on, c.nominations_close_on
            {From} WHERE {where} ORDER BY c.year DESC, c.id DESC LIMIT @limit OFFSET @offset
            """, [.. parameters, ("limit", size), ("offset", (number - 1) * size)]);
        var rows = await Rows.ListAsync<ListRow>(command);
        return new Page<CampaignListItem>(rows.Select(r => new CampaignListItem(r.Id, r.TitleCode, TitleName(r.TitleCode, r.AwardingRegionCode), r.Year,
            r.OrgUnitId, r.OrgUnitName, r.Status, StatusName(r.Status), r.SeatTotal, r.NominationsOpenOn, r.NominationsCloseOn)).ToList(), total, number, size);
    }

    private sealed record QuotaRow(long OrgUnitId, string OrgUnitName, long? ParentOrgUnitId, int Seats, int AllocatedToChildren, int Used);
    private sealed record PipelineCount(long OrgUnitId, string OrgUnitName, string State, int Count);
    private sealed record RuleRow(string Category, decimal? MinShare, decimal? MaxShare);

    public async Task<Outcome<CampaignView>> GetAsync(long id)
    {
        await using var connection = await access.OpenAsync();
        var c = await NominationAccess.CampaignAsync(connection, null, id);
        if (c is null || !await access.CanSeeCampaignAsync(c.UnitPath))
        {
            return Outcome<CampaignView>.NotFound();
        }
        List<string> departments;
        await using (var command = NominationAccess.Command(connection, null, "SELECT name FROM campaign_departments WHERE campaign_id = @id ORDER BY position", ("id", id)))
        {
            departments = [];
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                departments.Add(reader.GetString(0));
            }
        }
        List<QuotaRow> quotas;
        await using (var command = NominationAccess.Command(connection, null, """
            SELECT q.org_unit_id, u.name AS org_unit_name, u.parent_id AS parent_org_unit_id, q.seats,
                   coalesce((SELECT sum(c2.seats) FROM campaign_quotas c2 JOIN org_units u2 ON u2.id = c2.org_unit_id
                             WHERE c2.campaign_id = q.campaign_id AND u2.parent_id = q.org_unit_id), 0)::int AS allocated_to_children,
                   (SELECT count(*) FROM candidates k WHERE k.campaign_id = q.campaign_id AND k.org_unit_id = q.org_unit_id
                      AND k.state NOT IN ('withdrawn', 'rejected'))::int AS used
            FROM campaign_quotas q JOIN org_units u ON u.id = q.org_unit_id WHERE q.campaign_id = @id ORDER BY u.path
            """, ("id", id)))
        {
            quotas = await Rows.ListAsync<QuotaRow>(command);
        }
        // The pipeline counts only the candidates the user may read (a street sees its own).
        List<PipelineCount> counts;
        await using (var command = NominationAccess.Command(connection, null, """
            SELECT k.org_unit_id, u.name AS org_unit_name, k.state, count(*)::int AS count
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id
            WHERE k.campaign_id = @id AND u.path LIKE ANY(@roots) GROUP BY 1, 2, 3, u.path ORDER BY u.path
            """, ("id", id), ("roots", await access.ReadPatternsAsync())))
        {
            counts = await Rows.ListAsync<PipelineCount>(command);
        }
        var pipeline = counts.GroupBy(p => (p.OrgUnitId, p.OrgUnitName))
            .Select(g => new PipelineRow(g.Key.OrgUnitId, g.Key.OrgUnitName, g.ToDictionary(p => p.State, p => p.Count))).ToList();
        var standings = await StandingsAsync(connection, null, id);
        return Outcome<CampaignView>.Ok(new CampaignView(c.Id, c.OrgUnitId, c.UnitName, c.TitleCode, TitleName(c.TitleCode, c.AwardingRegionCode),
            c.AwardingRegionCode, c.Year, c.BasisDocument, c.SeatTotal, c.NominationsOpenOn, c.NominationsCloseOn, c.NoticeWorkingDays, c.Status,
            StatusName(c.Status), c.ReportOn, c.ReportDocument, departments, standings,
            quotas.Select(q => new QuotaView(q.OrgUnitId, q.OrgUnitName, q.ParentOrgUnitId, q.Seats, q.AllocatedToChildren, q.Used, q.Seats - q.AllocatedToChildren - q.Used)).ToList(),
            pipeline, await access.CanAdministerAtAsync(c.UnitPath), c.Version));
    }

    /// <summary>The composition rules against the campaign's candidates that hold a seat (all of them, whoever reads).</summary>
    public async Task<IReadOnlyList<CompositionStandingView>> StandingsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId)
    {
        List<RuleRow> rules;
        await using (var command = NominationAccess.Command(connection, tx,
            "SELECT category, min_share, max_share FROM campaign_composition_rules WHERE campaign_id = @id ORDER BY category", ("id", campaignId)))
        {
            rules = await Rows.ListAsync<RuleRow>(command);
        }
        var categories = new List<string>();
        await using (var command = NominationAccess.Command(connection, tx,
            "SELECT category FROM candidates WHERE campaign_id = @id AND state NOT IN ('withdrawn', 'rejected')", ("id", campaignId)))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                categories.Add(reader.GetString(0));
            }
        }
        return Composition.Evaluate(rules.Select(r => new CompositionRule(r.Category, r.MinShare, r.MaxShare)).ToList(), categories)
            .Select(s => new CompositionStandingView(s.Rule.Category, NominationCodes.Name(NominationCodes.Categories, s.Rule.Category) ?? s.Rule.Category,
                s.Rule.MinShare, s.Rule.MaxShare, s.Count, s.Total, s.Warning)).ToList();
    }

    public async Task<IReadOnlyList<string>> CompositionWarningsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId) =>
        (await StandingsAsync(connection, tx, campaignId)).Where(s => s.Warning is not null).Select(s => s.Warning!).ToList();

    public static string TitleName(string code, string? region) =>
        TitleCatalogue.Find(code) is { } title ? TitleCatalogue.DisplayName(title, region) : code;

    public static string StatusName(string status) => CampaignStatuses.Parse(status) is { } s ? CampaignStatuses.ChineseName(s) : status;

    /// <summary>Every proper prefix path of the roots ("/1/2/3/" → "/1/", "/1/2/"): the units above the user's.</summary>
    private static string[] Ancestors(IEnumerable<string> roots) =>
        roots.SelectMany(root =>
        {
            var result = new List<string>();
            for (var i = root.IndexOf('/', 1); i > 0 && i < root.Length - 1; i = root.IndexOf('/', i + 1))
            {
                result.Add(root[..(i + 1)]);
            }
            return result;
        }).Distinct().ToArray();
}
