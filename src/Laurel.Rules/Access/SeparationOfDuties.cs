namespace Laurel.Rules.Access;

/// <summary>
/// 三员分立 (等保三级): the system administrator (系统管理员, <see cref="Roles.Sysadmin"/>), the auditor (审计员,
/// <see cref="Roles.Auditor"/>) and the people who work with honorees' personal data are different people. An
/// administration role is held alone; a data role is never held beside an administration role. Data roles may be held
/// together (a manager with view_full_id or policy_admin).
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>Roles that administer the system or audit it: each is held by nobody who holds any other role.</summary>
    public static IReadOnlyList<string> AdministrationRoles { get; } = [Roles.Sysadmin, Roles.Auditor];

    /// <summary>Roles that read or change honorees' personal data, payments, policy values or nominations.</summary>
    public static IReadOnlyList<string> DataRoles { get; } = [Roles.Manager, Roles.Viewer, Roles.ViewFullId, Roles.Finance, Roles.PolicyAdmin, Roles.SelectionAdmin];

    public static bool IsAdministrationRole(string role) => AdministrationRoles.Contains(role);

    public static bool IsDataRole(string role) => DataRoles.Contains(role);

    /// <summary>
    /// Why a user who holds <paramref name="held"/> (at any units) may not also be granted <paramref name="role"/>;
    /// null when they may. The reason names both roles in Chinese.
    /// </summary>
    public static string? Conflict(string role, IEnumerable<string> held)
    {
        foreach (var other in held.Distinct())
        {
            if (other == role)
            {
                continue;
            }
            if (IsAdministrationRole(role) && IsAdministrationRole(other))
            {
                return $"三员分立：系统管理员与审计员不能由同一人担任，该用户已是{Roles.ChineseName(other)}，不能再授予{Roles.ChineseName(role)}角色";
            }
            if (IsAdministrationRole(role))
            {
                return $"三员分立：{Roles.ChineseName(role)}不能同时持有业务数据角色，该用户已有“{Roles.ChineseName(other)}”角色，不能再授予{Roles.ChineseName(role)}角色";
            }
            if (IsAdministrationRole(other))
            {
                return $"三员分立：{Roles.ChineseName(other)}不能持有业务数据角色，该用户已是{Roles.ChineseName(other)}，不能再授予“{Roles.ChineseName(role)}”角色";
            }
        }
        return null;
    }
}

/// <summary>Where a proposed grant (授权申请) stands.</summary>
public enum GrantProposalStatus { Pending, Confirmed, Rejected }

/// <summary>
/// Maker-checker for role grants, as for payment cycles: one sysadmin proposes, another confirms; until then the
/// proposal grants nothing. Every role Laurel has is a data role or an administration role (see
/// <see cref="SeparationOfDuties"/>), so every grant goes through a proposal.
/// </summary>
public static class GrantProposals
{
    public static string Code(GrantProposalStatus status) => status switch
    {
        GrantProposalStatus.Pending => "pending",
        GrantProposalStatus.Confirmed => "confirmed",
        GrantProposalStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static GrantProposalStatus? Parse(string? code) => code switch
    {
        "pending" => GrantProposalStatus.Pending,
        "confirmed" => GrantProposalStatus.Confirmed,
        "rejected" => GrantProposalStatus.Rejected,
        _ => null,
    };

    public static string ChineseName(GrantProposalStatus status) => status switch
    {
        GrantProposalStatus.Pending => "待确认",
        GrantProposalStatus.Confirmed => "已确认",
        GrantProposalStatus.Rejected => "已驳回",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Why <paramref name="proposer"/> may not propose a grant to <paramref name="grantee"/>: nobody grants themselves a role.</summary>
    public static string? ProposalRefusal(long proposer, long grantee) =>
        proposer == grantee ? "不能为自己授予角色：授权须由其他系统管理员提出并确认" : null;

    /// <summary>
    /// Why <paramref name="decider"/> may not confirm or reject a proposal: the checker is neither the maker nor the
    /// person who would gain the role.
    /// </summary>
    public static string? DecisionRefusal(long proposer, long grantee, long decider)
    {
        if (decider == proposer)
        {
            return "提出人不能确认或驳回本人提出的授权申请，请由另一名系统管理员处理";
        }
        return decider == grantee ? "不能确认或驳回授予自己的角色，请由另一名系统管理员处理" : null;
    }

    /// <summary>Why a proposal in <paramref name="status"/> cannot be decided: only a pending one can, and only once.</summary>
    public static string? StatusRefusal(GrantProposalStatus status) =>
        status == GrantProposalStatus.Pending ? null : $"该授权申请{ChineseName(status)}，不能再次处理";

    /// <summary>
    /// Why a grant may not be revoked. Revoking reduces power, so one sysadmin may revoke any grant in their scope, their
    /// own included, except the last sysadmin grant at the root of the org tree: without it nobody could administer the
    /// whole tree, nor confirm the proposals that would restore it.
    /// </summary>
    /// <param name="role">The role of the grant.</param>
    /// <param name="atRoot">Whether the grant is at the root unit.</param>
    /// <param name="otherRootSysadmins">How many other active users hold sysadmin at the root.</param>
    public static string? RevocationRefusal(string role, bool atRoot, int otherRootSysadmins) =>
        role == Roles.Sysadmin && atRoot && otherRootSysadmins == 0
            ? "不能收回最后一名全国总工会系统管理员的授权：收回后将无人能够管理组织机构和用户"
            : null;
}
