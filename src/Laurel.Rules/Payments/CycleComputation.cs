using System.Globalization;
using Laurel.Rules.Calendar;
using Laurel.Rules.Policies;

namespace Laurel.Rules.Payments;

/// <summary>What approved cycles recognised for one honoree, benefit and month, and the latest item that did.</summary>
public sealed record Recognised(decimal Amount, long LatestItemId, string LatestInstructionId);

/// <summary>An item as computed, before it is stored: what it pays, to whom, why, and what it corrects.</summary>
public sealed record ComputedItem(ItemKey Key, long OrgUnitId, decimal Amount, string Explanation, long? OriginalItemId)
{
    /// <summary>Sent to the bank after offsetting open receivables (set by <see cref="CycleComputation.ApplyOffsets"/>).</summary>
    public decimal PaidAmount { get; set; }
}

/// <summary>
/// The items of a payment cycle: for its month, every payable benefit of the packs the unit pays (regular); for each
/// earlier month an approved cycle paid, the difference between what the engine says is owed now and what was
/// recognised then (arrears or recovery, naming the original payment and the reason of the change); then open
/// receivables offset against the same benefit's payments.
/// </summary>
public static class CycleComputation
{
    /// <summary>The regular items of one honoree for the cycle's month.</summary>
    public static void Regular(IReadOnlyList<PolicyPack> payingPacks, long honoreeId, long orgUnitId, PersonRecord person, DateOnly month,
        List<ComputedItem> into, List<Entitlement> scratch)
    {
        scratch.Clear();
        EntitlementEngine.PayableExplained(payingPacks, person, month, scratch);
        var period = PayMonth.Of(month);
        foreach (var e in scratch)
        {
            into.Add(new ComputedItem(new ItemKey(honoreeId, e.PackCode, e.BenefitCode, period, ItemType.Regular), orgUnitId, e.Amount!.Value, e.Explanation, null));
        }
    }

    /// <summary>
    /// The corrections of one honoree for a past month: <paramref name="person"/> is null when the paying unit no longer
    /// manages them in that month (so nothing is owed by it). <paramref name="recognised"/> holds what approved cycles
    /// recognised for the honoree in that month, by (pack, benefit).
    /// </summary>
    public static void Corrections(IReadOnlyList<PolicyPack> payingPacks, long honoreeId, long orgUnitId, PersonRecord? person, DateOnly period,
        IReadOnlyDictionary<(string Pack, string Benefit), Recognised> recognised, List<ComputedItem> into)
    {
        // Amounts first, without texts: most months were paid as owed, and need no explanation at all.
        var due = new List<DueAmount>();
        if (person is not null)
        {
            EntitlementEngine.DueAmounts(payingPacks, person, period, due);
        }
        var amounts = due.Where(d => d.Payable).ToDictionary(d => (d.Pack.Code, d.Benefit.Code), d => d.Amount!.Value);
        if (amounts.Keys.Union(recognised.Keys).All(k => PaymentItems.Correction(amounts.GetValueOrDefault(k), recognised.GetValueOrDefault(k)?.Amount ?? 0) is null))
        {
            return;
        }
        var evaluation = person is null ? null : EntitlementEngine.Evaluate(payingPacks, person, period, includeDrafts: false);
        var owed = new Dictionary<(string, string), Entitlement>();
        foreach (var e in evaluation?.Entitlements ?? [])
        {
            if (e.Payable)
            {
                owed[(e.PackCode, e.BenefitCode)] = e;
            }
        }
        foreach (var key in owed.Keys.Union(recognised.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
        {
            var entitlement = owed.GetValueOrDefault(key);
            var before = recognised.GetValueOrDefault(key);
            if (PaymentItems.Correction(entitlement?.Amount ?? 0, before?.Amount ?? 0) is not { } correction)
            {
                continue;
            }
            var month = PayMonth.ChineseFormat(period);
            var was = before is null
                ? $"{month} 原未发放"
                : $"{month} 原已发 {Money(before.Amount)} 元（指令号 {before.LatestInstructionId}）";
            var now = entitlement is not null
                ? $"现应发 {Money(entitlement.Amount!.Value)} 元：{entitlement.Explanation}"
                : $"现不应发：{WhyNot(evaluation, key)}";
            var verb = correction.Type == ItemType.Arrears ? "补发" : "追回";
            into.Add(new ComputedItem(new ItemKey(honoreeId, key.Item1, key.Item2, period, correction.Type), orgUnitId, correction.Amount,
                $"{verb} {Money(Math.Abs(correction.Amount))} 元。{was}；{now}", before?.LatestItemId));
        }
    }

    /// <summary>
    /// Sets what each item sends to the bank. <paramref name="openReceivables"/>: what each honoree owes back in a
    /// benefit from earlier cycles (positive). The cycle's own recoveries add to it; the benefit's positive items, oldest
    /// month first, are reduced by it; what is left stays open. Returns the receivables left open.
    /// </summary>
    public static Dictionary<(long Honoree, string Pack, string Benefit), decimal> ApplyOffsets(
        IReadOnlyList<ComputedItem> items, IReadOnlyDictionary<(long Honoree, string Pack, string Benefit), decimal> openReceivables)
    {
        // Only the receivables of the benefits these items pay: the caller may pass a whole unit's and call per honoree.
        var open = new Dictionary<(long, string, string), decimal>();
        foreach (var item in items)
        {
            var key = (item.Key.HonoreeId, item.Key.PackCode, item.Key.BenefitCode);
            if (!open.ContainsKey(key) && openReceivables.TryGetValue(key, out var receivable))
            {
                open[key] = receivable;
            }
        }
        foreach (var item in items)
        {
            if (item.Amount < 0)
            {
                var key = (item.Key.HonoreeId, item.Key.PackCode, item.Key.BenefitCode);
                open[key] = open.GetValueOrDefault(key) - item.Amount;
                item.PaidAmount = 0;
            }
        }
        foreach (var group in items.Where(i => i.Amount > 0).GroupBy(i => (i.Key.HonoreeId, i.Key.PackCode, i.Key.BenefitCode)))
        {
            var ordered = group.OrderBy(i => i.Key.Period).ToList();
            if (!open.TryGetValue(group.Key, out var receivable) || receivable <= 0)
            {
                foreach (var item in ordered)
                {
                    item.PaidAmount = item.Amount;
                }
                continue;
            }
            var (paid, left) = PaymentItems.Offset(ordered.Select(i => i.Amount).ToList(), receivable);
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].PaidAmount = paid[i];
            }
            open[group.Key] = left;
        }
        return open.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    /// <summary>
    /// Why a benefit of a pack is not paid to someone in a month: the engine's reason; that the paying unit does not
    /// manage them then (no person); or, when the engine finds it due, its explanation (a figure not yet set, say).
    /// </summary>
    public static string WhyNotPaid(IReadOnlyList<PolicyPack> payingPacks, PersonRecord? person, DateOnly month, string packCode, string benefitCode) =>
        WhyNot(person is null ? null : EntitlementEngine.Evaluate(payingPacks, person, month, includeDrafts: false), (packCode, benefitCode));

    private static string WhyNot(Evaluation? evaluation, (string Pack, string Benefit) key) =>
        evaluation is null ? NotManaged
        : evaluation.NotEntitled.FirstOrDefault(n => n.PackCode == key.Pack && n.BenefitCode == key.Benefit)?.Reason
          ?? evaluation.Entitlements.FirstOrDefault(e => e.PackCode == key.Pack && e.BenefitCode == key.Benefit)?.Explanation
          ?? "已不在本单位发放的政策范围内";

    private const string NotManaged = "已不由本单位管理";

    private static string Money(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);
}
