using Laurel.Rules.Identity;

namespace Laurel.Rules.Registry;

/// <summary>Employment status of an honoree at a date.</summary>
public enum EmploymentStatus
{
    Employed,
    Retired,
    Unemployed,
}

/// <summary>Kind of employer; the civil service and public institutions matter because advanced workers come from them.</summary>
public enum EmployerType
{
    Government,
    PublicInstitution,
    Enterprise,
    Other,
}

/// <summary>Pension scheme the honoree draws from; top-up rules compare against the pension.</summary>
public enum PensionScheme
{
    CivilService,
    Enterprise,
    Resident,
    None,
}

/// <summary>Kind of a dated fact; at most one of each kind holds at a date.</summary>
public enum FactKind
{
    Employment,
    Pension,
    Hukou,
    OrgUnit,
    Death,
}

/// <summary>
/// Stable codes (stored and sent over the API) and Chinese names of the registry enums.
/// Parse methods match codes exactly and return null for null or an unknown code.
/// </summary>
public static class FactCodes
{
    public static string Code(EmploymentStatus s) => s switch
    {
        EmploymentStatus.Employed => "employed",
        EmploymentStatus.Retired => "retired",
        EmploymentStatus.Unemployed => "unemployed",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static EmploymentStatus? ParseEmploymentStatus(string? code) => code switch
    {
        "employed" => EmploymentStatus.Employed,
        "retired" => EmploymentStatus.Retired,
        "unemployed" => EmploymentStatus.Unemployed,
        _ => null,
    };

    /// <summary>在职 / 退休 / 失业.</summary>
    public static string ChineseName(EmploymentStatus s) => s switch
    {
        EmploymentStatus.Employed => "在职",
        EmploymentStatus.Retired => "退休",
        EmploymentStatus.Unemployed => "失业",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string Code(EmployerType t) => t switch
    {
        EmployerType.Government => "government",
        EmployerType.PublicInstitution => "public_institution",
        EmployerType.Enterprise => "enterprise",
        EmployerType.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    public static EmployerType? ParseEmployerType(string? code) => code switch
    {
        "government" => EmployerType.Government,
        "public_institution" => EmployerType.PublicInstitution,
        "enterprise" => EmployerType.Enterprise,
        "other" => EmployerType.Other,
        _ => null,
    };

    /// <summary>机关 / 事业单位 / 企业 / 其他.</summary>
    public static string ChineseName(EmployerType t) => t switch
    {
        EmployerType.Government => "机关",
        EmployerType.PublicInstitution => "事业单位",
        EmployerType.Enterprise => "企业",
        EmployerType.Other => "其他",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    public static string Code(PensionScheme p) => p switch
    {
        PensionScheme.CivilService => "civil_service",
        PensionScheme.Enterprise => "enterprise",
        PensionScheme.Resident => "resident",
        PensionScheme.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static PensionScheme? ParsePensionScheme(string? code) => code switch
    {
        "civil_service" => PensionScheme.CivilService,
        "enterprise" => PensionScheme.Enterprise,
        "resident" => PensionScheme.Resident,
        "none" => PensionScheme.None,
        _ => null,
    };

    /// <summary>机关事业养老 / 企业职工养老 / 城乡居民养老 / 无.</summary>
    public static string ChineseName(PensionScheme p) => p switch
    {
        PensionScheme.CivilService => "机关事业养老",
        PensionScheme.Enterprise => "企业职工养老",
        PensionScheme.Resident => "城乡居民养老",
        PensionScheme.None => "无",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static string Code(FactKind k) => k switch
    {
        FactKind.Employment => "employment",
        FactKind.Pension => "pension",
        FactKind.Hukou => "hukou",
        FactKind.OrgUnit => "org_unit",
        FactKind.Death => "death",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };

    public static FactKind? ParseFactKind(string? code) => code switch
    {
        "employment" => FactKind.Employment,
        "pension" => FactKind.Pension,
        "hukou" => FactKind.Hukou,
        "org_unit" => FactKind.OrgUnit,
        "death" => FactKind.Death,
        _ => null,
    };

    /// <summary>
    /// 就业状况 / 养老保险 / 户籍 / 管理单位 / 去世: the one Chinese name of a fact kind (timeline, audit summaries).
    /// </summary>
    public static string ChineseName(FactKind k) => k switch
    {
        FactKind.Employment => "就业状况",
        FactKind.Pension => "养老保险",
        FactKind.Hukou => "户籍",
        FactKind.OrgUnit => "管理单位",
        FactKind.Death => "去世",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };

    /// <summary>The Chinese name of a stored fact kind code; an unknown code is shown as it is.</summary>
    public static string KindName(string kind) => ParseFactKind(kind) is { } k ? ChineseName(k) : kind;

    /// <summary>The code of the event that records a new fact of a kind (the honoree detail page's event form, the API).</summary>
    public static string EventCode(FactKind k) => k == FactKind.Death ? "died" : Code(k) + "_changed";

    /// <summary>就业变动 / 养老保险变动 / 户籍迁移 / 管理单位变更 / 去世: the event that records a new fact of a kind.</summary>
    public static string EventName(FactKind k) => k switch
    {
        FactKind.Employment => "就业变动",
        FactKind.Pension => "养老保险变动",
        FactKind.Hukou => "户籍迁移",
        FactKind.OrgUnit => "管理单位变更",
        FactKind.Death => "去世",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };

    /// <summary>"在职、退休或失业": Chinese names joined as a message lists the choices.</summary>
    public static string ChoiceList(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join("、", list.Take(list.Count - 1)) + "或" + list[^1];
    }

    /// <summary>在职、退休或失业.</summary>
    public static string EmploymentStatusChoices => ChoiceList(Enum.GetValues<EmploymentStatus>().Select(ChineseName));

    /// <summary>机关、事业单位、企业或其他.</summary>
    public static string EmployerTypeChoices => ChoiceList(Enum.GetValues<EmployerType>().Select(ChineseName));

    /// <summary>机关事业养老、企业职工养老、城乡居民养老或无.</summary>
    public static string PensionSchemeChoices => ChoiceList(Enum.GetValues<PensionScheme>().Select(ChineseName));

    /// <summary>就业变动、养老保险变动、户籍迁移、管理单位变更或去世.</summary>
    public static string EventChoices => ChoiceList(Enum.GetValues<FactKind>().Select(EventName));

    /// <summary>male / female, as stored (honorees.gender).</summary>
    public static string Code(Gender g) => g switch
    {
        Gender.Male => "male",
        Gender.Female => "female",
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, null),
    };

    public static Gender? ParseGender(string? code) => code switch
    {
        "male" => Gender.Male,
        "female" => Gender.Female,
        _ => null,
    };

    /// <summary>男 / 女.</summary>
    public static string ChineseName(Gender g) => g switch
    {
        Gender.Male => "男",
        Gender.Female => "女",
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, null),
    };
}
