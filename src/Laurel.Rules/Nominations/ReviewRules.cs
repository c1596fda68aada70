namespace Laurel.Rules.Nominations;

/// <summary>A department's current opinion on a candidate, as the gate counts it: agrees, or disagrees with or without an approved override.</summary>
public sealed record OpinionStanding(string Department, bool Agrees, bool Overridden);

/// <summary>
/// The two reviews (两审核, issue 12 §3, ADR 25): what a candidate must have before leaving first_review (the party
/// committee's consent) and second_review (an opinion of every required department, and no disagreement without an
/// approved override). One computation for the gate and for the candidate's page and API, so the two cannot differ.
/// </summary>
public static class ReviewRules
{
    public const string Agree = "agree";
    public const string Disagree = "disagree";

    public const int MaxName = 100;
    public const int MaxSigner = 50;
    public const int MaxDocument = 100;
    public const int MaxText = 1000;

    public static bool IsOpinion(string? code) => code is Agree or Disagree;

    public static string OpinionName(string code) => code switch
    {
        Agree => "同意",
        Disagree => "不同意",
        _ => code,
    };

    public static string OverrideStatusName(string status) => status switch
    {
        "proposed" => "待批准",
        "approved" => "已批准",
        "rejected" => "已驳回",
        _ => status,
    };

    /// <summary>
    /// The departments whose opinion the candidate needs, in the campaign's order: every listed department for an
    /// enterprise head or an official (issue 12 §3.5), otherwise those the campaign marks as required for all candidates.
    /// </summary>
    public static IReadOnlyList<string> RequiredDepartments(string category, IReadOnlyList<string> listed, IReadOnlySet<string> requiredForAll) =>
        NominationCodes.FullReviewCategories.Contains(category) ? listed : listed.Where(requiredForAll.Contains).ToList();

    /// <summary>"缺少纪检监察机关意见": a missing department's opinion named as the refusal names it.</summary>
    public static string MissingOpinion(string department) =>
        department.EndsWith("机关", StringComparison.Ordinal) || department.EndsWith("部门", StringComparison.Ordinal)
            ? $"缺少{department}意见"
            : $"缺少{department}机关意见";

    public const string MissingConsent = "缺少同级党委同意意见（审核一）";

    public const string StaleConsent = "同级党委同意意见早于该人选本次进入审核一（退回重办），须更正后重新记录";

    /// <summary>
    /// What review one still lacks: the consent of the party committee, or nothing. A consent recorded before the
    /// candidate last entered first_review (it went back to redo the step) does not count.
    /// </summary>
    public static IReadOnlyList<string> FirstReviewMissing(bool hasConsent, bool consentBeforeEntry = false) =>
        !hasConsent ? [MissingConsent] : consentBeforeEntry ? [StaleConsent] : [];

    /// <summary>
    /// What review two still lacks: each required department without an opinion, then each disagreement (of any
    /// department) without an approved override. The caller passes only the opinions recorded since the candidate last
    /// entered second_review.
    /// </summary>
    public static IReadOnlyList<string> SecondReviewMissing(IReadOnlyList<string> required, IReadOnlyList<OpinionStanding> opinions)
    {
        var missing = required.Where(d => !opinions.Any(o => o.Department == d)).Select(MissingOpinion).ToList();
        missing.AddRange(opinions.Where(o => !o.Agrees && !o.Overridden)
            .Select(o => $"{o.Department}意见为不同意，尚无两名评选管理员作出的继续推荐决定"));
        return missing;
    }

    /// <summary>Whether the reviews guard leaving <paramref name="state"/>.</summary>
    public static bool Guards(CandidateState state) => state is CandidateState.FirstReview or CandidateState.SecondReview;

    /// <summary>Null when nothing is missing; otherwise the Chinese sentence the gate answers.</summary>
    public static string? Refusal(CandidateState leaving, IReadOnlyList<string> missing) =>
        missing.Count == 0
            ? null
            : $"{(leaving == CandidateState.FirstReview ? "审核一" : "审核二")}尚未完成，不能进入下一步：{string.Join("；", missing)}。";
}
