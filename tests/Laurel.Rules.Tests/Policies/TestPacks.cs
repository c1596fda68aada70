using Laurel.Rules.Honours;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;

namespace Laurel.Rules.Tests.Policies;

/// <summary>Small packs built in code, shaped like the shipped ones, so the engine's rules are tested apart from the YAML.</summary>
internal static class TestPacks
{
    private static readonly Reference Ref = new("测试条款");

    public static Parameter Param(string name, string unit, params (DateOnly From, decimal? Value)[] values) =>
        new(name, name, unit, values.Select(v => new DatedValue(v.From, v.Value, Ref)).ToList());

    public static PolicyPack Allowance(PackStatus status = PackStatus.InForce, params Parameter[] extra)
    {
        var from = new DateOnly(2026, 1, 1);
        var parameters = new[]
        {
            Param("resident_pension_age", "years", (from, 60m)),
            Param("honorary_allowance.amount.national", "CNY_per_month", (from, 500m)),
            Param("honorary_allowance.amount.provincial", "CNY_per_month", (from, 300m)),
            Param("pension_top_up.standard_line.enterprise", "CNY_per_month", (from, 3000m)),
            Param("pension_top_up.standard_line.resident", "CNY_per_month"),
            Param("election_award.amount.model_worker", "CNY", (from, 6000m)),
            Param("election_award.amount.special", "CNY", (from, 10000m)),
            Param("condolence_payment.amount", "CNY"),
            Param("salary_grade_boost.value.national", "grades", (from, 2m)),
            Param("salary_grade_boost.value.provincial", "grades", (from, 1m)),
        }.Concat(extra).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last());
        var national = new Tier("national", ["national_model_worker", "national_advanced_worker"], [], null);
        var provincial = new Tier("provincial", ["provincial_model_worker", "provincial_advanced_worker"], [], "150000");
        var retired = new Conditions(RetiredOrPensionAge: true);
        return new PolicyPack("test-pack", "测试办法", null, "测试机关", "150000", status, from, false, "test.txt", parameters,
        [
            new("honorary_allowance", "荣誉津贴", BenefitKind.MonthlyCash, FormulaKind.HonoraryAllowance, Ref, [national, provincial], retired),
            new("pension_top_up", "养老金补差", BenefitKind.MonthlyCash, FormulaKind.PensionTopUp, Ref,
                [new Tier("municipal_and_above", [], [HonourLevel.National, HonourLevel.Provincial, HonourLevel.Municipal], null)], retired),
            new("election_award", "一次性奖励", BenefitKind.OneTimeCash, FormulaKind.ElectionAward, Ref,
                [new Tier("special", ["municipal_special_model_worker"], [], null), new Tier("model_worker", ["municipal_model_worker"], [], null)], new Conditions()),
            new("salary_grade_boost", "高定工资档次", BenefitKind.Privilege, FormulaKind.Grant, Ref, [national, provincial],
                new Conditions([EmploymentStatus.Employed], [EmployerType.Government, EmployerType.PublicInstitution])),
            new("hardship_aid", "困难补助", BenefitKind.OneTimeCash, FormulaKind.OnApplication, Ref, [national, provincial], new Conditions()),
            new("condolence_payment", "慰问金", BenefitKind.OneTimeCash, FormulaKind.CondolencePayment, Ref, [national, provincial], new Conditions()),
        ]);
    }

    public static PersonRecord Person(DateOnly birth, IEnumerable<Fact> facts, params HonourFact[] honours) =>
        new(birth, "150102", [new HukouFact(birth, "150102"), .. facts], honours);

    public static HonourFact National(DateOnly awarded, DateOnly? revoked = null) => new("national_model_worker", null, awarded, revoked);
    public static HonourFact InnerMongolian(DateOnly awarded, DateOnly? revoked = null) => new("provincial_model_worker", "150000", awarded, revoked);

    public static EmploymentFact Retired(DateOnly on) => new(on, EmploymentStatus.Retired, "某厂", EmployerType.Enterprise);
    public static EmploymentFact Employed(DateOnly on, EmployerType type = EmployerType.Enterprise) => new(on, EmploymentStatus.Employed, "某单位", type);
}
