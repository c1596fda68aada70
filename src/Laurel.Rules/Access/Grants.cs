namespace Laurel.Rules.Access;

/// <summary>The roles a user can be granted at an org unit. Codes are stored and shown in the API.</summary>
public static class Roles
{
    /// <summary>劳模工作管理员: reads and writes honorees in the subtree.</summary>
    public const string Manager = "manager";
    /// <summary>Reads honorees in the subtree.</summary>
    public const string Viewer = "viewer";
    /// <summary>Org units and users; sees no honoree personal data.</summary>
    public const string Sysadmin = "sysadmin";
    /// <summary>Reads the audit log only.</summary>
    public const string Auditor = "auditor";
    /// <summary>Sees unmasked resident IDs of the honorees they can read in the subtree.</summary>
    public const string ViewFullId = "view_full_id";
    /// <summary>政策管理员: adds dated parameter values to the policy packs of the unit's region.</summary>
    public const string PolicyAdmin = "policy_admin";

    /// <summary>财务人员: creates, computes, approves (not their own computation), exports and reconciles the unit's payment cycles, and sets its special fund (专项经费).</summary>
    public const string Finance = "finance";

    /// <summary>评选管理员: runs the nomination campaigns (推荐评选) of the subtree, records reviews and award decisions, and decides revocations (撤销).</summary>
    public const string SelectionAdmin = "selection_admin";

    public static IReadOnlyList<string> All { get; } = [Manager, Viewer, Sysadmin, Auditor, ViewFullId, PolicyAdmin, Finance, SelectionAdmin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    public static string ChineseName(string role) => role switch
    {
        Manager => "劳模工作管理员",
        Viewer => "只读查看",
        Sysadmin => "系统管理员",
        Auditor => "审计员",
        ViewFullId => "查看完整身份证号",
        PolicyAdmin => "政策管理员",
        Finance => "财务人员",
        SelectionAdmin => "评选管理员",
        _ => role,
    };
}

/// <summary>One role held at one org unit, with the unit's materialised path.</summary>
public sealed record Grant(string Role, long OrgUnitId, string OrgUnitPath);

/// <summary>
/// What a signed-in user may do, decided from their grants alone. A grant covers the unit's whole subtree
/// (分级管理); nothing outside the subtrees of a user's grants is visible to them.
/// </summary>
public sealed class AccessGrants(IReadOnlyList<Grant> grants)
{
    public IReadOnlyList<Grant> Grants { get; } = grants;

    /// <summary>Subtree roots (paths) under which honorees may be read: manager and viewer grants.</summary>
    public IReadOnlyList<string> HonoreeReadRoots => Roots(Roles.Manager, Roles.Viewer);

    /// <summary>Subtree roots under which honorees may be created and changed: manager grants.</summary>
    public IReadOnlyList<string> HonoreeWriteRoots => Roots(Roles.Manager);

    /// <summary>Subtree roots under which the org tree and users may be administered.</summary>
    public IReadOnlyList<string> AdminRoots => Roots(Roles.Sysadmin);

    /// <summary>Subtree roots of every grant: the part of the org tree the user can see at all.</summary>
    public IReadOnlyList<string> VisibleRoots => Minimal(Grants.Select(g => g.OrgUnitPath));

    public bool CanReadHonoreesAt(string unitPath) => Covers(HonoreeReadRoots, unitPath);
    public bool CanWriteHonoreesAt(string unitPath) => Covers(HonoreeWriteRoots, unitPath);
    public bool CanAdministerAt(string unitPath) => Covers(AdminRoots, unitPath);
    public bool CanSeeFullIdAt(string unitPath) => CanReadHonoreesAt(unitPath) && Covers(Roots(Roles.ViewFullId), unitPath);

    public bool HasAny(string role) => Grants.Any(g => g.Role == role);

    /// <summary>Units where the user holds policy_admin: they administer the packs of those units' regions.</summary>
    public IReadOnlyList<Grant> PolicyAdminGrants => Grants.Where(g => g.Role == Roles.PolicyAdmin).ToList();
    public bool IsAuditor => HasAny(Roles.Auditor);
    public bool IsSysadmin => HasAny(Roles.Sysadmin);
    public bool CanReadHonorees => HonoreeReadRoots.Count > 0;

    /// <summary>Finance staff and auditors read payment cycles (发放批次) and the ledger check.</summary>
    public bool CanReadPayments => HasAny(Roles.Finance) || HasAny(Roles.Auditor);

    /// <summary>Subtree roots under which the user acts on payment cycles: finance grants.</summary>
    public IReadOnlyList<string> PaymentActRoots => Roots(Roles.Finance);

    /// <summary>Subtree roots under which the user reads payment cycles: finance and auditor grants.</summary>
    public IReadOnlyList<string> PaymentReadRoots => Roots(Roles.Finance, Roles.Auditor);

    public bool CanReadPaymentsAt(string unitPath) => Covers(PaymentReadRoots, unitPath);
    public bool CanActOnPaymentsAt(string unitPath) => Covers(PaymentActRoots, unitPath);

    /// <summary>Subtree roots under which nominations (pool, candidates, notices, revocation cases) may be read: managers, viewers and selection admins.</summary>
    public IReadOnlyList<string> NominationReadRoots => Roots(Roles.Manager, Roles.Viewer, Roles.SelectionAdmin);

    /// <summary>Subtree roots under which a user enters pool entries and recommends candidates: managers.</summary>
    public IReadOnlyList<string> NominationWriteRoots => Roots(Roles.Manager);

    /// <summary>Subtree roots under which campaigns, reviews, award decisions and revocations are administered: selection admins.</summary>
    public IReadOnlyList<string> SelectionAdminRoots => Roots(Roles.SelectionAdmin);

    public bool CanReadNominationsAt(string unitPath) => Covers(NominationReadRoots, unitPath);
    public bool CanWriteNominationsAt(string unitPath) => Covers(NominationWriteRoots, unitPath);
    public bool CanAdministerSelectionAt(string unitPath) => Covers(SelectionAdminRoots, unitPath);

    private IReadOnlyList<string> Roots(params string[] roles) =>
        Minimal(Grants.Where(g => roles.Contains(g.Role)).Select(g => g.OrgUnitPath));

    private static bool Covers(IReadOnlyList<string> roots, string path) =>
        roots.Any(root => path.StartsWith(root, StringComparison.Ordinal));

    // Drops roots that lie inside another root, so a filter has no redundant terms.
    private static List<string> Minimal(IEnumerable<string> paths)
    {
        var sorted = paths.Distinct().OrderBy(p => p.Length).ToList();
        var result = new List<string>();
        foreach (var path in sorted)
        {
            if (!result.Any(r => path.StartsWith(r, StringComparison.Ordinal)))
            {
                result.Add(path);
            }
        }
        return result;
    }
}
