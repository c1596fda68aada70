using Laurel.Rules.Identity;

namespace Laurel.Rules.Honours;

/// <summary>A title that can be awarded: stable code, generic Chinese name (省级劳动模范) and level.</summary>
public sealed record Title(string Code, string Name, HonourLevel Level);

/// <summary>
/// The fixed catalogue of titles, and how a title reads once the awarding region is known
/// (市级劳动模范 awarded by 铁岭市 reads 铁岭市劳动模范).
/// </summary>
public static class TitleCatalogue
{
    // The honour without its level prefix, used to build the regional display name.
    private static readonly Dictionary<string, string> RegionalNouns = new(StringComparer.Ordinal)
    {
        ["provincial_model_worker"] = "劳动模范",
        ["provincial_advanced_worker"] = "先进工作者",
        ["provincial_may_day_medal"] = "五一劳动奖章",
        ["municipal_model_worker"] = "劳动模范",
        ["municipal_special_model_worker"] = "特等劳动模范",
        ["municipal_advanced_worker"] = "先进工作者",
        ["municipal_may_day_medal"] = "五一劳动奖章",
        ["county_model_worker"] = "劳动模范",
    };

    // Craftsman titles are regional brands rather than "<region> + noun"; a few regions have their own brand name.
    private static readonly Dictionary<string, string> CraftsmanBrands = new(StringComparer.Ordinal)
    {
        ["150000"] = "北疆工匠",
    };

    private static readonly HashSet<string> CraftsmanCodes = new(StringComparer.Ordinal)
    {
        "provincial_craftsman",
        "municipal_craftsman",
    };

    /// <summary>Every title, national first, in a stable order.</summary>
    public static IReadOnlyList<Title> All { get; } =
    [
        new("national_model_worker", "全国劳动模范", HonourLevel.National),
        new("national_advanced_worker", "全国先进工作者", HonourLevel.National),
        new("national_may_day_medal", "全国五一劳动奖章", HonourLevel.National),
        new("china_skill_award", "中华技能大奖", HonourLevel.National),
        new("national_technical_expert", "全国技术能手", HonourLevel.National),
        new("provincial_model_worker", "省级劳动模范", HonourLevel.Provincial),
        new("provincial_advanced_worker", "省级先进工作者", HonourLevel.Provincial),
        new("provincial_may_day_medal", "省级五一劳动奖章", HonourLevel.Provincial),
        new("provincial_craftsman", "省级工匠", HonourLevel.Provincial),
        new("municipal_model_worker", "市级劳动模范", HonourLevel.Municipal),
        new("municipal_special_model_worker", "市级特等劳动模范", HonourLevel.Municipal),
        new("municipal_advanced_worker", "市级先进工作者", HonourLevel.Municipal),
        new("municipal_may_day_medal", "市级五一劳动奖章", HonourLevel.Municipal),
        new("municipal_craftsman", "市级工匠", HonourLevel.Municipal),
        new("county_model_worker", "区县级劳动模范", HonourLevel.County),
    ];

    private static readonly Dictionary<string, Title> ByCode = All.ToDictionary(t => t.Code, StringComparer.Ordinal);

    private static readonly Dictionary<string, ulong> Bits =
        All.Select((t, i) => (t.Code, Bit: 1UL << i)).ToDictionary(x => x.Code, x => x.Bit, StringComparer.Ordinal);

    /// <summary>A bit of its own for each catalogue title (0 for a title not in the catalogue), for sets of titles as masks.</summary>
    public static ulong Bit(Title? title) => title is not null && Bits.TryGetValue(title.Code, out var bit) ? bit : 0;

    /// <summary>The title with this exact code, or null.</summary>
    public static Title? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code);

    /// <summary>
    /// The name as it reads on the certificate: provincial_model_worker + 150000 → 内蒙古自治区劳动模范,
    /// municipal_craftsman + 211200 → 铁岭工匠 (city name without 市), provincial_craftsman + 150000 → 北疆工匠
    /// (Inner Mongolia's brand; other provinces: short name + 工匠, 辽宁工匠).
    /// Edge cases: national titles ignore the region; a region missing from the name table, or one whose level
    /// does not fit the title (see <see cref="CheckAwardingRegion"/>), gives the catalogue name.
    /// </summary>
    public static string DisplayName(Title title, string? awardingRegionCode)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (title.Level == HonourLevel.National || awardingRegionCode is null || CheckAwardingRegion(title, awardingRegionCode) is not null)
            return title.Name;

        var regionName = Regions.NameOf(awardingRegionCode);
        if (regionName is null)
            return title.Name;

        if (CraftsmanCodes.Contains(title.Code))
        {
            if (CraftsmanBrands.TryGetValue(awardingRegionCode, out var brand))
                return brand;
            var shortName = title.Level == HonourLevel.Provincial
                ? Regions.ProvinceShortName(awardingRegionCode)!
                : CityShortName(regionName);
            return shortName + "工匠";
        }

        return RegionalNouns.TryGetValue(title.Code, out var noun) ? regionName + noun : title.Name;
    }

    /// <summary>
    /// Whether the awarding region fits the title's level: none for a national title; a province code (xx0000) for a
    /// provincial one, a city code (xxxx00, not a province) for a municipal one, a county code (not ending in 00)
    /// for a county one. Null when fine, else a Chinese message.
    /// </summary>
    public static string? CheckAwardingRegion(Title title, string? awardingRegionCode)
    {
        ArgumentNullException.ThrowIfNull(title);
        var blank = string.IsNullOrWhiteSpace(awardingRegionCode);
        if (title.Level == HonourLevel.National)
            return blank ? null : "全国性称号不应填写授予地区";
        if (blank)
            return "请填写授予地区";
        if (!Regions.IsValidCode(awardingRegionCode))
            return "地区码无效";

        return title.Level switch
        {
            HonourLevel.Provincial when !Regions.IsProvinceLevel(awardingRegionCode) => "省级称号的授予地区应为省级地区",
            HonourLevel.Municipal when !Regions.IsCityLevel(awardingRegionCode) => "市级称号的授予地区应为市级地区",
            HonourLevel.County when !Regions.IsCountyLevel(awardingRegionCode) => "区县级称号的授予地区应为区县级地区",
            _ => null,
        };
    }

    // 铁岭市 → 铁岭; a name without the suffix (兴安盟) stays whole.
    private static string CityShortName(string cityName) =>
        cityName.Length > 2 && cityName.EndsWith('市') ? cityName[..^1] : cityName;
}
