using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Nominations;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations.Decision;

/// <summary>
/// The award decision (表彰决定, issue 12 §3 step 7, ADR 26), in the request's one transaction: the campaign row locked
/// (FOR UPDATE) so two presses are served one after the other, the decision inserted once (unique per campaign), each
/// covered candidate moved final_notice → approved through <see cref="CandidateSteps"/> (so the notice gate holds),
/// and the honour created on each person's record — found by the resident ID's keyed hash, or created in the unit that
/// recommended them — through <see cref="RegistryRecords"/>, as the registry's own forms write them. Composition rules
/// and seats block it; a refusal leaves nothing behind.
/// </summary>
public sealed class AwardDecision(UnitOfWork work, NominationAccess access, CandidateSteps steps, IEnumerable<ICandidateGate> gates, LaurelDb db,
    AuditLog audit, ResidentIds ids, TimeProvider clock)
{
    public const string AlreadyDecided = "已作出表彰决定，同一评选活动只能作出一次表彰决定";

    private sealed record FinalRow(long Id, long CampaignId, string Name, string State, string UnitPath, string CampaignUnitPath, long OrgUnitId,
        string OrgUnitName, string Category);

    private sealed record PersonRow(long? HonoreeId, string Name, byte[] ResidentIdCipher, byte[] ResidentIdHash, string ResidentIdMasked,
        DateOnly BirthDate, string Gender, string Workplace, long OrgUnitId, string? UnitRegion);

    public async Task<Outcome<DecisionView>> DecideAsync(long campaignId, DecisionInput input)
    {
        var tx = work.Transaction;
        var campaign = await NominationAccess.CampaignAsync(tx.Connection!, tx, campaignId, "FOR UPDATE OF c");
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<DecisionView>.NotFound();
        }
        if (!await access.CanAdministerAtAsync(campaign.UnitPath))
        {
            return Outcome<DecisionView>.Forbidden("作出表彰决定需要评选活动所在单位的评选管理员权限");
        }
        if (await DecisionQueries.DecisionIdAsync(tx.Connection!, tx, campaignId) is not null)
        {
            return Outcome<DecisionView>.Conflict(AlreadyDecided);
        }
        if (StatusRefusal(campaign.StatusValue) is { } notClosed)
        {
            return Outcome<DecisionView>.Conflict(notClosed);
        }
        var errors = new FieldErrors();
        var body = TextFields.Required(input.AwardingBody, "awardingBody", "授予机关", 100, errors);
        var number = TextFields.Required(input.DocumentNumber, "documentNumber", "表彰决定文号", 100, errors);
        if (input.DecidedOn is not { } decidedOn)
        {
            errors.Add("decidedOn", "决定日期不能为空");
            decidedOn = default;
        }
        else
        {
            errors.AddIf("decidedOn", "决定", DateBounds.CheckFactDate(decidedOn, Dates.Today(clock)));
        }
        var finals = await FinalNoticeAsync(tx.Connection!, tx, campaignId);
        var chosen = finals;
        if (input.CandidateIds is { Count: > 0 } wanted)
        {
            var missing = wanted.Where(id => finals.All(f => f.Id != id)).Distinct().ToList();
            if (missing.Count > 0)
            {
                errors.Add("candidateIds", $"人选（编号 {string.Join("、", missing)}）不是本次评选处于评选层级公示（公示三）环节的人选");
            }
            chosen = finals.Where(f => wanted.Contains(f.Id)).ToList();
        }
        if (errors.Any)
        {
            return Outcome<DecisionView>.Invalid(errors);
        }

        // Each candidate locked, then asked of the gates: named candidates who may not move on refuse the decision;
        // by default those held (an objection open, a window not closed) are left out of it.
        var covered = new List<(CandidateForStep Step, FinalRow Row)>();
        foreach (var row in chosen)
        {
            var locked = await steps.LockAsync(row.Id);
            if (locked is null || locked.StateValue != CandidateState.FinalNotice)
            {
                continue;
            }
            if (await RefusalAsync(locked) is { } held)
            {
                if (input.CandidateIds is { Count: > 0 })
                {
                    return Outcome<DecisionView>.Conflict($"{row.Name}：{held}");
                }
                continue;
            }
            covered.Add((locked, row));
        }
        if (covered.Count == 0)
        {
            return Outcome<DecisionView>.Conflict("没有可以作出表彰决定的人选：须在评选层级公示（公示三）期满且异议均已办结");
        }
        if (SeatRefusal(covered.Count, campaign.SeatTotal) is { } seats)
        {
            return Outcome<DecisionView>.Conflict(seats);
        }
        var breaches = Composition.Warnings(await RulesAsync(tx.Connection!, tx, campaignId), covered.Select(c => c.Row.Category).ToList());
        if (breaches.Count > 0)
        {
            return Outcome<DecisionView>.Conflict("表彰名单不符合结构比例要求：" + string.Join("；", breaches));
        }
        var title = TitleCatalogue.Find(campaign.TitleCode);
        if (title is null)
        {
            return Outcome<DecisionView>.Conflict("评选活动的称号不在称号目录中，不能登记荣誉");
        }

        var now = clock.GetUtcNow();
        long decisionId;
        await using (var insert = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO award_decisions (campaign_id, awarding_body, decided_on, document_number, item_count, decided_by, decided_at)
            VALUES (@campaign, @body, @on, @number, @count, @by, @now)
            ON CONFLICT (campaign_id) DO NOTHING RETURNING id
            """, ("campaign", campaignId), ("body", body), ("on", decidedOn), ("number", number), ("count", covered.Count), ("by", access.UserId), ("now", now)))
        {
            if (await insert.ExecuteScalarAsync() is not long inserted)
            {
                return Outcome<DecisionView>.Conflict(AlreadyDecided);
            }
            decisionId = inserted;
        }
        var region = title.Level == HonourLevel.National ? null : campaign.AwardingRegionCode;
        var titleName = TitleCatalogue.DisplayName(title, region);
        var suffix = $"（表彰决定 {number}）";
        foreach (var (candidate, row) in covered)
        {
            var step = await steps.RecordAsync(candidate, CandidateAction.Advance, null, new { decisionId, documentNumber = number });
            if (!step.IsOk)
            {
                return new Outcome<DecisionView>(step.Kind, Errors: step.Errors, Message: $"{row.Name}：{step.Message}");
            }
            var person = await PersonAsync(tx.Connection!, tx, candidate.Id);
            var honoreeId = person.HonoreeId ?? await PersonFields.HonoreeIdAsync(tx, person.ResidentIdHash);
            var created = honoreeId is null;
            if (created)
            {
                if (NewHonoree(person, decidedOn, now) is not { } honoree)
                {
                    return Outcome<DecisionView>.Conflict($"{row.Name}：推荐单位不在任何行政区划之下，不能为其建立劳模档案");
                }
                if (!await RegistryRecords.AddHonoreeAsync(db, work, audit, honoree, suffix))
                {
                    return Outcome<DecisionView>.Conflict($"{row.Name}：该人员的劳模档案正由他人同时登记，请稍后重试");
                }
                honoreeId = honoree.Id;
            }
            var honour = new Honour
            {
                HonoreeId = honoreeId!.Value, TitleCode = title.Code, AwardingRegionCode = region, AwardedOn = decidedOn, AwardingBody = body!,
                DocumentNumber = number, CreatedAt = now,
            };
            if (!await RegistryRecords.AddHonourAsync(db, work, audit, honour, row.Name, suffix))
            {
                return Outcome<DecisionView>.Conflict($"{row.Name} 已有同一荣誉（{titleName}，授予日期 {decidedOn:yyyy-MM-dd}），不能重复登记");
            }
            await using var item = NominationAccess.Command(tx.Connection!, tx, """
                INSERT INTO award_decision_items (decision_id, candidate_id, honoree_id, honour_id, created_honoree) VALUES (@d, @k, @h, @o, @c);
                UPDATE candidates SET honoree_id = @h WHERE id = @k AND honoree_id IS NULL;
                """, ("d", decisionId), ("k", candidate.Id), ("h", honoreeId.Value), ("o", honour.Id), ("c", created));
            await item.ExecuteNonQueryAsync();
        }
        await using (var decided = NominationAccess.Command(tx.Connection!, tx,
            "UPDATE campaigns SET status = @status, updated_at = @now, version = version + 1 WHERE id = @id",
            ("status", CampaignStatuses.Code(CampaignStatus.Decided)), ("now", now), ("id", campaignId)))
        {
            await decided.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.AwardDecision, decisionId, null,
            new { campaignId, awardingBody = body, decidedOn, documentNumber = number, candidateIds = covered.Select(c => c.Step.Id).ToList() },
            $"作出表彰决定 {number}：{campaign.Year}年{titleName} {covered.Count} 人");
        audit.Record(AuditActions.Update, AuditObjectTypes.Campaign, campaignId, new { status = campaign.Status },
            new { status = CampaignStatuses.Code(CampaignStatus.Decided), decisionId }, $"评选活动 {campaign.Year}年{titleName}：已作出表彰决定");
        await db.SaveChangesAsync();
        return Outcome<DecisionView>.Ok((await DecisionQueries.ViewAsync(tx.Connection!, tx, campaignId, titleName))!);
    }

    /// <summary>Every candidate of the campaign in the final notice and, for each, why the decision may not approve them now (null when it may).</summary>
    public async Task<IReadOnlyList<ReadyCandidate>> ReadinessAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long campaignId)
    {
        var result = new List<ReadyCandidate>();
        foreach (var row in await FinalNoticeAsync(connection, tx, campaignId))
        {
            var refusal = await RefusalAsync(new CandidateForStep(row.Id, row.CampaignId, row.Name, row.State, row.UnitPath, row.CampaignUnitPath));
            result.Add(new ReadyCandidate(row.Id, row.Name, row.OrgUnitId, row.OrgUnitName, row.Category,
                NominationCodes.Name(NominationCodes.Categories, row.Category) ?? row.Category, refusal) { UnitPath = row.UnitPath });
        }
        return result;
    }

    public static string? StatusRefusal(CampaignStatus status) =>
        status == CampaignStatus.Decided ? AlreadyDecided
        : CampaignStatuses.Next(status, CampaignAction.Decide) is null
            ? $"评选活动{CampaignStatuses.ChineseName(status)}：须在推荐截止后作出表彰决定"
            : null;

    public static string? SeatRefusal(int count, int seatTotal) =>
        count > seatTotal ? $"表彰名单 {count} 人，超过本次评选的名额 {seatTotal} 个" : null;

    public static async Task<IReadOnlyList<CompositionRule>> RulesAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId)
    {
        await using var command = NominationAccess.Command(connection, tx,
            "SELECT category, min_share, max_share FROM campaign_composition_rules WHERE campaign_id = @id ORDER BY category", ("id", campaignId));
        return await Rows.ListAsync<CompositionRule>(command);
    }

    private async Task<string?> RefusalAsync(CandidateForStep candidate)
    {
        foreach (var gate in gates.Where(g => g.Guards(CandidateState.FinalNotice)))
        {
            if (await gate.RefusalAsync(candidate) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    private static async Task<List<FinalRow>> FinalNoticeAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long campaignId)
    {
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT k.id, k.campaign_id, k.name, k.state, u.path AS unit_path, cu.path AS campaign_unit_path, k.org_unit_id, u.name AS org_unit_name, k.category
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id
                 JOIN campaigns c ON c.id = k.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
            WHERE k.campaign_id = @id AND k.state = 'final_notice'
            ORDER BY u.path, k.id
            """, ("id", campaignId));
        return await Rows.ListAsync<FinalRow>(command);
    }

    private static async Task<PersonRow> PersonAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long candidateId)
    {
        // The region of the recommending unit or of its nearest territorial ancestor: the new record's hukou.
        await using var command = NominationAccess.Command(connection, tx, """
            SELECT k.honoree_id, k.name, k.resident_id_cipher, k.resident_id_hash, k.resident_id_masked, k.birth_date, k.gender, k.workplace, k.org_unit_id,
                   (SELECT a.region_code FROM org_units a WHERE a.region_code IS NOT NULL AND u.path LIKE a.path || '%'
                    ORDER BY length(a.path) DESC LIMIT 1) AS unit_region
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id WHERE k.id = @id
            """, ("id", candidateId));
        return (await Rows.FirstOrDefaultAsync<PersonRow>(command))!;
    }

    /// <summary>
    /// The person's new record in the recommending unit: the resident ID as the candidate holds it (the same ciphertext
    /// and keyed hash), the unit's region as hukou, and employment at the workplace from the decision's date.
    /// </summary>
    private Honoree? NewHonoree(PersonRow person, DateOnly decidedOn, DateTimeOffset now)
    {
        if (person.UnitRegion is null || !ResidentId.TryParse(ids.Reveal(person.ResidentIdCipher), Dates.Today(clock), out var id, out _))
        {
            return null;
        }
        var employment = RegistryRecords.NewFact("employment", decidedOn, now, f =>
        {
            f.EmploymentStatus = FactCodes.Code(EmploymentStatus.Employed);
            f.EmployerName = person.Workplace;
        });
        return RegistryRecords.NewHonoree(new NewPerson(person.Name, person.ResidentIdCipher, person.ResidentIdHash, person.ResidentIdMasked,
            ids.TailHashes(id), person.BirthDate, person.Gender, person.OrgUnitId, person.UnitRegion), [employment], now);
    }
}
