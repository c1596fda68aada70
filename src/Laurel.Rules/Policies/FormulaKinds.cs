namespace Laurel.Rules.Policies;

/// <summary>
/// The codes of the formulas (the `formula` of a benefit in a policy pack file) and which kinds of benefit each can
/// compute: a monthly allowance is monthly cash, a one-time award one-time cash, a grant no cash at all.
/// </summary>
public static class FormulaKinds
{
    /// <summary>Every formula, in the order messages list them.</summary>
    public static IReadOnlyList<FormulaKind> All { get; } = Enum.GetValues<FormulaKind>();

    public static string Code(FormulaKind formula) => formula switch
    {
        FormulaKind.HonoraryAllowance => "honorary_allowance",
        FormulaKind.PensionTopUp => "pension_top_up",
        FormulaKind.ElectionAward => "election_award",
        FormulaKind.Grant => "grant",
        FormulaKind.OnApplication => "on_application",
        FormulaKind.CondolencePayment => "condolence_payment",
        _ => throw new ArgumentOutOfRangeException(nameof(formula)),
    };

    /// <summary>The formula of a code; null for an unknown code (or none).</summary>
    public static FormulaKind? Parse(string? code) => code switch
    {
        "honorary_allowance" => FormulaKind.HonoraryAllowance,
        "pension_top_up" => FormulaKind.PensionTopUp,
        "election_award" => FormulaKind.ElectionAward,
        "grant" => FormulaKind.Grant,
        "on_application" => FormulaKind.OnApplication,
        "condolence_payment" => FormulaKind.CondolencePayment,
        _ => null,
    };

    /// <summary>荣誉津贴 / 养老金补差 / 评选奖励 / 按条件享受 / 依申请发放 / 丧葬慰问: the one Chinese name of a formula.</summary>
    public static string ChineseName(FormulaKind formula) => formula switch
    {
        FormulaKind.HonoraryAllowance => "荣誉津贴",
        FormulaKind.PensionTopUp => "养老金补差",
        FormulaKind.ElectionAward => "评选奖励",
        FormulaKind.Grant => "按条件享受",
        FormulaKind.OnApplication => "依申请发放",
        FormulaKind.CondolencePayment => "丧葬慰问",
        _ => throw new ArgumentOutOfRangeException(nameof(formula)),
    };

    /// <summary>Why a code names no formula, listing the codes that do.</summary>
    public static string UnknownCodeError(string code) => $"unknown formula '{code}' ({string.Join(" | ", All.Select(Code))})";

    /// <summary>Whether the formula can compute a benefit of the kind.</summary>
    public static bool Fits(FormulaKind formula, BenefitKind kind) => formula switch
    {
        FormulaKind.HonoraryAllowance or FormulaKind.PensionTopUp => kind == BenefitKind.MonthlyCash,
        FormulaKind.ElectionAward or FormulaKind.OnApplication or FormulaKind.CondolencePayment => kind == BenefitKind.OneTimeCash,
        FormulaKind.Grant => !BenefitKinds.IsCash(kind),
        _ => false,
    };

    /// <summary>The kinds the formula fits, as their codes ("service | privilege | protection").</summary>
    public static string ExpectedKinds(FormulaKind formula) =>
        string.Join(" | ", Enum.GetValues<BenefitKind>().Where(k => Fits(formula, k)).Select(BenefitKinds.Code));
}
