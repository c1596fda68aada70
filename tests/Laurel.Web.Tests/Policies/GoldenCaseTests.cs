using Laurel.Rules.Policies;
using Laurel.Web.Policy;

namespace Laurel.Web.Tests.Policies;

/// <summary>
/// The shipped policy packs load, and every golden case beside them holds (pure: no database, no app).
/// A case names the benefits due (with the amount for cash with a figure, none otherwise) and some that are not.
/// </summary>
public sealed class GoldenCaseTests
{
    private static readonly string Dir = GoldenCaseReader.PoliciesDirectory();
    private static readonly Lazy<IReadOnlyList<PolicyPack>> Packs = new(() => PolicyPackLoader.LoadDirectory(Dir));
    private static readonly Lazy<IReadOnlyDictionary<string, GoldenCase>> Cases =
        new(() => GoldenCaseReader.LoadDirectory(Dir).ToDictionary(c => c.Id));

    private static readonly string[] PackCodes =
        ["chaoyang-2015", "datong-2026", "langfang-2019-draft", "nmg-2019", "nmg-2026", "suzhou-2026", "tieling-2026"];

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Cases.Value.Keys.Order(StringComparer.Ordinal))
            data.Add(id);
        return data;
    }

    [Fact]
    public void All_seven_packs_load_and_only_langfang_is_a_draft()
    {
        var packs = Packs.Value;
        packs.Select(p => p.Code).ShouldBe(PackCodes);
        foreach (var pack in packs)
        {
            pack.Status.ShouldBe(pack.Code == "langfang-2019-draft" ? PackStatus.Draft : PackStatus.InForce, pack.Code);
            pack.Benefits.ShouldNotBeEmpty(pack.Code);
        }
    }

    [Fact]
    public void Every_in_force_pack_has_at_least_eight_cases_and_every_benefit_is_shown_due_in_one()
    {
        foreach (var pack in Packs.Value.Where(p => p.Status == PackStatus.InForce))
        {
            var cases = Cases.Value.Values.Where(c => c.Pack == pack.Code).ToList();
            cases.Count.ShouldBeGreaterThanOrEqualTo(8, pack.Code);
            var shownDue = cases.SelectMany(c => c.Entitled.Select(e => e.Benefit)).ToHashSet();
            foreach (var benefit in pack.Benefits)
                shownDue.ShouldContain(benefit.Code, $"{pack.Code}: no case shows {benefit.Code} due");
        }
    }

    [Fact]
    public void Every_case_names_a_shipped_pack_and_its_benefits()
    {
        foreach (var c in Cases.Value.Values)
        {
            var pack = Packs.Value.SingleOrDefault(p => p.Code == c.Pack);
            pack.ShouldNotBeNull(c.Id);
            var codes = pack.Benefits.Select(b => b.Code).ToHashSet();
            foreach (var benefit in c.Entitled.Select(e => e.Benefit).Concat(c.NotEntitled))
                codes.ShouldContain(benefit, $"{c.Id}: unknown benefit {benefit}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Golden_case(string id)
    {
        var c = Cases.Value[id];
        var evaluation = EntitlementEngine.Evaluate(GoldenCaseReader.WithValues(Packs.Value, c), c.Person, c.Month, includeDrafts: false);
        var due = evaluation.Entitlements.Where(e => e.PackCode == c.Pack).ToDictionary(e => e.BenefitCode);
        var notDue = evaluation.NotEntitled.Where(n => n.PackCode == c.Pack).ToDictionary(n => n.BenefitCode);
        string Explain() => $"{id}\n due: {string.Join("; ", due.Values.Select(e => $"{e.BenefitCode}={e.Amount} ({e.Explanation})"))}"
            + $"\n not due: {string.Join("; ", notDue.Values.Select(n => $"{n.BenefitCode} ({n.Reason})"))}";

        foreach (var (benefit, amount) in c.Entitled)
        {
            due.TryGetValue(benefit, out var entitlement).ShouldBeTrue($"{benefit} should be due. {Explain()}");
            entitlement!.Amount.ShouldBe(amount, $"{benefit} amount. {Explain()}");
        }
        // A pack that does not cover the person (managing region outside its jurisdiction) grants nothing: all not due.
        var covered = due.Count > 0 || notDue.Count > 0;
        foreach (var benefit in c.NotEntitled)
            (notDue.ContainsKey(benefit) || !covered).ShouldBeTrue($"{benefit} should not be due. {Explain()}");
    }

    [Fact]
    public void A_draft_pack_never_appears_among_entitlements()
    {
        var person = new PersonRecord(new DateOnly(1970, 1, 1), "131002", [],
            [new HonourFact("national_model_worker", null, new DateOnly(2010, 4, 30), null)]);
        var evaluation = EntitlementEngine.Evaluate(Packs.Value, person, new DateOnly(2026, 7, 1), includeDrafts: false);
        evaluation.Entitlements.ShouldNotContain(e => e.PackCode == "langfang-2019-draft");
    }

    [Fact]
    public void The_loader_rejects_an_unknown_formula_naming_the_file_and_field()
    {
        var yaml = ValidPack.Replace("formula: grant", "formula: lump_sum", StringComparison.Ordinal);
        var e = Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(yaml, "test-pack.yaml"));
        e.Message.ShouldContain("test-pack.yaml");
        e.Message.ShouldContain("benefits[0].formula");
        e.Message.ShouldContain("lump_sum");
    }

    [Fact]
    public void The_loader_rejects_an_unknown_title_and_an_unknown_field()
    {
        var badTitle = ValidPack.Replace("national_model_worker", "national_hero", StringComparison.Ordinal);
        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(badTitle, "test-pack.yaml"))
            .Message.ShouldContain("benefits[0].tiers[0].titles[0]: unknown title code 'national_hero'");

        var unknownField = ValidPack.Replace("source_file:", "sauce_file: x\nsource_file:", StringComparison.Ordinal);
        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(unknownField, "test-pack.yaml"))
            .Message.ShouldContain("sauce_file");
    }

    [Fact]
    public void A_cash_benefit_may_name_the_federation_level_that_pays_it_at_or_below_the_jurisdiction()
    {
        var cash = ValidPack
            .Replace("formula: grant", "formula: on_application", StringComparison.Ordinal)
            .Replace("kind: privilege", "kind: one_time_cash", StringComparison.Ordinal)
            .Replace("benefits:", "  - { name: test_benefit.amount, description: 金额, unit: CNY, values: [] }\nbenefits:", StringComparison.Ordinal);
        PolicyPackLoader.Parse(cash, "test-pack.yaml").Benefits[0].PaidBy.ShouldBeNull();
        var municipal = cash.Replace("    note: null", "    note: null\n    paid_by: municipal", StringComparison.Ordinal);
        PolicyPackLoader.Parse(municipal, "test-pack.yaml").Benefits[0].PaidBy.ShouldBe(Laurel.Rules.Organisation.OrgUnitKind.Municipal);

        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(municipal.Replace("region_code: \"150000\"", "region_code: \"150102\"", StringComparison.Ordinal), "test-pack.yaml"))
            .Message.ShouldContain("benefits[0].paid_by: 'municipal' is above the jurisdiction 150102");
        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(municipal.Replace("paid_by: municipal", "paid_by: street", StringComparison.Ordinal), "test-pack.yaml"))
            .Message.ShouldContain("benefits[0].paid_by");
        var grant = ValidPack.Replace("    note: null", "    note: null\n    paid_by: municipal", StringComparison.Ordinal);
        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(grant, "test-pack.yaml"))
            .Message.ShouldContain("only cash benefits are paid by a unit");
    }

    [Fact]
    public void The_loader_rejects_a_missing_tier_parameter_and_values_out_of_order()
    {
        var allowance = ValidPack
            .Replace("formula: grant", "formula: honorary_allowance", StringComparison.Ordinal)
            .Replace("kind: privilege", "kind: monthly_cash", StringComparison.Ordinal)
            .Replace("    conditions: {}", "    conditions: { retired_or_pension_age: true }", StringComparison.Ordinal);
        var e = Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(allowance, "test-pack.yaml"));
        e.Message.ShouldContain("benefits[0]: tier 'national' needs parameter 'test_benefit.amount.national'");

        var outOfOrder = ValidPack.Replace("      - { from: 2026-01-01, value: 60, clause: c, quote: q }",
            "      - { from: 2026-01-01, value: 60, clause: c, quote: q }\n      - { from: 2025-01-01, value: 61, clause: c, quote: q }",
            StringComparison.Ordinal);
        Should.Throw<PolicyPackFormatException>(() => PolicyPackLoader.Parse(outOfOrder, "test-pack.yaml"))
            .Message.ShouldContain("parameters[0].values[1].from");
    }

    [Fact]
    public void The_loader_accepts_the_minimal_valid_pack()
    {
        var pack = PolicyPackLoader.Parse(ValidPack, "test-pack.yaml");
        pack.Code.ShouldBe("test-pack");
        pack.Parameter("resident_pension_age")!.At(new DateOnly(2026, 2, 1))!.Value.ShouldBe(60m);
        pack.Benefits.Single().Tiers.Single().TitleCodes.ShouldBe(["national_model_worker"]);
    }

    private const string ValidPack = """
        code: test-pack
        name: 测试政策
        document_number: null
        issuing_body: 测试单位
        region_code: "150000"
        status: in_force
        effective_from: 2026-01-01
        effective_from_assumed: false
        source_file: test.txt
        parameters:
          - name: resident_pension_age
            description: 城乡居民养老金领取年龄
            unit: years
            values:
              - { from: 2026-01-01, value: 60, clause: c, quote: q }
        benefits:
          - code: test_benefit
            name: 测试待遇
            kind: privilege
            formula: grant
            clause: 第一条
            quote: 原文
            note: null
            tiers:
              - name: national
                titles: [national_model_worker]
            conditions: {}
        """;
}
