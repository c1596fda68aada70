using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// Approves a computed cycle: by finance staff other than the one who computed it, within the year's special fund. Lists
/// what changed in the current facts since the compute (those differences are corrected by the next cycle). Posts
/// the approval to the ledger.
/// </summary>
public sealed class ApproveCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, PolicyPacks packs, AuditLog audit,
    NpgsqlDataSource dataSource, CrashPoints crash, TimeProvider clock)
{
    public async Task<Outcome<ApprovalView>> ApproveAsync(long id, CancellationToken ct = default)
    {
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Approve);
        if (cycle is null)
        {
            return refusal!.As<ApprovalView>();
        }
        var tx = work.Transaction;
        if (PaymentCycles.ApprovalRefusal(cycle.ComputedBy, user.Id ?? 0) is { } makerChecker)
        {
            return Outcome<ApprovalView>.Forbidden(makerChecker);
        }
        var status = cycle.StatusAfter(CycleAction.Approve);
        ApprovalSums sums;
        await using (var command = tx.Command("""
            SELECT coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS owed, coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS recovered,
                   coalesce(sum(amount - paid_amount) FILTER (WHERE amount > 0), 0) AS withheld
            FROM payment_items WHERE cycle_id = @id
            """))
        {
            command.Parameters.AddWithValue("id", id);
            sums = (await Rows.FirstOrDefaultAsync<ApprovalSums>(command, ct))!;
        }
        // A cycle with nothing to pay or recover would post an entry without lines, which the ledger check reports for ever.
        var postings = Ledger.Approval(sums.Owed, sums.Recovered, sums.Withheld);
        if (PaymentCycles.NothingToApproveRefusal(postings) is { } empty)
        {
            return Outcome<ApprovalView>.Conflict(empty);
        }
        var year = cycle.Month.Year;
        var (specialFund, spent) = await SpecialFunds.ReadAsync(tx.Connection!, tx, cycle.PayingOrgUnitId, year);
        if (PaymentCycles.SpecialFundRefusal(specialFund, spent, cycle.Total, year) is { } overFund)
        {
            return Outcome<ApprovalView>.Conflict(overFund);
        }
        MissingAccounts missingAccounts;
        await using (var command = tx.Command("""
            SELECT count(*) AS missing, string_agg(name, '、') FILTER (WHERE n <= 5) AS examples FROM (
                SELECT DISTINCT h.id, h.name, dense_rank() OVER (ORDER BY h.id) AS n
                FROM payment_items i JOIN honorees h ON h.id = i.honoree_id
                WHERE i.cycle_id = @id AND i.paid_amount > 0
                  AND NOT EXISTS (SELECT 1 FROM honoree_bank_accounts a WHERE a.honoree_id = i.honoree_id)) m
            """))
        {
            command.Parameters.AddWithValue("id", id);
            missingAccounts = (await Rows.FirstOrDefaultAsync<MissingAccounts>(command, ct))!;
        }
        var (missing, examples) = (missingAccounts.Missing, missingAccounts.Examples ?? "");
        if (missing > 0)
        {
            return Outcome<ApprovalView>.Conflict($"有 {missing} 名劳模未登记银行账户（{examples}{(missing > 5 ? "等" : "")}），请先登记后再审批");
        }
        // The accounts as they are now go with the cycle: a change after approval does not alter its instructions.
        await tx.ExecuteAsync("""
            INSERT INTO payment_accounts (cycle_id, honoree_id, bank_name, account_cipher)
            SELECT @id, a.honoree_id, a.bank_name, a.account_cipher FROM honoree_bank_accounts a
            WHERE a.honoree_id IN (SELECT honoree_id FROM payment_items WHERE cycle_id = @id AND paid_amount > 0)
            """, ct, ("id", id));
        var changes = await ChangesSinceComputeAsync(tx, cycle, ct);
        crash.Reach("approve.accounts");

        await tx.PostLedgerEntryAsync(id, "approval", $"审批发放批次 {cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}",
            postings, ct);
        crash.Reach("approve.posted");
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = @status, approved_at = @at, approved_by = @by, version = version + 1 WHERE id = @id",
            ct, ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value), ("id", id), ("status", status));
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status }, new { status, cycle.Total, changes = changes.Count },
            $"审批发放批次：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}，合计 {cycle.Total:0.00} 元");
        await db.SaveChangesAsync(ct);
        crash.Reach("approve.saved");
        return Outcome<ApprovalView>.Ok(new ApprovalView(id, status, cycle.Total, changes));
    }

    /// <summary>
    /// The regular items against what the engine says now with the current facts: honorees gained, lost, or changed
    /// in amount since the compute.
    /// </summary>
    private async Task<List<CycleChange>> ChangesSinceComputeAsync(NpgsqlTransaction tx, CycleRow cycle, CancellationToken ct)
    {
        // By honoree, then (pack, benefit): each honoree's are taken out as the stream reaches them.
        var stored = new Dictionary<long, Dictionary<(string Pack, string Benefit), decimal>>();
        await using (var command = tx.Command(
            "SELECT honoree_id, pack_code, benefit_code, amount FROM payment_items WHERE cycle_id = @id AND type = 'regular'"))
        {
            command.Parameters.AddWithValue("id", cycle.Id);
            await foreach (var item in Rows.StreamAsync<BenefitAmount>(command, ct))
            {
                if (!stored.TryGetValue(item.HonoreeId, out var benefits))
                {
                    stored[item.HonoreeId] = benefits = [];
                }
                benefits[(item.PackCode, item.BenefitCode)] = item.Amount;
            }
        }
        var paying = PaymentCycleActions.PayingPacks(await packs.CurrentAsync(), cycle);
        var stream = await PersonLoader.OpenAsync(dataSource, cycle.PayingOrgUnitId, EntitlementEngine.PayableTitles(paying), ct);
        var changes = new List<CycleChange>();
        var now = new List<ComputedItem>();
        var scratch = new List<Entitlement>(16);
        await foreach (var timeline in stream.People.WithCancellation(ct))
        {
            if (stream.For(timeline, cycle.Month) is not { } person)
            {
                continue;
            }
            stored.Remove(person.HonoreeId, out var computed);
            now.Clear();
            CycleComputation.Regular(paying, person.HonoreeId, person.ManagingUnitId, person.Person, cycle.Month, now, scratch);
            foreach (var item in now)
            {
                if (computed is null || !computed.Remove((item.Key.PackCode, item.Key.BenefitCode), out var before))
                {
                    changes.Add(new CycleChange(person.HonoreeId, item.Key.BenefitCode, "new", null, item.Amount, item.Explanation));
                }
                else if (before != item.Amount)
                {
                    changes.Add(new CycleChange(person.HonoreeId, item.Key.BenefitCode, "changed", before, item.Amount, item.Explanation));
                }
            }
            // What was computed for this honoree and is no longer paid.
            foreach (var ((pack, benefit), before) in computed ?? [])
            {
                changes.Add(new CycleChange(person.HonoreeId, benefit, "stopped", before, null, CycleComputation.WhyNotPaid(paying, person.Person, cycle.Month, pack, benefit)));
            }
        }
        // Computed for honorees the unit does not manage this month any more.
        foreach (var (honoreeId, computed) in stored)
        {
            foreach (var ((pack, benefit), before) in computed)
            {
                changes.Add(new CycleChange(honoreeId, benefit, "stopped", before, null, CycleComputation.WhyNotPaid(paying, null, cycle.Month, pack, benefit)));
            }
        }
        return changes.OrderBy(c => c.HonoreeId).ThenBy(c => c.BenefitCode, StringComparer.Ordinal).ToList();
    }
}

internal sealed record MissingAccounts(long Missing, string? Examples);
internal sealed record ApprovalSums(decimal Owed, decimal Recovered, decimal Withheld);
