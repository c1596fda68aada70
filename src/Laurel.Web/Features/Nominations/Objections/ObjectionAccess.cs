using Laurel.Rules.Access;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>
/// Who sees and who acts on an objection case. It is seen by the campaign's selection admins and by those who read
/// nominations at the notice's unit or at the candidate's unit; out of that, 404. It is handled (investigator, notes,
/// finding, response) by the managers of the notice's unit, the campaign's selection admins and the assigned
/// investigator; the decision after an upheld finding (continue or reject) is the campaign's selection admins' alone.
/// </summary>
public sealed class ObjectionAccess(NominationAccess access)
{
    /// <summary>The case's state, as <see cref="ObjectionStates"/> names it; the open ones are those NoticeGate counts.</summary>
    internal const string StateSql = """
        CASE WHEN o.finding IS NULL AND o.investigator_id IS NULL THEN 'received'
             WHEN o.finding IS NULL THEN 'investigating'
             WHEN o.objector_name IS NOT NULL AND o.response_on IS NULL AND o.finding <> 'inadmissible' THEN 'awaiting_response'
             WHEN o.finding = 'upheld' AND o.continue_reason IS NULL AND k.state NOT IN ('rejected', 'withdrawn') THEN 'awaiting_decision'
             ELSE 'closed' END
        """;

    internal const string From = """
        FROM objections o
        JOIN notices n ON n.id = o.notice_id JOIN org_units nu ON nu.id = n.org_unit_id
        JOIN campaigns c ON c.id = n.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
        JOIN candidates k ON k.id = o.candidate_id JOIN org_units ku ON ku.id = k.org_unit_id
        JOIN notice_candidates nc ON nc.notice_id = o.notice_id AND nc.candidate_id = o.candidate_id
        LEFT JOIN users rb ON rb.id = o.received_by LEFT JOIN users iu ON iu.id = o.investigator_id
        LEFT JOIN users fb ON fb.id = o.found_by LEFT JOIN users sb ON sb.id = o.responded_by LEFT JOIN users cb ON cb.id = o.continue_by
        """;

    /// <summary>Cases in sight: read at the notice's or the candidate's unit, or selection admin of the campaign.</summary>
    internal const string InSight = "(nu.path LIKE ANY(@read) OR ku.path LIKE ANY(@read) OR cu.path LIKE ANY(@admin))";

    internal const string Select = $"""
        SELECT o.id, o.reference, o.notice_id, n.title AS notice_title, n.level AS notice_level, n.opens_on AS notice_opens_on,
               n.closes_on AS notice_closes_on, nu.path AS notice_unit_path, n.campaign_id, c.title_code AS campaign_title_code,
               c.awarding_region_code AS campaign_region_code, c.year AS campaign_year, cu.path AS campaign_unit_path, o.candidate_id,
               nc.name AS candidate_name, nc.unit AS candidate_unit, ku.path AS candidate_unit_path, k.state AS candidate_state,
               o.channel, o.text, o.objector_name, o.objector_phone_masked, o.objector_phone_cipher, o.received_at,
               rb.display_name AS received_by, o.investigator_id, iu.display_name AS investigator, o.assigned_at, o.finding,
               o.finding_reason, fb.display_name AS found_by, o.found_at, o.response_on, o.response_text, sb.display_name AS responded_by,
               o.continue_reason, cb.display_name AS continue_by, o.continue_at, {StateSql} AS state, o.version
        {From}
        """;

    public long? UserId => access.UserId;

    /// <summary>The LIKE patterns of the subtrees whose cases the user reads, and of those whose campaigns they administer.</summary>
    public async Task<(string[] Read, string[] Admin)> PatternsAsync()
    {
        var grants = await access.GrantsAsync();
        return (await access.ReadPatternsAsync(), grants.SelectionAdminRoots.Select(r => r + "%").ToArray());
    }

    /// <summary>The case, locked (FOR UPDATE of the objection) when <paramref name="forUpdate"/>; null when absent or out of sight.</summary>
    internal async Task<ObjectionRow?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, bool forUpdate)
    {
        await using var command = NominationAccess.Command(connection, tx, Select + " WHERE o.id = @id" + (forUpdate ? " FOR UPDATE OF o" : ""), ("id", id));
        var row = await Rows.FirstOrDefaultAsync<ObjectionRow>(command);
        return row is not null && await CanSeeAsync(row) ? row : null;
    }

    internal async Task<bool> CanSeeAsync(ObjectionRow row) =>
        await access.CanReadAtAsync(row.NoticeUnitPath) || await access.CanReadAtAsync(row.CandidateUnitPath) || await CanDecideAsync(row);

    /// <summary>Investigator, notes, finding and response: the notice unit's managers, the campaign's selection admins, the investigator.</summary>
    internal async Task<bool> CanHandleAsync(ObjectionRow row) =>
        await access.CanWriteAtAsync(row.NoticeUnitPath) || await CanDecideAsync(row) || (row.InvestigatorId is { } i && i == access.UserId);

    /// <summary>Whether the user may enter an objection on a notice: its unit's managers or the campaign's selection admins.</summary>
    internal async Task<bool> CanEnterAsync(string noticeUnitPath, string campaignUnitPath) =>
        await access.CanWriteAtAsync(noticeUnitPath) || await access.CanAdministerAtAsync(campaignUnitPath);

    internal Task<bool> CanDecideAsync(ObjectionRow row) => access.CanAdministerAtAsync(row.CampaignUnitPath);

    /// <summary>
    /// The users who may investigate the case: active, with nomination rights in its scope (a manager at the notice's or
    /// the candidate's unit, or a selection admin of the campaign).
    /// </summary>
    internal static async Task<List<InvestigatorOption>> InvestigatorsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, ObjectionRow row, long? only = null)
    {
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT DISTINCT u.id, u.display_name AS name
            FROM users u JOIN role_grants g ON g.user_id = u.id JOIN org_units gu ON gu.id = g.org_unit_id
            WHERE u.is_active AND (@only::bigint IS NULL OR u.id = @only)
              AND ((g.role = @manager AND (starts_with(@notice, gu.path) OR starts_with(@candidate, gu.path)))
                   OR (g.role = @admin AND starts_with(@campaign, gu.path)))
            ORDER BY u.id
            """, ("only", only), ("manager", Roles.Manager), ("admin", Roles.SelectionAdmin), ("notice", row.NoticeUnitPath),
            ("candidate", row.CandidateUnitPath), ("campaign", row.CampaignUnitPath));
        return await Rows.ListAsync<InvestigatorOption>(command);
    }
}
