namespace Laurel.Rules.Nominations;

/// <summary>A code and its Chinese name: the choices of a form, the values of the API.</summary>
public sealed record CodeName(string Code, string Name);

/// <summary>The fixed vocabularies of nominations: candidate categories, how a pool entry was selected, meeting kinds.</summary>
public static class NominationCodes
{
    /// <summary>Candidate categories of the composition rules (issue 12 §2).</summary>
    public static IReadOnlyList<CodeName> Categories { get; } =
    [
        new("frontline_worker", "一线职工"),
        new("technician", "专业技术人员"),
        new("migrant_worker", "农民工"),
        new("non_public", "非公企业"),
        new("enterprise_head", "企业负责人"),
        new("official", "党政机关（含群众团体）领导干部"),
    ];

    /// <summary>How a pool entry came to the pool (优秀职工信息库, issue 12 §1).</summary>
    public static IReadOnlyList<CodeName> SelectionKinds { get; } =
    [
        new("may_day_award", "五一表彰"),
        new("skill_contest_champion", "技能大赛冠军"),
        new("post_expert", "岗位能手"),
        new("business_leader", "业务带头人"),
        new("other", "其他"),
    ];

    /// <summary>The meeting that held the democratic recommendation (民主推荐).</summary>
    public static IReadOnlyList<CodeName> MeetingKinds { get; } =
    [
        new("workers_congress", "职工代表大会"),
        new("general_meeting", "职工大会"),
        new("group_meeting", "小组会议"),
    ];

    /// <summary>Categories whose candidates every listed department must review (审核二, issue 12 §3.5).</summary>
    public static IReadOnlyList<string> FullReviewCategories { get; } = ["enterprise_head", "official"];

    /// <summary>The departments a campaign consults by default (editable per campaign).</summary>
    public static IReadOnlyList<string> DefaultDepartments { get; } = ["纪检监察", "组织人事", "公安", "市场监管", "税务", "生态环境", "应急管理"];

    public static string? Name(IReadOnlyList<CodeName> list, string? code) => list.FirstOrDefault(c => c.Code == code)?.Name;

    public static bool IsKnown(IReadOnlyList<CodeName> list, string? code) => Name(list, code) is not null;

    /// <summary>"一线职工、专业技术人员…": the choices for a message.</summary>
    public static string Choices(IReadOnlyList<CodeName> list) => string.Join("、", list.Select(c => c.Name));
}
