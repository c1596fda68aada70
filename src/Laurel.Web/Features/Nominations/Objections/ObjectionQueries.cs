using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>A notice a candidate is on, as the cadres' entry form offers it.</summary>
public sealed record CandidateNotice(long NoticeId, string Title, DateOnly OpensOn, DateOnly ClosesOn, string CandidateName);

/// <summary>Reading cases within the user's sight (<see cref="ObjectionAccess"/>): one case, a page of them, a candidate's; the full phone only on an audited reveal.</summary>
public sealed class ObjectionQueries(ObjectionAccess access, NominationAccess nominations, NpgsqlDataSource dataSource, AuditLog audit,
    FieldProtector protector)
{
    public async Task<Outcome<ObjectionView>> GetAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await access.ReadAsync(connection, null, id, forUpdate: false);
        return row is null ? Outcome<ObjectionView>.NotFound() : Outcome<ObjectionView>.Ok(await ViewAsync(connection, null, row));
    }

    /// <summary>The case as shown, with its notes, on the connection (and transaction) that read it.</summary>
    internal async Task<ObjectionView> ViewAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, ObjectionRow r)
    {
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT n.id, n.note, u.display_name AS recorded_by, n.recorded_at
            FROM objection_notes n LEFT JOIN users u ON u.id = n.recorded_by WHERE n.objection_id = @id ORDER BY n.id
            """, ("id", r.Id));
        var notes = await Rows.ListAsync<ObjectionNoteView>(command);
        var state = CandidateStates.Parse(r.CandidateState)!.Value;
        var finding = r.FindingValue;
        var level = Notices.ParseLevel(r.NoticeLevel)!.Value;
        var channel = Notices.ParseChannel(r.Channel)!.Value;
        var handle = await access.CanHandleAsync(r);
        return new ObjectionView(r.Id, r.Reference, r.NoticeId, r.NoticeTitle, r.NoticeLevel, Notices.ChineseName(level), r.NoticeOpensOn,
            r.NoticeClosesOn, r.CampaignId, r.CampaignTitle, r.CandidateId, r.CandidateName, r.CandidateUnit, r.CandidateState,
            CandidateStates.ChineseName(state), r.Channel, Notices.ChineseName(channel), r.Text, r.ObjectorName, r.ObjectorPhoneMasked,
            r.Named, r.ReceivedAt, r.ReceivedBy, r.InvestigatorId, r.Investigator, r.AssignedAt, r.Finding,
            finding is { } f ? Notices.ChineseName(f) : null, r.FindingReason, r.FoundBy, r.FoundAt, r.ResponseOn, r.ResponseText,
            r.RespondedBy, r.ContinueReason, r.ContinueBy, r.ContinueAt, r.State, ObjectionStates.ChineseName(r.State), r.Version, notes,
            handle, await access.CanDecideAsync(r), handle && r.State == "awaiting_response", handle && r.ObjectorPhoneCipher is not null);
    }

    /// <summary>The users the case may be assigned to (its investigators in scope).</summary>
    public async Task<Outcome<List<InvestigatorOption>>> InvestigatorsAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await access.ReadAsync(connection, null, id, forUpdate: false);
        return row is null ? Outcome<List<InvestigatorOption>>.NotFound() : Outcome<List<InvestigatorOption>>.Ok(await ObjectionAccess.InvestigatorsAsync(connection, null, row));
    }

    /// <summary>A page of the cases in sight, newest first, by campaign, notice, candidate and state (an unknown state is a 422).</summary>
    public async Task<Outcome<Page<ObjectionListItem>>> ListAsync(long? campaignId, long? noticeId, long? candidateId, string? state, int? page, int? pageSize)
    {
        if (!string.IsNullOrEmpty(state) && !ObjectionStates.IsKnown(state))
        {
            return Outcome<Page<ObjectionListItem>>.Invalid("state",
                "状态只能是 " + string.Join("、", ObjectionStates.All.Select(s => $"{s.Name}（{s.Code}）")));
        }
        var (number, size) = Paging.Normalise(page, pageSize);
        var (read, admin) = await access.PatternsAsync();
        const string where = $"""
             WHERE {ObjectionAccess.InSight}
               AND (@campaign::bigint IS NULL OR n.campaign_id = @campaign) AND (@notice::bigint IS NULL OR o.notice_id = @notice)
               AND (@candidate::bigint IS NULL OR o.candidate_id = @candidate) AND (@state = '' OR {ObjectionAccess.StateSql} = @state)
            """;
        (string, object?)[] parameters = [("read", read), ("admin", admin), ("campaign", campaignId), ("notice", noticeId), ("candidate", candidateId), ("state", state ?? "")];
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = NominationAccess.Command(connection, null, ObjectionAccess.Select + where + " ORDER BY o.id DESC LIMIT @limit OFFSET @offset",
            [.. parameters, ("limit", size), ("offset", (number - 1) * size)]);
        var rows = await Rows.ListAsync<ObjectionRow>(command);
        await using var count = NominationAccess.Command(connection, null, "SELECT count(*)::int " + ObjectionAccess.From + where, parameters);
        var total = (int)(await count.ExecuteScalarAsync())!;
        var items = rows.Select(r => new ObjectionListItem(r.Id, r.Reference, r.NoticeId, r.NoticeTitle, r.CandidateId, r.CandidateName, r.CandidateUnit,
            Notices.ChineseName(Notices.ParseChannel(r.Channel)!.Value), r.Named, r.ReceivedAt, r.Investigator,
            r.FindingValue is { } f ? Notices.ChineseName(f) : null, r.State, ObjectionStates.ChineseName(r.State))).ToList();
        return Outcome<Page<ObjectionListItem>>.Ok(new Page<ObjectionListItem>(items, total, number, size));
    }

    /// <summary>Every case against one candidate the user sees (the candidate page's list), newest first.</summary>
    public async Task<IReadOnlyList<ObjectionListItem>> ForCandidateAsync(long candidateId) =>
        (await ListAsync(null, null, candidateId, null, 1, 100)).Value!.Items;

    /// <summary>The notices a candidate in sight is on, latest first, for the cadres' entry form; empty when out of sight.</summary>
    public async Task<IReadOnlyList<CandidateNotice>> NoticesOfAsync(long candidateId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = NominationAccess.Command(connection, null, """
            SELECT n.id AS notice_id, n.title, n.opens_on, n.closes_on, nc.name AS candidate_name
            FROM notice_candidates nc JOIN notices n ON n.id = nc.notice_id JOIN candidates k ON k.id = nc.candidate_id
                 JOIN org_units ku ON ku.id = k.org_unit_id JOIN org_units nu ON nu.id = n.org_unit_id
            WHERE nc.candidate_id = @candidate AND n.withdrawn_at IS NULL AND (ku.path LIKE ANY(@read) OR nu.path LIKE ANY(@read))
            ORDER BY n.published_at DESC, n.id DESC
            """, ("candidate", candidateId), ("read", await nominations.ReadPatternsAsync()));
        return await Rows.ListAsync<CandidateNotice>(command);
    }

    /// <summary>The objector's full phone, for those who handle the case; the reveal is audited.</summary>
    public async Task<Outcome<string>> RevealPhoneAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await access.ReadAsync(connection, null, id, forUpdate: false);
        if (row is null)
        {
            return Outcome<string>.NotFound();
        }
        if (!await access.CanHandleAsync(row))
        {
            return Outcome<string>.Forbidden("只有办理本异议的人员才能查看完整联系电话");
        }
        if (Phones.Reveal(protector, row.ObjectorPhoneCipher) is not { } phone)
        {
            return Outcome<string>.NotFound();
        }
        await audit.RecordNowAsync(AuditActions.ViewFullPhone, AuditObjectTypes.Objection, row.Id, $"查看异议 {row.Reference} 反映人的完整联系电话");
        return Outcome<string>.Ok(phone);
    }
}
