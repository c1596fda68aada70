using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Shared;

public sealed record HonoreePaymentItem(
    long CycleId, string CycleMonth, string PayingOrgUnitName, string BenefitCode, string BenefitName, string Period, string Type,
    decimal Amount, decimal PaidAmount, string Status, string InstructionId);
public sealed record OpenReceivable(string PackCode, string BenefitCode, string BenefitName, decimal Amount);
public sealed record HonoreePaymentsView(IReadOnlyList<HonoreePaymentItem> Items, IReadOnlyList<OpenReceivable> OpenReceivables);

/// <summary>
/// An honoree's payment record (发放记录): the items of approved cycles (approved, exported, reconciled, closed) that
/// paid or corrected them, of every paying unit, newest cycle first; and what they owe back per benefit (open
/// receivables, as the computation offsets them). Whoever may read the honoree sees it: the honoree scope decides,
/// and an honoree outside it answers 404. Items of cycles not yet approved are left out: they may still be recomputed.
/// </summary>
public sealed class HonoreePayments(Scope scope, NpgsqlDataSource dataSource, PolicyPacks packs)
{
    /// <summary>The most items listed: decades of monthly payments with their corrections.</summary>
    public const int MaxItems = 1000;

    private const string Approved = "c.status = ANY(@approved)";

    public async Task<Outcome<HonoreePaymentsView>> ForHonoreeAsync(long honoreeId)
    {
        if (!await (await scope.HonoreesAsync()).AnyAsync(h => h.Id == honoreeId))
        {
            return Outcome<HonoreePaymentsView>.NotFound();
        }
        var names = await packs.BenefitNamesAsync();
        string Name(string pack, string benefit) => names.GetValueOrDefault((pack, benefit), benefit);
        await using var connection = await dataSource.OpenConnectionAsync();
        var items = new List<HonoreePaymentItem>();
        await using (var command = new NpgsqlCommand($"""
            SELECT c.id AS cycle_id, c.month AS cycle_month, u.name AS paying_org_unit_name, i.pack_code, i.benefit_code, i.period, i.type, i.amount, i.paid_amount, i.status, i.instruction_id
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id JOIN org_units u ON u.id = c.paying_org_unit_id
            WHERE i.honoree_id = @honoree AND {Approved}
            ORDER BY c.month DESC, i.period DESC, i.id LIMIT @limit
            """, connection))
        {
            command.Parameters.AddWithValue("honoree", honoreeId);
            command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
            command.Parameters.AddWithValue("limit", MaxItems);
            await foreach (var i in Rows.StreamAsync<ItemRow>(command))
            {
                items.Add(new HonoreePaymentItem(i.CycleId, PayMonth.Format(i.CycleMonth), i.PayingOrgUnitName, i.BenefitCode, Name(i.PackCode, i.BenefitCode),
                    PayMonth.Format(i.Period), i.Type, i.Amount, i.PaidAmount, i.Status, i.InstructionId));
            }
        }
        var receivables = new List<OpenReceivable>();
        await using (var command = new NpgsqlCommand($"""
            SELECT i.pack_code, i.benefit_code, {Receivables.OpenSql} AS amount
            FROM payment_items i JOIN payment_cycles c ON c.id = i.cycle_id
            WHERE i.honoree_id = @honoree AND {Approved}
            GROUP BY 1, 2 HAVING {Receivables.OpenSql} > 0 ORDER BY 1, 2
            """, connection))
        {
            command.Parameters.AddWithValue("honoree", honoreeId);
            command.Parameters.AddWithValue("approved", PaymentSql.ApprovedStatuses);
            await foreach (var r in Rows.StreamAsync<ReceivableRow>(command))
            {
                receivables.Add(new OpenReceivable(r.PackCode, r.BenefitCode, Name(r.PackCode, r.BenefitCode), r.Amount));
            }
        }
        return Outcome<HonoreePaymentsView>.Ok(new HonoreePaymentsView(items, receivables));
    }

    private sealed record ItemRow(long CycleId, DateOnly CycleMonth, string PayingOrgUnitName, string PackCode, string BenefitCode, DateOnly Period,
        string Type, decimal Amount, decimal PaidAmount, string Status, string InstructionId);

    private sealed record ReceivableRow(string PackCode, string BenefitCode, decimal Amount);
}

/// <summary>The Chinese words the payment pages show for the codes the handlers answer with.</summary>
public static class PaymentWords
{
    public static string ItemStatus(string code) => code switch
    {
        "pending" => "待确认",
        "settled" => "已成功",
        "returned" => "已退回",
        "none" => "无需银行发放",
        _ => code,
    };

    public static string ItemType(string code) =>
        Laurel.Rules.Payments.PaymentItems.Parse(code) is { } type ? Laurel.Rules.Payments.PaymentItems.ChineseName(type) : code;

    /// <summary>A change against the previous month or since the compute: new, stopped or changed.</summary>
    public static string ChangeKind(string kind) => kind switch
    {
        "new" => "新增",
        "stopped" => "停发",
        "changed" => "变更",
        _ => kind,
    };
}
