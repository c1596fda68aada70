using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations;

/// <summary>Reading candidates: those of the units the user reads nominations at, each with its whole history of steps.</summary>
public sealed class CandidateQueries(NominationAccess access)
{
    private sealed record CandidateRow(
        long Id, long CampaignId, string TitleCode, string? AwardingRegionCode, int Year, long OrgUnitId, string OrgUnitName, long? PoolEntryId,
        long? HonoreeId, string Name, string ResidentIdMasked, string Gender, string Workplace, string Post, string Category, string Deeds, string State,
        string VoteMeetingKind, DateOnly VoteHeldOn, int VotePresent, int VoteFor, int VoteAgainst, int VoteAbstaining);

    private sealed record StepRow(int Seq, string Action, string? FromState, string ToState, string? Reason, string Payload, string ActorName, DateTimeOffset OccurredAt);

    private sealed record ListRow(long Id, long CampaignId, long OrgUnitId, string OrgUnitName, string Name, string Category, string State);

    public async Task<Outcome<CandidateView>> GetAsync(long id)
    {
        await using var connection = await access.OpenAsync();
        await using var command = NominationAccess.Command(connection, null, """
            SELECT k.id, k.campaign_id, c.title_code, c.awarding_region_code, c.year, k.org_unit_id, u.name AS org_unit_name, k.pool_entry_id,
                   k.honoree_id, k.name, k.resident_id_masked, k.gender, k.workplace, k.post, k.category, k.deeds, k.state,
                   k.vote_meeting_kind, k.vote_held_on, k.vote_present, k.vote_for, k.vote_against, k.vote_abstaining
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id JOIN campaigns c ON c.id = k.campaign_id
            WHERE k.id = @id AND u.path LIKE ANY(@roots)
            """, ("id", id), ("roots", await access.ReadPatternsAsync()));
        var k = await Rows.FirstOrDefaultAsync<CandidateRow>(command);
        if (k is null)
        {
            return Outcome<CandidateView>.NotFound();
        }
        await using var stepsCommand = NominationAccess.Command(connection, null,
            "SELECT seq, action, from_state, to_state, reason, payload::text AS payload, actor_name, occurred_at FROM candidate_steps WHERE candidate_id = @id ORDER BY seq",
            ("id", id));
        var steps = (await Rows.ListAsync<StepRow>(stepsCommand))
            .Select(s => Step(s.Seq, s.Action, s.FromState, s.ToState, s.Reason, s.Payload, s.ActorName, s.OccurredAt)).ToList();
        return Outcome<CandidateView>.Ok(new CandidateView(k.Id, k.CampaignId, $"{k.Year}年{CampaignQueries.TitleName(k.TitleCode, k.AwardingRegionCode)}",
            k.OrgUnitId, k.OrgUnitName, k.PoolEntryId, k.HonoreeId, k.Name, k.ResidentIdMasked, k.Gender, k.Workplace, k.Post, k.Category,
            CategoryName(k.Category), k.Deeds, k.State, StateName(k.State),
            new VoteView(k.VoteMeetingKind, NominationCodes.Name(NominationCodes.MeetingKinds, k.VoteMeetingKind) ?? k.VoteMeetingKind, k.VoteHeldOn,
                k.VotePresent, k.VoteFor, k.VoteAgainst, k.VoteAbstaining), steps));
    }

    /// <summary>The candidates of a campaign (or of all campaigns) the user reads, optionally of one unit's subtree and one state.</summary>
    public async Task<Outcome<Page<CandidateListItem>>> ListAsync(long? campaignId, long? orgUnitId, string? state, int? page, int? pageSize)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        await using var connection = await access.OpenAsync();
        var where = "u.path LIKE ANY(@roots)";
        var parameters = new List<(string, object?)> { ("roots", await access.ReadPatternsAsync()) };
        if (campaignId is not null)
        {
            where += " AND k.campaign_id = @campaign";
            parameters.Add(("campaign", campaignId.Value));
        }
        if (orgUnitId is { } unitId)
        {
            var unit = await NominationAccess.UnitAsync(connection, null, unitId);
            if (unit is null || !await access.CanReadAtAsync(unit.Path))
            {
                return Outcome<Page<CandidateListItem>>.NotFound();
            }
            where += " AND u.path LIKE @under";
            parameters.Add(("under", unit.Path + "%"));
        }
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (CandidateStates.Parse(state.Trim()) is null)
            {
                return Outcome<Page<CandidateListItem>>.Invalid("state", "状态应为推荐程序中的一个状态");
            }
            where += " AND k.state = @state";
            parameters.Add(("state", state.Trim()));
        }
        const string From = "FROM candidates k JOIN org_units u ON u.id = k.org_unit_id";
        int total;
        await using (var count = NominationAccess.Command(connection, null, $"SELECT count(*)::int {From} WHERE {where}", [.. parameters]))
        {
            total = (int)(await count.ExecuteScalarAsync())!;
        }
        await using var command = NominationAccess.Command(connection, null,
            $"SELECT k.id, k.campaign_id, k.org_unit_id, u.name AS org_unit_name, k.name, k.category, k.state {From} WHERE {where} ORDER BY u.path, k.id LIMIT @limit OFFSET @offset",
            [.. parameters, ("limit", size), ("offset", (number - 1) * size)]);
        var rows = await Rows.ListAsync<ListRow>(command);
        return Outcome<Page<CandidateListItem>>.Ok(new Page<CandidateListItem>(rows.Select(r => new CandidateListItem(r.Id, r.CampaignId, r.OrgUnitId,
            r.OrgUnitName, r.Name, r.Category, CategoryName(r.Category), r.State, StateName(r.State))).ToList(), total, number, size));
    }

    internal static StepView Step(int seq, string action, string? from, string to, string? reason, string payload, string actor, DateTimeOffset at) => new(
        seq, action, CandidateStates.ParseAction(action) is { } a ? CandidateStates.ChineseName(a) : action, from, from is null ? null : StateName(from),
        to, StateName(to), reason, payload, actor, at);

    public static string StateName(string state) => CandidateStates.Parse(state) is { } s ? CandidateStates.ChineseName(s) : state;

    public static string CategoryName(string category) => NominationCodes.Name(NominationCodes.Categories, category) ?? category;
}
