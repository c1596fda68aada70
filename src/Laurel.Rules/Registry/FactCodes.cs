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

    /// <summary>就业 / 养老金 / 户籍 / 所属工会 / 去世.</summary>
    public static string ChineseName(FactKind k) => k switch
    {
        FactKind.Employment => "就业",
        FactKind.Pension => "养老金",
        FactKind.Hukou => "户籍",
        FactKind.OrgUnit => "所属工会",
        FactKind.Death => "去世",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };
}
