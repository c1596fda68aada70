using Microsoft.AspNetCore.Identity;

namespace Laurel.Web.Data;

/// <summary>A node of the union organisation tree (工会组织). Path is the materialised path of ids, '/1/5/'.</summary>
public sealed class OrgUnit
{
    public long Id { get; set; }
    public long? ParentId { get; set; }
    public string Path { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? RegionCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; } = 1;
}

/// <summary>A person who signs in: a cadre, administrator or auditor. Their powers are role grants at org units.</summary>
public sealed class LaurelUser : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";
    public long OrgUnitId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set by a sysadmin's password reset: the user must choose a new password before anything else.</summary>
    public bool MustChangePassword { get; set; }
    public List<RoleGrant> Grants { get; set; } = [];
}

/// <summary>A role granted to a user at an org unit; it covers the unit's whole subtree.</summary>
public sealed class RoleGrant
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Role { get; set; } = "";
    public long OrgUnitId { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public long? GrantedBy { get; set; }
    /// <summary>The confirmed proposal that created the grant (null for grants older than maker-checker, and the demo's).</summary>
    public long? ProposalId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
}

/// <summary>
/// A role grant one sysadmin proposed (授权申请), pending until another sysadmin confirms or rejects it; it grants nothing
/// before. Status codes as in Laurel.Rules.Access.GrantProposals.
/// </summary>
public sealed class GrantProposal
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Role { get; set; } = "";
    public long OrgUnitId { get; set; }
    public string Status { get; set; } = "pending";
    public long ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public long? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Comment { get; set; }
}

/// <summary>A proposed reset of a user's second factor (db/migrations/0018): one sysadmin proposes, another confirms.</summary>
public sealed class TwoFactorResetRow
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Status { get; set; } = "pending";
    public string Reason { get; set; } = "";
    public long ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public long? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Comment { get; set; }
}

public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public LaurelUser? User { get; set; }
}

/// <summary>One cookie sign-in (db/migrations/0006): the cookie carries the session id, the row its SHA-256.</summary>
public sealed class UserSession
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public byte[] SessionHash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? IpAddress { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public LaurelUser? User { get; set; }
}

/// <summary>
/// The honoree record (劳模档案). The resident ID is held only as ciphertext, keyed hash and masked form; the phone
/// as ciphertext and masked form (the table's plain phone column is emptied at start and never mapped here).
/// OrgUnitId, HukouRegionCode, EmploymentStatus and DiedOn mirror the latest dated facts.
/// </summary>
public sealed class Honoree
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public byte[] ResidentIdCipher { get; set; } = [];
    public byte[] ResidentIdHash { get; set; } = [];
    public string ResidentIdMasked { get; set; } = "";
    public DateOnly BirthDate { get; set; }
    public string Gender { get; set; } = "";
    public byte[]? PhoneCipher { get; set; }
    public string? PhoneMasked { get; set; }
    public long OrgUnitId { get; set; }
    public string HukouRegionCode { get; set; } = "";
    public string? EmploymentStatus { get; set; }
    /// <summary>The employer of the latest employment fact (for the employer search).</summary>
    public string? EmployerName { get; set; }
    public DateOnly? DiedOn { get; set; }
    /// <summary>Keyed hashes of the resident ID's last 4, 5 and 6 characters (suffix search); never the plain digits.</summary>
    public long? ResidentIdTail4Hash { get; set; }
    public long? ResidentIdTail5Hash { get; set; }
    public long? ResidentIdTail6Hash { get; set; }
    /// <summary>Codes of the active honours; maintained by the database from the honours table, never written here.</summary>
    public string[] TitleCodes { get; set; } = [];
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Honour> Honours { get; set; } = [];
    public List<HonoreeFact> Facts { get; set; } = [];
}

/// <summary>One dated fact of an honoree; the columns used depend on Kind.</summary>
public sealed class HonoreeFact
{
    public long Id { get; set; }
    public long HonoreeId { get; set; }
    public string Kind { get; set; } = "";
    public DateOnly EffectiveOn { get; set; }
    public string? EmploymentStatus { get; set; }
    public string? EmployerName { get; set; }
    public string? EmployerType { get; set; }
    public string? PensionScheme { get; set; }
    public decimal? PensionMonthly { get; set; }
    public string? RegionCode { get; set; }
    public long? OrgUnitId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public long? RecordedBy { get; set; }
    /// <summary>When the fact was withdrawn as entered in error (ADR 17); the row stays, computations ignore it.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    public long? WithdrawnBy { get; set; }
    public string? WithdrawalReason { get; set; }
}

/// <summary>One award of a title to an honoree (荣誉).</summary>
public sealed class Honour
{
    public long Id { get; set; }
    public long HonoreeId { get; set; }
    public string TitleCode { get; set; } = "";
    public string? AwardingRegionCode { get; set; }
    public DateOnly AwardedOn { get; set; }
    public string AwardingBody { get; set; } = "";
    public string? DocumentNumber { get; set; }
    public string? CertificateNumber { get; set; }
    public string Status { get; set; } = "active";
    public DateOnly? RevokedOn { get; set; }
    public string? RevocationReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; } = 1;
}

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public long? UserId { get; set; }
    public string? UserName { get; set; }
    public string? IpAddress { get; set; }
    /// <summary>The kind of actor (<see cref="Laurel.Web.Security.ActorKinds"/>); empty on entries older than migration 0012.</summary>
    public string? ActorKind { get; set; }
    public string Action { get; set; } = "";
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Summary { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>A dated parameter value added by a policy administrator, merged over the shipped pack.</summary>
public sealed class PolicyParameterValue
{
    public long Id { get; set; }
    public string PackCode { get; set; } = "";
    public string ParameterName { get; set; } = "";
    public DateOnly EffectiveFrom { get; set; }
    public decimal Value { get; set; }
    public string Reference { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public long? CreatedBy { get; set; }
    /// <summary>When the value was withdrawn (ADR 17); the row stays and is shown as 已撤回, evaluations ignore it.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    public long? WithdrawnBy { get; set; }
    public string? WithdrawalReason { get; set; }
}

/// <summary>An application paid on approval (see db/migrations/0005): honoree, benefit, month, amount, reference.</summary>
public sealed class ApprovedPaymentRow
{
    public long Id { get; set; }
    public long HonoreeId { get; set; }
    public string PackCode { get; set; } = "";
    public string BenefitCode { get; set; } = "";
    public DateOnly Month { get; set; }
    public decimal Amount { get; set; }
    public string Reference { get; set; } = "";
    public DateTimeOffset ApprovedAt { get; set; }
    public long? ApprovedBy { get; set; }
}

/// <summary>
/// The bank account an honoree is paid into, one per honoree. The account name and number are only ciphertext
/// (with the honoree's id inside) and masked forms; BankAccountCipher seals and opens them.
/// </summary>
public sealed class HonoreeBankAccount
{
    public long HonoreeId { get; set; }
    public string BankName { get; set; } = "";
    public byte[] AccountCipher { get; set; } = [];
    public string AccountNameMasked { get; set; } = "";
    public string AccountNumberMasked { get; set; } = "";
    public int Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
    public long? UpdatedBy { get; set; }
}
