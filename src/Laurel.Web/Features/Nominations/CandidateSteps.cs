using System.Text.Json;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Features.Nominations;

/// <summary>A candidate as a step sees it: locked, with the units whose powers decide who may take it.</summary>
public sealed record CandidateForStep(long Id, long CampaignId, string Name, string State, string UnitPath, string CampaignUnitPath)
{
    public CandidateState StateValue => CandidateStates.Parse(State)!.Value;
}

/// <summary>
/// The one way a candidate's state changes (ADR 21): every step is a new row of candidate_steps (who, when, from, to,
/// reason, payload) and the candidate's state column follows it in the same transaction; nothing is edited in place.
/// The later steps (notices, reviews, the decision) call <see cref="RecordAsync"/> inside the request's unit of work,
/// after their own checks, with what they recorded as the payload.
/// </summary>
public sealed class CandidateSteps(UnitOfWork work, NominationAccess access, AuditLog audit, LaurelDb db, TimeProvider clock,
    IEnumerable<ICandidateGate> gates)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The candidate, locked (FOR UPDATE) for a step, or null when there is none.</summary>
    public async Task<CandidateForStep?> LockAsync(long candidateId)
    {
        var tx = work.Transaction;
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT k.id, k.campaign_id, k.name, k.state, u.path AS unit_path, cu.path AS campaign_unit_path
            FROM candidates k JOIN org_units u ON u.id = k.org_unit_id
                 JOIN campaigns c ON c.id = k.campaign_id JOIN org_units cu ON cu.id = c.org_unit_id
            WHERE k.id = @id FOR UPDATE OF k
            """, ("id", candidateId));
        return await Rows.FirstOrDefaultAsync<CandidateForStep>(command);
    }

    /// <summary>
    /// Takes one step on a candidate locked by <see cref="LockAsync"/>: checks it against the state machine (409 with
    /// the reason when not allowed, 422 on "reason" when one is needed and missing) and, for a forward step, against every
    /// <see cref="ICandidateGate"/> guarding the state being left (409 with its reason); then appends it and moves the state.
    /// <paramref name="payload"/> is what the step recorded (serialised as JSON); it must hold no plain personal data.
    /// </summary>
    public async Task<Outcome<StepView>> RecordAsync(CandidateForStep candidate, CandidateAction action, string? reason, object? payload = null)
    {
        var from = candidate.StateValue;
        if (CandidateStates.Refusal(from, action, reason) is { } refusal)
        {
            return CandidateStates.Next(from, action) is null ? Outcome<StepView>.Conflict(refusal) : Outcome<StepView>.Invalid("reason", refusal);
        }
        if (action == CandidateAction.Advance)
        {
            foreach (var gate in gates.Where(g => g.Guards(from)))
            {
                if (await gate.RefusalAsync(candidate) is { } closed)
                {
                    return Outcome<StepView>.Conflict(closed);
                }
            }
        }
        var to = CandidateStates.Next(from, action)!.Value;
        var tx = work.Transaction;
        var step = await InsertAsync(tx, candidate.Id, action, from, to, reason, payload);
        await using (var command = NominationAccess.Command(tx.Connection!, tx,
            "UPDATE candidates SET state = @state, updated_at = @now WHERE id = @id", ("state", CandidateStates.Code(to)), ("now", clock.GetUtcNow()), ("id", candidate.Id)))
        {
            await command.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Update, AuditObjectTypes.Candidate, candidate.Id, new { state = CandidateStates.Code(from) },
            new { state = CandidateStates.Code(to), action = CandidateStates.Code(action), reason },
            $"推荐人选 {candidate.Name}：{CandidateStates.ChineseName(action)}（{CandidateStates.ChineseName(from)} → {CandidateStates.ChineseName(to)}）"
            + (reason is null ? "" : "，理由：" + reason));
        await db.SaveChangesAsync();
        return Outcome<StepView>.Ok(step);
    }

    /// <summary>The first step (推荐) of a candidate just inserted in state recommended.</summary>
    internal Task<StepView> RecordFirstAsync(NpgsqlTransaction tx, long candidateId, object payload) =>
        InsertAsync(tx, candidateId, CandidateAction.Recommend, null, CandidateState.Recommended, null, payload);

    /// <summary>
    /// A step asked for through the API (POST /candidates/{id}/steps): withdrawal, going back one step (with a reason) and
    /// moving on out of 公示一/二 (the gates decide) by the recommending unit's managers or the campaign's selection admins;
    /// rejection by the campaign's selection admins. The other forward steps belong to the notices and the decision.
    /// </summary>
    public async Task<Outcome<StepView>> TakeAsync(long candidateId, StepInput input)
    {
        var candidate = await LockAsync(candidateId);
        if (candidate is null || !await access.CanReadAtAsync(candidate.UnitPath))
        {
            return Outcome<StepView>.NotFound();
        }
        var action = CandidateStates.ParseAction(input.Action?.Trim());
        if (action is not (CandidateAction.Withdraw or CandidateAction.Reject or CandidateAction.Advance or CandidateAction.Back))
        {
            return Outcome<StepView>.Invalid("action", "操作应为撤回（withdraw）、不予通过（reject）、进入下一步（advance）或退回上一步（back）");
        }
        var admin = await access.CanAdministerAtAsync(candidate.CampaignUnitPath);
        var allowed = action switch
        {
            CandidateAction.Withdraw or CandidateAction.Advance or CandidateAction.Back => admin || await access.CanWriteAtAsync(candidate.UnitPath),
            _ => admin,
        };
        if (!allowed)
        {
            return Outcome<StepView>.Forbidden(action == CandidateAction.Withdraw
                ? "撤回人选需要推荐单位的劳模工作管理员或评选管理员权限"
                : "需要评选活动所在单位的评选管理员权限");
        }
        // Out of 公示一 and 公示二 by hand once the gates let pass (those held at the close-out); back one step from any state.
        // Every other forward step is taken where its record is made: publishing the next notice, or the award decision.
        if (action == CandidateAction.Advance && candidate.StateValue is not (CandidateState.UnitNotice or CandidateState.SecondNotice)
            && !CandidateStates.IsFinal(candidate.StateValue))
        {
            return Outcome<StepView>.Conflict($"该人选处于“{CandidateStates.ChineseName(candidate.StateValue)}”，下一步须通过"
                + (candidate.StateValue == CandidateState.FinalNotice ? "表彰决定办理"
                    : $"发布{Notices.ChineseName(Notices.Levels.First(l => Notices.EntryState(l) == candidate.StateValue))}办理"));
        }
        var errors = new FieldErrors();
        var reason = TextFields.Optional(input.Reason, "reason", "理由", 1000, errors, multiLine: true);
        return errors.Any ? Outcome<StepView>.Invalid(errors) : await RecordAsync(candidate, action!.Value, reason);
    }

    private async Task<StepView> InsertAsync(NpgsqlTransaction tx, long candidateId, CandidateAction action, CandidateState? from, CandidateState to,
        string? reason, object? payload)
    {
        var json = JsonSerializer.Serialize(payload ?? new { }, Json);
        var now = clock.GetUtcNow();
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, reason, payload, actor_user_id, actor_name, occurred_at)
            SELECT @candidate, coalesce(max(seq), 0) + 1, @action, @from, @to, @reason, @payload, @by, @name, @now
            FROM candidate_steps WHERE candidate_id = @candidate
            RETURNING seq
            """, ("candidate", candidateId), ("action", CandidateStates.Code(action)), ("from", from is null ? null : CandidateStates.Code(from.Value)),
            ("to", CandidateStates.Code(to)), ("reason", reason), ("by", access.UserId), ("name", access.ActorName), ("now", now));
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = json });
        var seq = (int)(await command.ExecuteScalarAsync())!;
        return CandidateQueries.Step(seq, CandidateStates.Code(action), from is null ? null : CandidateStates.Code(from.Value), CandidateStates.Code(to),
            reason, json, access.ActorName, now);
    }
}
