using System.Diagnostics.CodeAnalysis;

namespace Laurel.Rules.Identity;

/// <summary>
/// Region codes of GB/T 2260: six digits, two each for province, city and county
/// (150000 内蒙古自治区 → 150100 呼和浩特市 → 150102 新城区).
/// </summary>
/// <remarks>
/// The hierarchy is read from the digits alone: a code ending in 0000 is province-level, one ending in 00 is
/// city-level, anything else is county-level. Municipalities directly under the central government
/// (11 北京, 12 天津, 31 上海, 50 重庆) follow the same digit rule, so 110105 朝阳区 lies in 110100 and in 110000.
/// The name table is deliberately partial (all provinces and the cities and counties the platform meets);
/// a code missing from it is still valid, it just has no name here.
/// </remarks>
public static class Regions
{
    // The 34 province-level divisions, with the short name used in brands such as 辽宁工匠.
    private static readonly Dictionary<string, (string Name, string ShortName)> Provinces = new(StringComparer.Ordinal)
    {
        ["11"] = ("北京市", "北京"),
        ["12"] = ("天津市", "天津"),
        ["13"] = ("河北省", "河北"),
        ["14"] = ("山西省", "山西"),
        ["15"] = ("内蒙古自治区", "内蒙古"),
        ["21"] = ("辽宁省", "辽宁"),
        ["22"] = ("吉林省", "吉林"),
        ["23"] = ("黑龙江省", "黑龙江"),
        ["31"] = ("上海市", "上海"),
        ["32"] = ("江苏省", "江苏"),
        ["33"] = ("浙江省", "浙江"),
        ["34"] = ("安徽省", "安徽"),
        ["35"] = ("福建省", "福建"),
        ["36"] = ("江西省", "江西"),
        ["37"] = ("山东省", "山东"),
        ["41"] = ("河南省", "河南"),
        ["42"] = ("湖北省", "湖北"),
        ["43"] = ("湖南省", "湖南"),
        ["44"] = ("广东省", "广东"),
        ["45"] = ("广西壮族自治区", "广西"),
        ["46"] = ("海南省", "海南"),
        ["50"] = ("重庆市", "重庆"),
        ["51"] = ("四川省", "四川"),
        ["52"] = ("贵州省", "贵州"),
        ["53"] = ("云南省", "云南"),
        ["54"] = ("西藏自治区", "西藏"),
        ["61"] = ("陕西省", "陕西"),
        ["62"] = ("甘肃省", "甘肃"),
        ["63"] = ("青海省", "青海"),
        ["64"] = ("宁夏回族自治区", "宁夏"),
        ["65"] = ("新疆维吾尔自治区", "新疆"),
        ["71"] = ("台湾省", "台湾"),
        ["81"] = ("香港特别行政区", "香港"),
        ["82"] = ("澳门特别行政区", "澳门"),
    };

    // Cities and counties below province level (real GB/T 2260 codes).
    private static readonly Dictionary<string, string> Places = new(StringComparer.Ordinal)
    {
        ["110101"] = "东城区",
        ["110102"] = "西城区",
        ["110105"] = "朝阳区",
        ["110108"] = "海淀区",
        ["130100"] = "石家庄市",
        ["131000"] = "廊坊市",
        ["140100"] = "太原市",
        ["140200"] = "大同市",
        ["150100"] = "呼和浩特市",
        ["150102"] = "新城区",
        ["150105"] = "赛罕区",
        ["150200"] = "包头市",
        ["150203"] = "昆都仑区",
        ["150300"] = "乌海市",
        ["150400"] = "赤峰市",
        ["150500"] = "通辽市",
        ["150600"] = "鄂尔多斯市",
        ["210100"] = "沈阳市",
        ["210200"] = "大连市",
        ["211200"] = "铁岭市",
        ["211202"] = "银州区",
        ["211221"] = "铁岭县",
        ["211282"] = "开原市",
        ["320100"] = "南京市",
        ["320500"] = "苏州市",
        ["320506"] = "吴中区",
        ["330100"] = "杭州市",
        ["330700"] = "金华市",
        ["440100"] = "广州市",
        ["440300"] = "深圳市",
        ["440305"] = "南山区",
    };

    /// <summary>All 34 province-level codes in the xx0000 form, in code order.</summary>
    public static IReadOnlyList<string> ProvinceCodes { get; } =
        [.. Provinces.Keys.Order(StringComparer.Ordinal).Select(p => p + "0000")];

    /// <summary>True for the two leading digits of one of the 34 province-level divisions (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82).</summary>
    public static bool IsValidProvincePrefix(string twoDigits) =>
        twoDigits is { Length: 2 } && Provinces.ContainsKey(twoDigits);

    /// <summary>
    /// True for six ASCII digits starting with a valid province prefix. Edge case: full-width digits
    /// (１５００００) and surrounding spaces are rejected; callers trim and normalise first.
    /// </summary>
    public static bool IsValidCode([NotNullWhen(true)] string? code) =>
        code is { Length: 6 }
        && !code.AsSpan().ContainsAnyExceptInRange('0', '9')
        && ValidPrefixes[(code[0] - '0') * 10 + (code[1] - '0')];

    // Indexed by the two-digit prefix, so that checking a code allocates nothing (it runs for every pack and person).
    private static readonly bool[] ValidPrefixes = BuildValidPrefixes();

    private static bool[] BuildValidPrefixes()
    {
        var table = new bool[100];
        foreach (var prefix in Provinces.Keys)
        {
            table[int.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture)] = true;
        }
        return table;
    }

    /// <summary>Chinese name of a code from the built-in table (full official name), or null when the code is not in it.</summary>
    public static string? NameOf(string code)
    {
        if (!IsValidCode(code))
            return null;
        if (IsProvinceLevel(code))
            return Provinces[code[..2]].Name;
        return Places.GetValueOrDefault(code);
    }

    /// <summary>
    /// Every code the name table holds (the 34 provinces and the cities and counties below them), in code order: the
    /// choices of a region picker. A code missing from the table can still be typed.
    /// </summary>
    public static IReadOnlyList<string> Known { get; } =
        [.. ProvinceCodes.Concat(Places.Keys).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The name with the names above it, as a person reads an address: 内蒙古自治区 呼和浩特市 新城区 (150102);
    /// levels the table does not name are left out; null for a code the table does not hold.
    /// </summary>
    public static string? FullName(string code)
    {
        if (NameOf(code) is not { } own)
            return null;
        if (IsProvinceLevel(code))
            return own;
        var parts = new List<string> { Provinces[code[..2]].Name };
        if (IsCountyLevel(code) && NameOf(code[..4] + "00") is { } city)
            parts.Add(city);
        parts.Add(own);
        return string.Join(' ', parts);
    }

    /// <summary>
    /// Short name of a province used in regional brands (辽宁, 内蒙古, 广西), or null when the code is not a province-level code.
    /// </summary>
    public static string? ProvinceShortName(string code) =>
        IsValidCode(code) && IsProvinceLevel(code) ? Provinces[code[..2]].ShortName : null;

    /// <summary>The province-level code containing <paramref name="code"/>: its first two digits + "0000".</summary>
    /// <exception cref="ArgumentException">The code is not a valid region code.</exception>
    public static string ProvinceCode(string code)
    {
        EnsureValid(code);
        return code[..2] + "0000";
    }

    /// <summary>
    /// The city-level code containing <paramref name="code"/> (first four digits + "00"), the code itself for a city,
    /// and null for a province-level code, which lies in no city.
    /// </summary>
    /// <exception cref="ArgumentException">The code is not a valid region code.</exception>
    public static string? CityCode(string code)
    {
        EnsureValid(code);
        return IsProvinceLevel(code) ? null : code[..4] + "00";
    }

    /// <summary>True for a province-level code (ends in 0000).</summary>
    public static bool IsProvinceLevel(string code) => IsValidCode(code) && code.EndsWith("0000", StringComparison.Ordinal);

    /// <summary>True for a city-level code (ends in 00 but not 0000).</summary>
    public static bool IsCityLevel(string code) => IsValidCode(code) && code.EndsWith("00", StringComparison.Ordinal) && !IsProvinceLevel(code);

    /// <summary>True for a county-level code (does not end in 00).</summary>
    public static bool IsCountyLevel(string code) => IsValidCode(code) && !code.EndsWith("00", StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="inner"/> lies inside <paramref name="outer"/> (150000 and 150100 both contain 150102);
    /// equal codes contain each other. Edge case: an invalid code on either side contains nothing and lies in
    /// nothing, so a scope check fed bad data denies rather than throws.
    /// </summary>
    public static bool Contains(string outer, string inner)
    {
        // Each code validated once; the level tests below are on valid codes (this runs for every pack and person).
        if (!IsValidCode(outer) || !IsValidCode(inner))
            return false;
        if (outer.EndsWith("0000", StringComparison.Ordinal))
            return outer.AsSpan(0, 2).SequenceEqual(inner.AsSpan(0, 2));
        if (outer.EndsWith("00", StringComparison.Ordinal))
            return outer.AsSpan(0, 4).SequenceEqual(inner.AsSpan(0, 4));
        return string.Equals(outer, inner, StringComparison.Ordinal);
    }

    private static void EnsureValid(string code)
    {
        if (!IsValidCode(code))
            throw new ArgumentException($"'{code}' is not a GB/T 2260 region code.", nameof(code));
    }
}
