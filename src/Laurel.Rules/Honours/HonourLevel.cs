namespace Laurel.Rules.Honours;

/// <summary>Level of the awarding body. Smaller is higher, so ordering by the value ranks honours.</summary>
public enum HonourLevel
{
    National = 1,
    Provincial = 2,
    Municipal = 3,
    County = 4,
}

/// <summary>Stable codes (stored and sent over the API) and Chinese names of <see cref="HonourLevel"/>.</summary>
public static class HonourLevels
{
    /// <summary>national | provincial | municipal | county.</summary>
    public static string Code(HonourLevel l) => l switch
    {
        HonourLevel.National => "national",
        HonourLevel.Provincial => "provincial",
        HonourLevel.Municipal => "municipal",
        HonourLevel.County => "county",
        _ => throw new ArgumentOutOfRangeException(nameof(l), l, null),
    };

    /// <summary>The level of a code; null for null or an unknown code. Codes are matched exactly (lower case, no spaces).</summary>
    public static HonourLevel? Parse(string? code) => code switch
    {
        "national" => HonourLevel.National,
        "provincial" => HonourLevel.Provincial,
        "municipal" => HonourLevel.Municipal,
        "county" => HonourLevel.County,
        _ => null,
    };

    /// <summary>全国 / 省部级 / 市级 / 区县级.</summary>
    public static string ChineseName(HonourLevel l) => l switch
    {
        HonourLevel.National => "全国",
        HonourLevel.Provincial => "省部级",
        HonourLevel.Municipal => "市级",
        HonourLevel.County => "区县级",
        _ => throw new ArgumentOutOfRangeException(nameof(l), l, null),
    };
}
