namespace Laurel.Rules.Organisation;

/// <summary>Kind of a node in the union organisation tree.</summary>
public enum OrgUnitKind
{
    National,
    Provincial,
    Municipal,
    County,
    Street,
    Industry,
    Grassroots,
}

/// <summary>Stable codes and Chinese names of <see cref="OrgUnitKind"/>.</summary>
public static class OrgUnitKinds
{
    /// <summary>national, provincial, municipal, county, street, industry, grassroots.</summary>
    public static string Code(OrgUnitKind k) => k switch
    {
        OrgUnitKind.National => "national",
        OrgUnitKind.Provincial => "provincial",
        OrgUnitKind.Municipal => "municipal",
        OrgUnitKind.County => "county",
        OrgUnitKind.Street => "street",
        OrgUnitKind.Industry => "industry",
        OrgUnitKind.Grassroots => "grassroots",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };

    /// <summary>The kind of a code; null for null or an unknown code (matched exactly).</summary>
    public static OrgUnitKind? Parse(string? code) => code switch
    {
        "national" => OrgUnitKind.National,
        "provincial" => OrgUnitKind.Provincial,
        "municipal" => OrgUnitKind.Municipal,
        "county" => OrgUnitKind.County,
        "street" => OrgUnitKind.Street,
        "industry" => OrgUnitKind.Industry,
        "grassroots" => OrgUnitKind.Grassroots,
        _ => null,
    };

    /// <summary>全国总工会, 省级总工会, 市级总工会, 区县总工会, 街道/乡镇总工会, 产业工会, 基层工会.</summary>
    public static string ChineseName(OrgUnitKind k) => k switch
    {
        OrgUnitKind.National => "全国总工会",
        OrgUnitKind.Provincial => "省级总工会",
        OrgUnitKind.Municipal => "市级总工会",
        OrgUnitKind.County => "区县总工会",
        OrgUnitKind.Street => "街道/乡镇总工会",
        OrgUnitKind.Industry => "产业工会",
        OrgUnitKind.Grassroots => "基层工会",
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, null),
    };

    /// <summary>
    /// True for the federations of a territory (national, provincial, municipal, county): they need a region code
    /// because the territorial principle assigns honorees to them by place. Street, industry and grassroots unions do not.
    /// </summary>
    public static bool IsTerritorial(OrgUnitKind k) =>
        k is OrgUnitKind.National or OrgUnitKind.Provincial or OrgUnitKind.Municipal or OrgUnitKind.County;
}
