namespace Laurel.Rules.Payments;

/// <summary>
/// The life of a payment cycle (发放批次): draft → computed → approved → exported → reconciled → closed. Rejecting a
/// computed cycle sends it back to draft. Recomputing is allowed in draft and computed (it replaces the items).
/// </summary>
public enum CycleStatus { Draft, Computed, Approved, Exported, Reconciled, Closed }

public enum CycleAction { Compute, Approve, Reject, Export, Reconcile, Close, Delete }

public static class PaymentCycles
{
    public static string Code(CycleStatus status) => status switch
    {
        CycleStatus.Draft => "draft",
        CycleStatus.Computed => "computed",
        CycleStatus.Approved => "approved",
        CycleStatus.Exported => "exported",
        CycleStatus.Reconciled => "reconciled",
        CycleStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static CycleStatus? Parse(string? code) => code switch
    {
        "draft" => CycleStatus.Draft,
        "computed" => CycleStatus.Computed,
        "approved" => CycleStatus.Approved,
        "exported" => CycleStatus.Exported,
        "reconciled" => CycleStatus.Reconciled,
        "closed" => CycleStatus.Closed,
        _ => null,
    };

    public static string ChineseName(CycleStatus status) => status switch
    {
        CycleStatus.Draft => "草稿",
        CycleStatus.Computed => "已计算",
        CycleStatus.Approved => "已审批",
        CycleStatus.Exported => "已导出",
        CycleStatus.Reconciled => "已对账",
        CycleStatus.Closed => "已关闭",
        _ => status.ToString(),
    };

    public static string ChineseName(CycleAction action) => action switch
    {
        CycleAction.Compute => "计算",
        CycleAction.Approve => "审批",
        CycleAction.Reject => "退回",
        CycleAction.Export => "导出银行文件",
        CycleAction.Reconcile => "导入银行回单",
        CycleAction.Close => "关闭",
        CycleAction.Delete => "删除",
        _ => action.ToString(),
    };

    /// <summary>The status after the action, or null when the action is not allowed in this status.</summary>
    public static CycleStatus? Next(CycleStatus status, CycleAction action) => (status, action) switch
    {
        (CycleStatus.Draft or CycleStatus.Computed, CycleAction.Compute) => CycleStatus.Computed,
        (CycleStatus.Computed, CycleAction.Approve) => CycleStatus.Approved,
        (CycleStatus.Computed, CycleAction.Reject) => CycleStatus.Draft,
        // Exporting again gives the same file; it does not move a cycle back.
        (CycleStatus.Approved, CycleAction.Export) => CycleStatus.Exported,
        (CycleStatus.Exported or CycleStatus.Reconciled, CycleAction.Export) => status,
        (CycleStatus.Exported or CycleStatus.Reconciled, CycleAction.Reconcile) => CycleStatus.Reconciled,
        (CycleStatus.Reconciled, CycleAction.Close) => CycleStatus.Closed,
        // A cycle not yet approved can be deleted (a mistaken month never blocks its unit); it has no status afterwards,
        // so its own stands for "allowed". Once approved, its items are payments on record and stay.
        (CycleStatus.Draft or CycleStatus.Computed, CycleAction.Delete) => status,
        _ => null,
    };

    /// <summary>Why the action is refused in this status (Chinese), or null when it is allowed.</summary>
    public static string? Refusal(CycleStatus status, CycleAction action) =>
        Next(status, action) is not null ? null : $"批次当前状态为“{ChineseName(status)}”，不能{ChineseName(action)}";

    /// <summary>
    /// Whether a union federation (its kind and region) pays a benefit of an in-force pack: the federation of the pack's
    /// jurisdiction by default; where the pack names a level (PaidBy), each federation of that level inside the
    /// jurisdiction, for the honorees of its own subtree.
    /// </summary>
    public static bool Pays(Policies.PolicyPack pack, Policies.BenefitDefinition benefit, Organisation.OrgUnitKind unitKind, string unitRegion) =>
        pack.Status == Policies.PackStatus.InForce && Policies.BenefitKinds.IsCash(benefit.Kind)
        && (benefit.PaidBy is { } level
            ? unitKind == level && Identity.Regions.Contains(pack.RegionCode, unitRegion)
            : unitRegion == pack.RegionCode);

    /// <summary>The packs as the unit pays them: each in-force pack with only the benefits the unit pays, none left out that it pays.</summary>
    public static IReadOnlyList<Policies.PolicyPack> PaidBy(IEnumerable<Policies.PolicyPack> packs, Organisation.OrgUnitKind unitKind, string unitRegion) =>
        packs.Select(p => (Pack: p, Paid: p.Benefits.Where(b => Pays(p, b, unitKind, unitRegion)).ToList()))
            .Where(x => x.Paid.Count > 0)
            .Select(x => x.Paid.Count == x.Pack.Benefits.Count ? x.Pack : x.Pack with { Benefits = x.Paid })
            .ToList();

    /// <summary>Maker-checker: the person who computed a cycle may not approve it.</summary>
    public static string? ApprovalRefusal(long? computedBy, long approver) =>
        computedBy == approver ? "计算人不能审批本人计算的批次，请由另一名财务人员审批" : null;

    /// <summary>
    /// Maker-checker on the way back as well: sending a cycle back (退回) with a comment is the reviewer's answer, so the
    /// person who computed it does not send it back to themselves; they correct it by computing it again.
    /// </summary>
    public static string? RejectionRefusal(long? computedBy, long reviewer) =>
        computedBy == reviewer ? "计算人不能退回本人计算的批次：如需更正，请直接重新计算；退回由审核的另一名财务人员填写意见" : null;

    /// <summary>
    /// A cycle whose approval would post no ledger line (no item pays or recovers anything) is not approved: there is
    /// nothing to approve, and a ledger entry without lines would stand in the ledger for ever. Such a cycle is deleted.
    /// </summary>
    public static string? NothingToApproveRefusal(IReadOnlyList<LedgerLine> approvalPostings) =>
        approvalPostings.Count == 0 ? "本批次没有应发放或追回的款项，无需审批；如本月确无发放，可删除本批次" : null;

    /// <summary>What remains of a year's special fund after the approved cycles; null when none is set.</summary>
    public static decimal? SpecialFundRemaining(decimal? specialFund, decimal spent) => specialFund - spent;

    /// <summary>The special-fund (专项经费) check at approval: refused when the year's remaining fund is below the cycle's total.</summary>
    public static string? SpecialFundRefusal(decimal? specialFund, decimal spent, decimal cycleTotal, int year)
    {
        if (specialFund is null)
        {
            return $"本单位尚未设置 {year} 年度劳模专项经费，不能审批";
        }
        var remaining = SpecialFundRemaining(specialFund, spent)!.Value;
        return cycleTotal > remaining
            ? $"{year} 年度专项经费剩余 {remaining:0.00} 元，不足以支付本批次合计 {cycleTotal:0.00} 元"
            : null;
    }
}
