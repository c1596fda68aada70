using Laurel.Rules.Calendar;

namespace Laurel.Rules.Honours;

/// <summary>
/// The grounds of a revocation (退出机制, nmg-2026): a model worker who 弄虚作假、触犯法律、违纪、受到处分 loses the title
/// and every benefit of it. Codes are stored and answered by the API.
/// </summary>
public enum RevocationGround { Fraud, Crime, Discipline, Sanction }

/// <summary>What a case asks: to revoke an active honour, or to reinstate a revoked one.</summary>
public enum RevocationKind { Revocation, Reinstatement }

/// <summary>
/// The states of a case: proposed by a manager, then decided (the honour is revoked, or reinstated) or rejected by a
/// selection admin of the awarding level. Decided and rejected are final: a case is never reopened, a new one is made.
/// </summary>
public enum RevocationStatus { Proposed, Decided, Rejected }

public enum RevocationAction { Decide, Reject }

/// <summary>The kind of org unit a decider's unit is looked up from (the part of the tree the rule needs).</summary>
public sealed record RevocationUnit(long Id, long? ParentId, string Kind, string? RegionCode, int Depth);

public static class RevocationRules
{
    /// <summary>The most characters of a case's evidence text (证据材料); attachments come from the attachment store.</summary>
    public const int MaxEvidence = 3000;

    /// <summary>The most characters of a rejection's reason.</summary>
    public const int MaxReason = 500;

    /// <summary>The most characters of a decision's document number (文号).</summary>
    public const int MaxDocumentNumber = 100;

    public static IReadOnlyList<RevocationGround> AllGrounds { get; } =
        [RevocationGround.Fraud, RevocationGround.Crime, RevocationGround.Discipline, RevocationGround.Sanction];

    public static string Code(RevocationGround g) => g switch
    {
        RevocationGround.Fraud => "fraud",
        RevocationGround.Crime => "crime",
        RevocationGround.Discipline => "discipline",
        RevocationGround.Sanction => "sanction",
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    public static RevocationGround? ParseGround(string? code) => code switch
    {
        "fraud" => RevocationGround.Fraud,
        "crime" => RevocationGround.Crime,
        "discipline" => RevocationGround.Discipline,
        "sanction" => RevocationGround.Sanction,
        _ => null,
    };

    /// <summary>The words of nmg-2026.</summary>
    public static string ChineseName(RevocationGround g) => g switch
    {
        RevocationGround.Fraud => "弄虚作假",
        RevocationGround.Crime => "触犯法律",
        RevocationGround.Discipline => "违纪",
        RevocationGround.Sanction => "受到处分",
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    /// <summary>The Chinese name of a stored ground code; the code itself when unknown, empty for none.</summary>
    public static string GroundName(string? code) => ParseGround(code) is { } g ? ChineseName(g) : code ?? "";

    public static string Code(RevocationKind k) => k == RevocationKind.Revocation ? "revocation" : "reinstatement";

    public static RevocationKind? ParseKind(string? code) => code switch
    {
        "revocation" => RevocationKind.Revocation,
        "reinstatement" => RevocationKind.Reinstatement,
        _ => null,
    };

    public static string ChineseName(RevocationKind k) => k == RevocationKind.Revocation ? "撤销称号" : "恢复称号";

    public static string KindName(string? code) => ParseKind(code) is { } k ? ChineseName(k) : code ?? "";

    public static string Code(RevocationStatus s) => s switch
    {
        RevocationStatus.Proposed => "proposed",
        RevocationStatus.Decided => "decided",
        RevocationStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static RevocationStatus? ParseStatus(string? code) => code switch
    {
        "proposed" => RevocationStatus.Proposed,
        "decided" => RevocationStatus.Decided,
        "rejected" => RevocationStatus.Rejected,
        _ => null,
    };

    /// <summary>The state as the pages show it; a decided case names what was decided.</summary>
    public static string ChineseName(RevocationStatus s, RevocationKind k) => s switch
    {
        RevocationStatus.Proposed => "待审核",
        RevocationStatus.Decided => k == RevocationKind.Revocation ? "已决定撤销" : "已决定恢复",
        RevocationStatus.Rejected => "已驳回",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string StatusName(string? status, string? kind) =>
        ParseStatus(status) is { } s && ParseKind(kind) is { } k ? ChineseName(s, k) : status ?? "";

    /// <summary>The state after an action, or why the action is refused in this state.</summary>
    public static (RevocationStatus? Next, string? Refusal) Next(RevocationStatus current, RevocationAction action) => current switch
    {
        RevocationStatus.Proposed => (action == RevocationAction.Decide ? RevocationStatus.Decided : RevocationStatus.Rejected, null),
        RevocationStatus.Decided => (null, "该案件已作出决定，不能再次处理；如需改变，请另行提出恢复或撤销申请"),
        RevocationStatus.Rejected => (null, "该案件已驳回，不能再次处理；如有新的情况，请重新提出申请"),
        _ => throw new ArgumentOutOfRangeException(nameof(current)),
    };

    /// <summary>
    /// Why a case of this kind cannot be opened on an honour in this status: a revocation needs an active honour, a
    /// reinstatement a revoked one. Null when it can.
    /// </summary>
    public static string? OpeningRefusal(RevocationKind kind, bool honourRevoked) => (kind, honourRevoked) switch
    {
        (RevocationKind.Revocation, true) => "该荣誉已被撤销，不能再次申请撤销；如需恢复，请提出恢复称号申请",
        (RevocationKind.Reinstatement, false) => "该荣誉现为有效状态，无需恢复",
        _ => null,
    };

    /// <summary>
    /// Maker-checker (两人办理): the one who proposed a case does not decide or reject it. Null when the decider may.
    /// </summary>
    public static string? DeciderRefusal(long proposedBy, long decider) =>
        proposedBy == decider ? "提出申请的人不能审核本人提出的案件，请由评选管理员中的另一人审核决定" : null;

    /// <summary>
    /// The effective date of a decision (生效日期). A revocation may take effect in the past — from the date the
    /// misconduct was established, so that the payment corrections recover what was paid since — but not before the
    /// honour was awarded, and not after the day of the decision: a decision takes effect when it is made or earlier,
    /// never as a scheduled future change (a later date would leave an honour that is active yet already decided
    /// revoked). A reinstatement takes effect not before the revocation it ends and not after today. Null when fine.
    /// </summary>
    public static string? EffectiveDateRefusal(RevocationKind kind, DateOnly effectiveOn, DateOnly awardedOn, DateOnly? revokedOn, DateOnly today)
    {
        if (DateBounds.CheckFactDate(effectiveOn, today) is { } problem)
        {
            return "生效" + problem;
        }
        if (effectiveOn < awardedOn)
        {
            return $"生效日期不能早于荣誉授予日期 {awardedOn:yyyy-MM-dd}";
        }
        if (kind == RevocationKind.Reinstatement && revokedOn is { } revoked && effectiveOn < revoked)
        {
            return $"恢复的生效日期不能早于撤销日期 {revoked:yyyy-MM-dd}";
        }
        return null;
    }

    /// <summary>The revocation reason the honour carries (honours.revocation_reason): the grounds and the decision's 文号.</summary>
    public static string HonourReason(RevocationGround ground, string documentNumber) =>
        $"因{ChineseName(ground)}，依{documentNumber}撤销称号";

    /// <summary>
    /// The unit whose selection admins decide a case on an honour (the awarding level): the territorial federation of
    /// the honour's awarding region when the tree has one (the shallowest, then the lowest id, should two carry the
    /// code); otherwise — a national title, or a region the tree does not hold — the nearest territorial federation
    /// (national, provincial, municipal or county) at or above the honoree's managing unit. Null when neither exists.
    /// </summary>
    public static long? AwardingUnit(string? awardingRegionCode, long managingUnitId, IReadOnlyList<RevocationUnit> units)
    {
        if (awardingRegionCode is not null)
        {
            var regional = units.Where(u => u.RegionCode == awardingRegionCode && IsFederation(u.Kind))
                .OrderBy(u => u.Depth).ThenBy(u => u.Id).FirstOrDefault();
            if (regional is not null)
            {
                return regional.Id;
            }
        }
        var byId = units.ToDictionary(u => u.Id);
        for (long? id = managingUnitId; id is { } current && byId.TryGetValue(current, out var unit); id = unit.ParentId)
        {
            if (IsFederation(unit.Kind))
            {
                return unit.Id;
            }
        }
        return null;
    }

    /// <summary>A territorial federation (总工会) of the tree: the national one or one of a region.</summary>
    public static bool IsFederation(string kind) => kind is "national" or "provincial" or "municipal" or "county";
}
