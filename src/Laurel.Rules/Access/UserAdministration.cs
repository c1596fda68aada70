namespace Laurel.Rules.Access;

/// <summary>
/// What a sysadmin may do to another user's account (docs/decisions/0018): deactivate or reactivate it at once, alone;
/// reset its second factor only under maker-checker, like a grant. Nobody does either to their own account.
/// </summary>
public static class UserAdministration
{
    /// <summary>Why <paramref name="actor"/> may not deactivate or reactivate <paramref name="user"/>: not oneself.</summary>
    public static string? StatusChangeRefusal(long actor, long user) =>
        actor == user ? "不能停用或启用自己的账号，请由其他系统管理员办理" : null;

    /// <summary>Why <paramref name="proposer"/> may not propose resetting the second factor of <paramref name="user"/>.</summary>
    public static string? TwoFactorResetProposalRefusal(long proposer, long user) =>
        proposer == user ? "不能重置自己的双因素认证：须由其他系统管理员提出，再由另一名系统管理员确认" : null;

    /// <summary>
    /// Why <paramref name="decider"/> may not confirm or reject a proposed reset: the checker is neither the maker nor
    /// the user whose second factor it removes.
    /// </summary>
    public static string? TwoFactorResetDecisionRefusal(long proposer, long user, long decider)
    {
        if (decider == proposer)
        {
            return "提出人不能确认或驳回本人提出的双因素认证重置申请，请由另一名系统管理员处理";
        }
        return decider == user ? "不能确认或驳回重置自己双因素认证的申请，请由另一名系统管理员处理" : null;
    }

    /// <summary>Why a proposed reset in <paramref name="status"/> cannot be decided: only a pending one can, once.</summary>
    public static string? TwoFactorResetStatusRefusal(GrantProposalStatus status) =>
        status == GrantProposalStatus.Pending ? null : $"该双因素认证重置申请{GrantProposals.ChineseName(status)}，不能再次处理";
}
