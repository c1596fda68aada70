using Laurel.Rules.Organisation;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using static Laurel.Rules.Tests.Policies.TestPacks;

namespace Laurel.Rules.Tests.Payments;

public sealed class PaymentCycleRulesTests
{
    private static readonly DateOnly July = new(2026, 7, 1);

    [Theory]
    [InlineData(CycleStatus.Draft, CycleAction.Compute, CycleStatus.Computed)]
    [InlineData(CycleStatus.Computed, CycleAction.Compute, CycleStatus.Computed)]
    [InlineData(CycleStatus.Computed, CycleAction.Approve, CycleStatus.Approved)]
    [InlineData(CycleStatus.Computed, CycleAction.Reject, CycleStatus.Draft)]
    [InlineData(CycleStatus.Approved, CycleAction.Export, CycleStatus.Exported)]
    [InlineData(CycleStatus.Exported, CycleAction.Export, CycleStatus.Exported)]
    [InlineData(CycleStatus.Exported, CycleAction.Reconcile, CycleStatus.Reconciled)]
    [InlineData(CycleStatus.Reconciled, CycleAction.Reconcile, CycleStatus.Reconciled)]
    [InlineData(CycleStatus.Reconciled, CycleAction.Close, CycleStatus.Closed)]
    public void Allowed_actions_move_the_cycle_on(CycleStatus from, CycleAction action, CycleStatus to)
    {
        PaymentCycles.Next(from, action).ShouldBe(to);
        PaymentCycles.Refusal(from, action).ShouldBeNull();
    }

    [Theory]
    [InlineData(CycleStatus.Draft, CycleAction.Approve)]
    [InlineData(CycleStatus.Approved, CycleAction.Approve)]
    [InlineData(CycleStatus.Approved, CycleAction.Compute)]
    [InlineData(CycleStatus.Approved, CycleAction.Reject)]
    [InlineData(CycleStatus.Computed, CycleAction.Export)]
    [InlineData(CycleStatus.Approved, CycleAction.Reconcile)]
    [InlineData(CycleStatus.Exported, CycleAction.Close)]
    [InlineData(CycleStatus.Closed, CycleAction.Export)]
    [InlineData(CycleStatus.Closed, CycleAction.Compute)]
    public void Other_actions_are_refused_naming_the_status_and_the_action(CycleStatus from, CycleAction action)
    {
        PaymentCycles.Next(from, action).ShouldBeNull();
        var message = PaymentCycles.Refusal(from, action)!;
        message.ShouldContain(PaymentCycles.ChineseName(from));
        message.ShouldContain(PaymentCycles.ChineseName(action));
    }

    [Theory]
    [InlineData(CycleStatus.Draft)]
    [InlineData(CycleStatus.Computed)]
    public void A_cycle_not_yet_approved_may_be_deleted(CycleStatus status)
    {
        PaymentCycles.Refusal(status, CycleAction.Delete).ShouldBeNull();
    }

    [Theory]
    [InlineData(CycleStatus.Approved, "已审批")]
    [InlineData(CycleStatus.Exported, "已导出")]
    [InlineData(CycleStatus.Reconciled, "已对账")]
    [InlineData(CycleStatus.Closed, "已关闭")]
    public void An_approved_cycle_or_later_may_not_be_deleted(CycleStatus status, string name)
    {
        PaymentCycles.Refusal(status, CycleAction.Delete).ShouldBe($"批次当前状态为“{name}”，不能删除");
    }

    [Fact]
    public void The_person_who_computed_a_cycle_cannot_approve_it()
    {
        PaymentCycles.ApprovalRefusal(computedBy: 7, approver: 7).ShouldNotBeNull().ShouldContain("另一名财务人员");
        PaymentCycles.ApprovalRefusal(computedBy: 7, approver: 8).ShouldBeNull();
    }

    [Fact]
    public void The_person_who_computed_a_cycle_does_not_send_it_back_to_themselves()
    {
        PaymentCycles.RejectionRefusal(computedBy: 7, reviewer: 7).ShouldNotBeNull().ShouldContain("重新计算");
        PaymentCycles.RejectionRefusal(computedBy: 7, reviewer: 8).ShouldBeNull();
    }

    [Fact]
    public void Approval_needs_a_special_fund_with_enough_left_for_the_cycle()
    {
        PaymentCycles.SpecialFundRefusal(null, 0, 100m, 2026).ShouldNotBeNull().ShouldContain("尚未设置 2026 年度");
        PaymentCycles.SpecialFundRefusal(1000m, 900.01m, 100m, 2026).ShouldNotBeNull().ShouldContain("剩余 99.99 元");
        PaymentCycles.SpecialFundRefusal(1000m, 900m, 100m, 2026).ShouldBeNull();
    }

    [Fact]
    public void A_cycle_whose_approval_would_post_no_ledger_line_is_not_approved_and_one_with_only_a_recovery_is()
    {
        PaymentCycles.NothingToApproveRefusal(Ledger.Approval(0, 0, 0)).ShouldNotBeNull().ShouldContain("无需审批");
        PaymentCycles.NothingToApproveRefusal(Ledger.Approval(0, 500m, 0)).ShouldBeNull();
        PaymentCycles.NothingToApproveRefusal(Ledger.Approval(500m, 0, 500m)).ShouldBeNull();
    }

    [Fact]
    public void What_remains_of_a_special_fund_is_none_until_one_is_set()
    {
        PaymentCycles.SpecialFundRemaining(null, 0).ShouldBeNull();
        PaymentCycles.SpecialFundRemaining(1000m, 900.01m).ShouldBe(99.99m);
    }

    [Fact]
    public void An_instruction_id_depends_on_the_item_alone_and_differs_between_items()
    {
        var key = new ItemKey(42, "nmg-2026", "honorary_allowance", July, ItemType.Regular);
        var id = PaymentItems.InstructionId(3, July, key);
        id.ShouldBe(PaymentItems.InstructionId(3, July, key));
        id.Length.ShouldBe(22);
        id.ShouldStartWith("LM202607");
        id.ShouldAllBe(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
        var others = new[]
        {
            PaymentItems.InstructionId(4, July, key),
            PaymentItems.InstructionId(3, July.AddMonths(1), key),
            PaymentItems.InstructionId(3, July, key with { HonoreeId = 43 }),
            PaymentItems.InstructionId(3, July, key with { BenefitCode = "pension_top_up" }),
            PaymentItems.InstructionId(3, July, key with { Period = July.AddMonths(-1) }),
            PaymentItems.InstructionId(3, July, key with { Type = ItemType.Arrears }),
        };
        others.ShouldNotContain(id);
        others.Distinct().Count().ShouldBe(others.Length);
    }

    [Theory]
    [InlineData(500, 0, ItemType.Arrears, 500)]
    [InlineData(500, 300, ItemType.Arrears, 200)]
    [InlineData(0, 500, ItemType.Recovery, -500)]
    [InlineData(300, 500, ItemType.Recovery, -200)]
    public void A_past_month_is_corrected_by_the_difference(decimal owed, decimal recognised, ItemType type, decimal amount) =>
        PaymentItems.Correction(owed, recognised).ShouldBe((type, amount));

    [Fact]
    public void A_past_month_paid_right_needs_no_correction() => PaymentItems.Correction(500m, 500m).ShouldBeNull();

    [Fact]
    public void A_receivable_is_withheld_from_payments_oldest_first_and_the_rest_stays_open()
    {
        var (paid, open) = PaymentItems.Offset([300m, 500m], 600m);
        paid.ShouldBe([0m, 200m]);
        open.ShouldBe(0m);
        (paid, open) = PaymentItems.Offset([300m], 800m);
        paid.ShouldBe([0m]);
        open.ShouldBe(500m);
    }

    [Fact]
    public void Every_posting_balances()
    {
        Ledger.Balances(Ledger.Approval(1000m, 200m, 150m)).ShouldBeTrue();
        Ledger.Balances(Ledger.Settlement(850m)).ShouldBeTrue();
        Ledger.Balances(Ledger.Return(50m)).ShouldBeTrue();
        Ledger.Approval(1000m, 0m, 0m).Count.ShouldBe(2);
        Ledger.Balances([new LedgerLine(Ledger.FundExpense, 10m, 0), new LedgerLine(Ledger.HonoreePayable, 0, 9.99m)]).ShouldBeFalse();
        Ledger.Balances([new LedgerLine(Ledger.FundExpense, 10m, 10m), new LedgerLine(Ledger.HonoreePayable, 0, 0)]).ShouldBeFalse();
    }

    [Fact]
    public void The_approval_posts_to_payable_what_goes_to_the_bank()
    {
        var lines = Ledger.Approval(owed: 1000m, recovered: 200m, offset: 150m);
        var payable = lines.Where(l => l.Account == Ledger.HonoreePayable).Sum(l => l.Credit - l.Debit);
        payable.ShouldBe(850m);
        lines.Where(l => l.Account == Ledger.HonoreeReceivable).Sum(l => l.Debit - l.Credit).ShouldBe(50m);
        lines.Where(l => l.Account == Ledger.FundExpense).Sum(l => l.Debit - l.Credit).ShouldBe(800m);
    }

    [Fact]
    public void A_retirement_reported_late_is_paid_as_arrears_for_the_months_missed()
    {
        var pack = Allowance();
        var person = Person(new(1962, 3, 10), [Retired(new(2026, 3, 15))], National(new(2005, 4, 30)));
        var items = new List<ComputedItem>();
        CycleComputation.Corrections([pack], 9, 5, person, new DateOnly(2026, 5, 1), new Dictionary<(string, string), Recognised>(), items);
        var item = items.ShouldHaveSingleItem();
        item.Key.ShouldBe(new ItemKey(9, "test-pack", "honorary_allowance", new DateOnly(2026, 5, 1), ItemType.Arrears));
        item.Amount.ShouldBe(500m);
        item.Explanation.ShouldContain("2026年5月 原未发放");
        item.Explanation.ShouldContain("2026-03-15 退休");
        item.OriginalItemId.ShouldBeNull();
    }

    [Fact]
    public void A_back_dated_revocation_recovers_what_was_paid_naming_the_original_payment()
    {
        var pack = Allowance();
        var person = Person(new(1950, 3, 10), [Retired(new(2010, 1, 1))], National(new(2005, 4, 30), revoked: new(2026, 4, 20)));
        var items = new List<ComputedItem>();
        var paid = new Dictionary<(string, string), Recognised> { [("test-pack", "honorary_allowance")] = new(500m, 77, "LM202605ABCDEFGHJKLMNP") };
        CycleComputation.Corrections([pack], 9, 5, person, new DateOnly(2026, 5, 1), paid, items);
        var item = items.ShouldHaveSingleItem();
        item.Key.Type.ShouldBe(ItemType.Recovery);
        item.Amount.ShouldBe(-500m);
        item.OriginalItemId.ShouldBe(77);
        item.Explanation.ShouldContain("LM202605ABCDEFGHJKLMNP");
        item.Explanation.ShouldContain("撤销");
    }

    [Fact]
    public void A_month_paid_as_owed_gives_no_correction_and_an_honoree_no_longer_managed_is_recovered()
    {
        var pack = Allowance();
        var person = Person(new(1950, 3, 10), [Retired(new(2010, 1, 1))], National(new(2005, 4, 30)));
        var paid = new Dictionary<(string, string), Recognised> { [("test-pack", "honorary_allowance")] = new(500m, 77, "LM1") };
        var items = new List<ComputedItem>();
        CycleComputation.Corrections([pack], 9, 5, person, new DateOnly(2026, 5, 1), paid, items);
        items.ShouldBeEmpty();
        CycleComputation.Corrections([pack], 9, 5, null, new DateOnly(2026, 5, 1), paid, items);
        items.ShouldHaveSingleItem().Explanation.ShouldContain("已不由本单位管理");
    }

    [Fact]
    public void Offsets_take_recoveries_of_the_cycle_and_open_receivables_from_the_same_benefit_only()
    {
        ComputedItem Item(long honoree, string benefit, int month, decimal amount) => new(
            new ItemKey(honoree, "p", benefit, new DateOnly(2026, month, 1), amount < 0 ? ItemType.Recovery : month == 7 ? ItemType.Regular : ItemType.Arrears), 1, amount, "", null);
        var recovery = Item(1, "a", 5, -500m);
        var regular = Item(1, "a", 7, 300m);
        var otherBenefit = Item(1, "b", 7, 200m);
        var otherHonoree = Item(2, "a", 7, 300m);
        var withOpen = Item(3, "a", 7, 300m);
        var open = CycleComputation.ApplyOffsets([recovery, regular, otherBenefit, otherHonoree, withOpen],
            new Dictionary<(long, string, string), decimal> { [(3, "p", "a")] = 100m });
        recovery.PaidAmount.ShouldBe(0m);
        regular.PaidAmount.ShouldBe(0m);
        otherBenefit.PaidAmount.ShouldBe(200m);
        otherHonoree.PaidAmount.ShouldBe(300m);
        withOpen.PaidAmount.ShouldBe(200m);
        open.ShouldBe(new Dictionary<(long, string, string), decimal> { [(1, "p", "a")] = 200m });
    }

    [Fact]
    public void Only_payable_cash_becomes_a_regular_item()
    {
        var person = Person(new(1950, 3, 10), [Retired(new(2010, 1, 1))], National(new(2005, 4, 30)));
        var items = new List<ComputedItem>();
        CycleComputation.Regular([Allowance()], 9, 5, person, July, items, []);
        // The allowance pays; the top-up has no pension fact, the hardship aid waits for an application.
        items.ShouldHaveSingleItem().Key.BenefitCode.ShouldBe("honorary_allowance");
        items.Clear();
        CycleComputation.Regular([Allowance(PackStatus.Draft)], 9, 5, person, July, items, []);
        items.ShouldBeEmpty();
    }

    [Fact]
    public void Only_holders_of_a_title_some_payable_benefit_admits_need_to_be_read_for_a_cycle()
    {
        var titles = EntitlementEngine.PayableTitles([Allowance()])!;
        titles.ShouldContain("national_model_worker");
        titles.ShouldContain("provincial_model_worker");
        // The top-up's tier admits every municipal title; county titles qualify for nothing payable.
        titles.ShouldContain("municipal_craftsman");
        titles.ShouldNotContain("county_model_worker");
        var pack = Allowance();
        var untiered = pack with { Benefits = [.. pack.Benefits, new BenefitDefinition("award", "奖励", BenefitKind.OneTimeCash, FormulaKind.ElectionAward, new Reference("条"), [], new Conditions())] };
        EntitlementEngine.PayableTitles([untiered]).ShouldBeNull();
        // Benefits paid on application count: an approved application pays, to holders of a qualifying title.
        var onApplication = pack with { Benefits = pack.Benefits.Where(b => b.Formula == FormulaKind.OnApplication).ToList() };
        EntitlementEngine.PayableTitles([onApplication])!.Order().ShouldBe(["national_advanced_worker", "national_model_worker", "provincial_advanced_worker", "provincial_model_worker"]);
        var grants = pack with { Benefits = pack.Benefits.Where(b => b.Formula == FormulaKind.Grant).ToList() };
        EntitlementEngine.PayableTitles([grants])!.ShouldBeEmpty();
    }

    [Fact]
    public void The_federation_of_the_jurisdiction_pays_unless_the_pack_names_a_level_then_each_federation_of_that_level_inside_it()
    {
        var pack = Allowance();
        var allowance = pack.Benefits.Single(b => b.Code == "honorary_allowance");
        PaymentCycles.Pays(pack, allowance, OrgUnitKind.Provincial, "150000").ShouldBeTrue();
        PaymentCycles.Pays(pack, allowance, OrgUnitKind.Municipal, "150100").ShouldBeFalse();
        PaymentCycles.Pays(pack, pack.Benefits.Single(b => b.Code == "salary_grade_boost"), OrgUnitKind.Provincial, "150000").ShouldBeFalse();
        PaymentCycles.Pays(Allowance(PackStatus.Draft), allowance, OrgUnitKind.Provincial, "150000").ShouldBeFalse();

        var byCities = allowance with { PaidBy = OrgUnitKind.Municipal };
        PaymentCycles.Pays(pack, byCities, OrgUnitKind.Municipal, "150100").ShouldBeTrue();
        PaymentCycles.Pays(pack, byCities, OrgUnitKind.Municipal, "211200").ShouldBeFalse();
        PaymentCycles.Pays(pack, byCities, OrgUnitKind.Provincial, "150000").ShouldBeFalse();

        var mixed = pack with { Benefits = pack.Benefits.Select(b => b.Code == "honorary_allowance" ? byCities : b).ToList() };
        var province = PaymentCycles.PaidBy([mixed], OrgUnitKind.Provincial, "150000").ShouldHaveSingleItem();
        province.Benefits.Select(b => b.Code).ShouldNotContain("honorary_allowance");
        province.Benefits.Select(b => b.Code).ShouldContain("pension_top_up");
        PaymentCycles.PaidBy([mixed], OrgUnitKind.Municipal, "150100").ShouldHaveSingleItem()
            .Benefits.ShouldHaveSingleItem().Code.ShouldBe("honorary_allowance");
        PaymentCycles.PaidBy([mixed], OrgUnitKind.County, "150102").ShouldBeEmpty();
    }

    [Fact]
    public void An_application_approved_for_a_month_pays_its_amount_in_that_month_only()
    {
        var approved = new ApprovedPayment("test-pack", "hardship_aid", July, 3000m, "新城区总工会困难补助审批表〔2026〕7号");
        var person = Person(new(1950, 3, 10), [Retired(new(2010, 1, 1))], National(new(2005, 4, 30))) with { Approvals = [approved] };
        var items = new List<ComputedItem>();
        CycleComputation.Regular([Allowance()], 9, 5, person, July, items, []);
        var aid = items.Single(i => i.Key.BenefitCode == "hardship_aid");
        aid.Amount.ShouldBe(3000m);
        aid.Explanation.ShouldContain("〔2026〕7号");
        items.Clear();
        CycleComputation.Regular([Allowance()], 9, 5, person, July.AddMonths(1), items, []);
        items.ShouldNotContain(i => i.Key.BenefitCode == "hardship_aid");
        // Without a qualifying honour the approval pays nothing: the benefit's own conditions still hold.
        var withoutTitle = person with { Honours = [] };
        items.Clear();
        CycleComputation.Regular([Allowance()], 9, 5, withoutTitle, July, items, []);
        items.ShouldBeEmpty();
    }
}
