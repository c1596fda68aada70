namespace Laurel.Web.Security;

/// <summary>An object type of audit entries: the code stored (and answered by the API) and its Chinese name.</summary>
public sealed record AuditObjectType(string Code, string Name);

/// <summary>
/// Every object type an audit entry names, in one list: the audit page's filter, its Chinese names and the export are
/// made from <see cref="All"/>, and a test checks that every type the code and the migrations write is in it.
/// </summary>
public static class AuditObjectTypes
{
    public const string Honoree = "honoree";
    public const string HonoreeFact = "honoree_fact";
    public const string Honour = "honour";
    public const string HonoreeBankAccount = "honoree_bank_account";
    public const string ApprovedPayment = "approved_payment";
    public const string PaymentCycle = "payment_cycle";
    public const string PaymentBudget = "payment_budget";
    public const string PolicyParameterValue = "policy_parameter_value";
    public const string OrgUnit = "org_unit";
    public const string User = "user";
    public const string RoleGrant = "role_grant";
    public const string GrantProposal = "grant_proposal";
    public const string TwoFactorReset = "two_factor_reset";
    public const string AuditEntry = "audit_entry";
    public const string CalendarDay = "calendar_day";
    public const string Attachment = "attachment";
    public const string HonourRollConsent = "honour_roll_consent";
    public const string HonourRollProfile = "honour_roll_profile";
    public const string RevocationCase = "revocation_case";
    public const string PoolEntry = "pool_entry";
    public const string PoolReport = "pool_report";
    public const string Campaign = "campaign";
    public const string CampaignQuota = "campaign_quota";
    public const string Candidate = "candidate";
    public const string FirstReview = "first_review";
    public const string ReviewOpinion = "review_opinion";
    public const string OpinionOverride = "opinion_override";
    public const string Notice = "notice";
    public const string Objection = "objection";
    public const string ObjectionNote = "objection_note";
    public const string AwardDecision = "award_decision";

    public static IReadOnlyList<AuditObjectType> All { get; } =
    [
        new(Honoree, "劳模档案"),
        new(HonoreeFact, "档案事实"),
        new(Honour, "荣誉"),
        new(HonoreeBankAccount, "银行账户"),
        new(ApprovedPayment, "批准发放记录"),
        new(PaymentCycle, "发放批次"),
        new(PaymentBudget, "专项经费（预算）"),
        new(PolicyParameterValue, "政策参数"),
        new(OrgUnit, "单位"),
        new(User, "用户"),
        new(RoleGrant, "角色授权"),
        new(GrantProposal, "授权申请"),
        new(TwoFactorReset, "双因素认证重置申请"),
        new(AuditEntry, "审计日志"),
        new(CalendarDay, "节假日与调休"),
        new(Attachment, "附件"),
        new(HonourRollConsent, "光荣榜公开同意"),
        new(HonourRollProfile, "光荣榜照片与事迹"),
        new(RevocationCase, "撤销（恢复）称号案件"),
        new(PoolEntry, "优秀职工信息"),
        new(PoolReport, "信息库上报"),
        new(Campaign, "评选活动"),
        new(CampaignQuota, "推荐名额"),
        new(Candidate, "推荐人选"),
        new(FirstReview, "审核一（同级党委意见）"),
        new(ReviewOpinion, "审核二（部门意见）"),
        new(OpinionOverride, "不同意意见后继续推荐的决定"),
        new(Notice, "公示"),
        new(Objection, "公示异议"),
        new(ObjectionNote, "异议调查记录"),
        new(AwardDecision, "表彰决定"),
    ];

    private static readonly Dictionary<string, string> Names = All.ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Names.ContainsKey(code);

    /// <summary>The Chinese name; a code missing from the list (a test keeps there being none) is shown as it is.</summary>
    public static string ChineseName(string? code) => code is null ? "" : Names.GetValueOrDefault(code, code);
}
