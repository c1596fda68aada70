using Laurel.Rules.Nominations;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// Step 1 of the procedure (推荐): a manager of a street or grassroots unit puts a person forward — from the unit's pool or
/// as a new person — with the deeds and the democratic recommendation. Refused when the campaign is not open, when
/// for ≤ half of those present, or when the unit's seats are used (under the lock of its quota row). Attachments come
/// with the shared file store (the candidate's id is their owner).
/// </summary>
public sealed class RecommendCandidate(UnitOfWork work, NominationAccess access, CandidateSteps steps, AuditLog audit, ResidentIds ids, LaurelDb db,
    CampaignQueries campaigns, TimeProvider clock)
{
    public const int MaxDeeds = 3000;

    private sealed record PoolPerson(long Id, string UnitPath, string Name, byte[] ResidentIdCipher, byte[] ResidentIdHash, string ResidentIdMasked,
        DateOnly BirthDate, string Gender, string Workplace, string Post, string Category);

    public async Task<Outcome<CandidateCreated>> RecommendAsync(CandidateInput input)
    {
        var tx = work.Transaction;
        var connection = tx.Connection!;
        var today = Dates.Today(clock);
        var errors = new FieldErrors();
        CampaignRow? campaign = null;
        if (input.CampaignId is not { } campaignId)
        {
            errors.Add("campaignId", "评选活动不能为空");
        }
        // Shared: the campaign cannot close while a submission runs, nor the other way round.
        else if ((campaign = await NominationAccess.CampaignAsync(connection, tx, campaignId, "FOR SHARE OF c")) is null
            || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<CandidateCreated>.NotFound();
        }
        var unit = await NominationAccess.CheckUnitAsync(tx, input.OrgUnitId, access.CanWriteAtAsync, errors, "推荐单位");
        if (unit is not null && OrgUnitKinds.Parse(unit.Kind) is not (OrgUnitKind.Street or OrgUnitKind.Grassroots))
        {
            errors.Add("orgUnitId", "推荐单位应为街道（乡镇）工会或基层工会");
        }
        else if (unit is not null && campaign is not null && !unit.Path.StartsWith(campaign.UnitPath, StringComparison.Ordinal))
        {
            errors.Add("orgUnitId", $"推荐单位不在{campaign.UnitName}的评选范围内");
        }

        ProtectedPerson? person = null;
        string? workplace, post, category;
        long? poolEntryId = null;
        if (input.PoolEntryId is { } entryId)
        {
            var entry = await PoolEntryAsync(tx, entryId);
            if (entry is null || !await access.CanReadAtAsync(entry.UnitPath) || (unit is not null && !entry.UnitPath.StartsWith(unit.Path, StringComparison.Ordinal)))
            {
                errors.Add("poolEntryId", "信息库条目不存在或不属于推荐单位");
                workplace = post = category = null;
            }
            else
            {
                poolEntryId = entry.Id;
                person = new ProtectedPerson(entry.Name, entry.ResidentIdCipher, entry.ResidentIdHash, entry.ResidentIdMasked, entry.BirthDate, entry.Gender);
                workplace = TextFields.Optional(input.Workplace, "workplace", "工作单位", 100, errors) ?? entry.Workplace;
                post = TextFields.Optional(input.Post, "post", "岗位", 50, errors) ?? entry.Post;
                category = string.IsNullOrWhiteSpace(input.Category) ? entry.Category : PersonFields.Code(input.Category, NominationCodes.Categories, "category", "人选类别", errors);
            }
        }
        else
        {
            var name = TextFields.Required(input.Name, "name", "姓名", 50, errors);
            var residentId = PersonFields.CheckResidentId(input.ResidentId, today, errors);
            if (name is not null && residentId is not null)
            {
                person = PersonFields.Protect(ids, name, residentId.Value);
            }
            workplace = TextFields.Required(input.Workplace, "workplace", "工作单位", 100, errors);
            post = TextFields.Required(input.Post, "post", "岗位", 50, errors);
            category = PersonFields.Code(input.Category, NominationCodes.Categories, "category", "人选类别", errors);
        }
        var deeds = TextFields.Required(input.Deeds, "deeds", "事迹材料", MaxDeeds, errors, multiLine: true);
        var vote = CheckVote(input.Vote, today, errors);
        if (errors.Any)
        {
            return Outcome<CandidateCreated>.Invalid(errors);
        }

        if (campaign!.StatusValue != CampaignStatus.Open)
        {
            return Outcome<CandidateCreated>.Conflict($"评选活动{CampaignStatuses.ChineseName(campaign.StatusValue)}，现在不能推荐人选");
        }
        if (today < campaign.NominationsOpenOn || today > campaign.NominationsCloseOn)
        {
            return Outcome<CandidateCreated>.Conflict($"推荐时间为 {campaign.NominationsOpenOn:yyyy-MM-dd} 至 {campaign.NominationsCloseOn:yyyy-MM-dd}，今天不在推荐时间内");
        }
        // The hard check of seats, under the lock of the unit's quota row (ADR 21).
        var locked = await SeatLedger.LockAsync(tx, campaign.Id, unit!.Id);
        var holding = locked ? await SeatLedger.HoldingAsync(connection, tx, campaign.Id, unit.Id) : null;
        if (Seats.SubmissionRefusal(unit.Name, holding) is { } seatRefusal)
        {
            return Outcome<CandidateCreated>.Conflict(seatRefusal);
        }
        if (await AlreadyInRunningAsync(tx, campaign.Id, person!.Hash))
        {
            return Outcome<CandidateCreated>.Conflict(DuplicateMessage);
        }
        var honoreeId = await PersonFields.HonoreeIdAsync(tx, person.Hash);
        var now = clock.GetUtcNow();
        long id;
        await using (var command = NominationAccess.Command(connection, tx, """
            INSERT INTO candidates (campaign_id, org_unit_id, pool_entry_id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked,
                birth_date, gender, workplace, post, category, deeds, vote_meeting_kind, vote_held_on, vote_present, vote_for, vote_against,
                vote_abstaining, state, created_by, created_at, updated_at)
            VALUES (@campaign, @unit, @entry, @honoree, @name, @cipher, @hash, @masked, @birth, @gender, @workplace, @post, @category, @deeds,
                @meeting, @held, @present, @for, @against, @abstaining, 'recommended', @by, @now, @now)
            ON CONFLICT (campaign_id, resident_id_hash) WHERE state NOT IN ('withdrawn', 'rejected') DO NOTHING
            RETURNING id
            """, ("campaign", campaign.Id), ("unit", unit.Id), ("entry", poolEntryId), ("honoree", honoreeId), ("name", person.Name),
            ("cipher", person.Cipher), ("hash", person.Hash), ("masked", person.Masked), ("birth", person.BirthDate), ("gender", person.Gender),
            ("workplace", workplace), ("post", post), ("category", category), ("deeds", deeds), ("meeting", vote!.MeetingKind),
            ("held", vote.HeldOn), ("present", vote.Present), ("for", vote.For), ("against", vote.Against), ("abstaining", vote.Abstaining),
            ("by", access.UserId), ("now", now)))
        {
            // The same person put forward by two units at once: one stands, the other is told so.
            if (await command.ExecuteScalarAsync() is not long inserted)
            {
                return Outcome<CandidateCreated>.Conflict(DuplicateMessage);
            }
            id = inserted;
        }
        var payload = new
        {
            orgUnitId = unit.Id, poolEntryId, honoreeId, category, deedsLength = deeds!.Length,
            vote = new { vote.MeetingKind, heldOn = vote.HeldOn, vote.Present, vote.For, vote.Against, vote.Abstaining },
        };
        await steps.RecordFirstAsync(tx, id, payload);
        audit.Record(AuditActions.Create, AuditObjectTypes.Candidate, id, null,
            new { campaignId = campaign.Id, orgUnitId = unit.Id, name = person.Name, residentId = person.Masked, poolEntryId, honoreeId, category, workplace, post, vote },
            $"{unit.Name}推荐人选 {person.Name}（民主推荐：到会 {vote.Present} 人，赞成 {vote.For} 票）");
        await db.SaveChangesAsync();
        var warnings = await campaigns.CompositionWarningsAsync(connection, tx, campaign.Id);
        return Outcome<CandidateCreated>.Ok(new CandidateCreated(id, CandidateStates.Code(CandidateState.Recommended), honoreeId, warnings));
    }

    public const string DuplicateMessage = "该职工已是本次评选的推荐人选，不能重复推荐";

    private static DemocraticVote? CheckVote(VoteInput? input, DateOnly today, FieldErrors errors)
    {
        if (input is null)
        {
            errors.Add("vote", "民主推荐情况不能为空");
            return null;
        }
        var missing = false;
        foreach (var (field, label, value) in new (string, string, object?)[]
                 { ("meetingKind", "会议类型", input.MeetingKind), ("heldOn", "会议日期", input.HeldOn), ("present", "到会人数", input.Present),
                   ("for", "赞成票", input.For), ("against", "反对票", input.Against), ("abstaining", "弃权票", input.Abstaining) })
        {
            if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
            {
                errors.Add("vote." + field, $"{label}不能为空");
                missing = true;
            }
        }
        if (missing)
        {
            return null;
        }
        var vote = new DemocraticVote(input.MeetingKind!.Trim(), input.HeldOn!.Value, input.Present!.Value, input.For!.Value, input.Against!.Value, input.Abstaining!.Value);
        var problems = DemocraticVotes.Problems(vote, today);
        foreach (var (field, message) in problems)
        {
            errors.Add("vote." + field, message);
        }
        return problems.Count == 0 ? vote : null;
    }

    private static async Task<PoolPerson?> PoolEntryAsync(NpgsqlTransaction tx, long id)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT p.id, u.path AS unit_path, p.name, p.resident_id_cipher, p.resident_id_hash, p.resident_id_masked, p.birth_date, p.gender,
                   p.workplace, p.post, p.category
            FROM pool_entries p JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = @id
            """, ("id", id));
        return await Rows.FirstOrDefaultAsync<PoolPerson>(command);
    }

    private static async Task<bool> AlreadyInRunningAsync(NpgsqlTransaction tx, long campaignId, byte[] hash)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "SELECT EXISTS (SELECT 1 FROM candidates WHERE campaign_id = @campaign AND resident_id_hash = @hash AND state NOT IN ('withdrawn', 'rejected'))",
            ("campaign", campaignId), ("hash", hash));
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
