namespace Laurel.Rules.Nominations;

/// <summary>
/// The procedure of one candidate (一报告两审核三公示, issue 12 §3), in order: recommended → unit_notice → first_review →
/// second_notice → second_review → final_notice → approved; withdrawn and rejected end it at any step before approval.
/// </summary>
public enum CandidateState { Recommended, UnitNotice, FirstReview, SecondNotice, SecondReview, FinalNotice, Approved, Withdrawn, Rejected }

/// <summary>What a step does: the first entry, one step forward, one step back (to redo it), or an end.</summary>
public enum CandidateAction { Recommend, Advance, Back, Withdraw, Reject }

/// <summary>
/// The candidate state machine: forward one step, back one step with a reason, withdraw or reject at any step with a
/// reason; nothing else. Approved, withdrawn and rejected are final (a revocation of the honour is a case of its own).
/// </summary>
public static class CandidateStates
{
    /// <summary>The procedure's states in order, without the two ends.</summary>
    public static IReadOnlyList<CandidateState> Procedure { get; } =
    [
        CandidateState.Recommended, CandidateState.UnitNotice, CandidateState.FirstReview, CandidateState.SecondNotice,
        CandidateState.SecondReview, CandidateState.FinalNotice, CandidateState.Approved,
    ];

    public static IReadOnlyList<CandidateState> All { get; } = [.. Procedure, CandidateState.Withdrawn, CandidateState.Rejected];

    public static string Code(CandidateState state) => state switch
    {
        CandidateState.Recommended => "recommended",
        CandidateState.UnitNotice => "unit_notice",
        CandidateState.FirstReview => "first_review",
        CandidateState.SecondNotice => "second_notice",
        CandidateState.SecondReview => "second_review",
        CandidateState.FinalNotice => "final_notice",
        CandidateState.Approved => "approved",
        CandidateState.Withdrawn => "withdrawn",
        CandidateState.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static CandidateState? Parse(string? code) => All.Cast<CandidateState?>().FirstOrDefault(s => Code(s!.Value) == code);

    public static string ChineseName(CandidateState state) => state switch
    {
        CandidateState.Recommended => "已推荐",
        CandidateState.UnitNotice => "单位公示（公示一）",
        CandidateState.FirstReview => "审核一（同级党委）",
        CandidateState.SecondNotice => "推荐单位公示（公示二）",
        CandidateState.SecondReview => "审核二（部门意见）",
        CandidateState.FinalNotice => "评选层级公示（公示三）",
        CandidateState.Approved => "已表彰",
        CandidateState.Withdrawn => "已撤回",
        CandidateState.Rejected => "未通过",
        _ => state.ToString(),
    };

    public static string Code(CandidateAction action) => action switch
    {
        CandidateAction.Recommend => "recommend",
        CandidateAction.Advance => "advance",
        CandidateAction.Back => "back",
        CandidateAction.Withdraw => "withdraw",
        CandidateAction.Reject => "reject",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static CandidateAction? ParseAction(string? code) =>
        Enum.GetValues<CandidateAction>().Cast<CandidateAction?>().FirstOrDefault(a => Code(a!.Value) == code);

    public static string ChineseName(CandidateAction action) => action switch
    {
        CandidateAction.Recommend => "推荐",
        CandidateAction.Advance => "进入下一步",
        CandidateAction.Back => "退回上一步",
        CandidateAction.Withdraw => "撤回",
        CandidateAction.Reject => "不予通过",
        _ => action.ToString(),
    };

    public static bool IsFinal(CandidateState state) =>
        state is CandidateState.Approved or CandidateState.Withdrawn or CandidateState.Rejected;

    /// <summary>A candidate that still holds a seat: every state but withdrawn and rejected.</summary>
    public static bool HoldsSeat(CandidateState state) => state is not (CandidateState.Withdrawn or CandidateState.Rejected);

    /// <summary>Whether the action needs a reason: going back, withdrawing and rejecting do.</summary>
    public static bool NeedsReason(CandidateAction action) =>
        action is CandidateAction.Back or CandidateAction.Withdraw or CandidateAction.Reject;

    /// <summary>
    /// The state after the action from <paramref name="from"/> (null for the first entry), or null when the machine does
    /// not allow it.
    /// </summary>
    public static CandidateState? Next(CandidateState? from, CandidateAction action)
    {
        if (from is null)
        {
            return action == CandidateAction.Recommend ? CandidateState.Recommended : null;
        }
        var state = from.Value;
        if (IsFinal(state))
        {
            return null;
        }
        var index = Procedure.IndexOf(state);
        return action switch
        {
            CandidateAction.Advance => Procedure[index + 1],
            CandidateAction.Back when index > 0 => Procedure[index - 1],
            CandidateAction.Withdraw => CandidateState.Withdrawn,
            CandidateAction.Reject => CandidateState.Rejected,
            _ => null,
        };
    }

    /// <summary>Null when the step may be taken; otherwise the Chinese reason (a 409, or a 422 for a missing reason).</summary>
    public static string? Refusal(CandidateState? from, CandidateAction action, string? reason)
    {
        if (Next(from, action) is null)
        {
            return from is null
                ? $"该人选尚未推荐，不能{ChineseName(action)}"
                : IsFinal(from.Value)
                    ? $"该人选的推荐程序已结束（{ChineseName(from.Value)}），不能再{ChineseName(action)}"
                    : $"该人选处于“{ChineseName(from.Value)}”，不能{ChineseName(action)}";
        }
        return NeedsReason(action) && string.IsNullOrWhiteSpace(reason) ? $"{ChineseName(action)}须写明理由" : null;
    }

    private static int IndexOf(this IReadOnlyList<CandidateState> list, CandidateState state)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == state)
            {
                return i;
            }
        }
        return -1;
    }
}
