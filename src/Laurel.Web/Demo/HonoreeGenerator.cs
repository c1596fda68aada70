using Laurel.Rules.Honours;
using Laurel.Rules.Identity;

namespace Laurel.Web.Demo;

/// <summary>A unit honorees can be placed in, with the region used for their IDs and honours.</summary>
public sealed record PlacementUnit(long Id, string RegionCode);

public sealed record GeneratedFact(string Kind, DateOnly EffectiveOn, string? EmploymentStatus = null, string? EmployerName = null,
    string? EmployerType = null, string? PensionScheme = null, decimal? PensionMonthly = null, string? RegionCode = null, long? OrgUnitId = null);

public sealed record GeneratedHonour(string TitleCode, string? AwardingRegionCode, DateOnly AwardedOn, string AwardingBody,
    string DocumentNumber, string CertificateNumber, DateOnly? RevokedOn, string? RevocationReason);

public sealed record GeneratedHonoree(string Name, ResidentId ResidentId, string? Phone, long OrgUnitId, string HukouRegionCode,
    string EmploymentStatus, DateOnly? DiedOn, IReadOnlyList<GeneratedFact> Facts, IReadOnlyList<GeneratedHonour> Honours)
{
    /// <summary>The employer of the latest employment fact (the facts are generated in date order), as the record mirrors it.</summary>
    public string? EmployerName => Facts.LastOrDefault(f => f.Kind == "employment")?.EmployerName;
}

/// <summary>
/// Fictional honorees for the demo and for benchmarks: Chinese names, valid-checksum resident IDs, honours at every
/// level that fit the unit's region, and realistic dated facts (about a third retired, some pensions under 3,000 CNY,
/// a few deceased, a few revoked honours). Deterministic for a given seed.
/// </summary>
public sealed class HonoreeGenerator(int seed, DateOnly today)
{
    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
         "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
         "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
         "乌兰", "包", "白", "云"];
    private static readonly string[] Given =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
         "刚", "桂", "英", "华", "建", "国", "玉", "兰", "志", "红", "文", "辉", "春", "海", "燕", "德", "永", "林", "成", "福",
         "荣", "宝", "利", "俊", "斌", "鹏", "波", "飞", "宇", "浩", "凯", "丹", "萍", "晶", "雪", "琴", "梅", "莉", "巴特尔", "其其格"];
    private static readonly string[] Employers =
        ["电力集团", "第一中学", "钢铁公司", "煤矿", "人民医院", "公交公司", "纺织厂", "机械制造厂", "供电公司", "建筑工程公司",
         "自来水公司", "化工厂", "农机站", "铁路局", "邮政分公司", "热力公司", "区政府", "疾控中心", "食品公司", "汽车制造厂"];
    private static readonly string[] EmployerTypes = ["government", "public_institution", "enterprise", "enterprise", "enterprise", "other"];

    private readonly Random _random = new(seed);
    private readonly HashSet<string> _used = [];
    private int _certificate;

    public GeneratedHonoree Next(PlacementUnit unit)
    {
        var birth = new DateOnly(1945, 1, 1).AddDays(_random.Next(0, 365 * 46));
        var male = _random.Next(2) == 0;
        var id = NewResidentId(unit.RegionCode, birth, male);
        var name = Surnames[_random.Next(Surnames.Length)] + Given[_random.Next(Given.Length)]
            + (_random.Next(3) == 0 ? "" : Given[_random.Next(Given.Length)]);
        var phone = _random.Next(10) == 0 ? null : "1" + "3456789"[_random.Next(7)] + _random.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var city = Regions.CityCode(unit.RegionCode) ?? unit.RegionCode;
        var employer = (Regions.NameOf(city) ?? Regions.NameOf(unit.RegionCode) ?? "") + Employers[_random.Next(Employers.Length)];
        var employerType = EmployerTypes[_random.Next(EmployerTypes.Length)];
        var facts = new List<GeneratedFact>
        {
            new("hukou", birth, RegionCode: unit.RegionCode),
            new("org_unit", birth, OrgUnitId: unit.Id),
        };
        var workStart = birth.AddYears(20);
        facts.Add(new GeneratedFact("employment", workStart, "employed", employer, employerType));
        var retirementAge = male ? 60 : (employerType == "enterprise" ? 50 : 55);
        var retiredOn = birth.AddYears(retirementAge);
        var status = "employed";
        DateOnly? died = null;
        if (retiredOn <= today && _random.Next(20) < 13)
        {
            status = "retired";
            facts.Add(new GeneratedFact("employment", retiredOn, "retired", employer, employerType));
            var scheme = employerType is "government" or "public_institution" ? "civil_service" : (_random.Next(8) == 0 ? "resident" : "enterprise");
            // About one retiree in four has a pension under 3,000 CNY: the people a top-up is for.
            var amount = _random.Next(4) == 0 ? _random.Next(800, 3000) : _random.Next(3000, 9000);
            facts.Add(new GeneratedFact("pension", retiredOn, PensionScheme: scheme, PensionMonthly: amount + _random.Next(100) / 100m));
            if (_random.Next(50) == 0)
            {
                var deathDay = today.AddDays(-_random.Next(30, 365 * 4));
                if (deathDay > retiredOn)
                {
                    died = deathDay;
                    facts.Add(new GeneratedFact("death", deathDay));
                }
            }
        }
        else if (_random.Next(25) == 0)
        {
            status = "unemployed";
            facts.Add(new GeneratedFact("employment", today.AddDays(-_random.Next(30, 900)), "unemployed"));
        }
        var honours = new List<GeneratedHonour>();
        var count = _random.Next(5) == 0 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            if (NextHonour(unit.RegionCode, birth) is { } h && honours.All(x => x.TitleCode != h.TitleCode))
            {
                honours.Add(h);
            }
        }
        return new GeneratedHonoree(name, id, phone, unit.Id, unit.RegionCode, status, died, facts, honours);
    }

    private GeneratedHonour? NextHonour(string region, DateOnly birth)
    {
        var roll = _random.Next(100);
        var level = roll < 8 ? HonourLevel.National : roll < 35 ? HonourLevel.Provincial : roll < 85 ? HonourLevel.Municipal : HonourLevel.County;
        var province = Regions.ProvinceCode(region);
        var cityCode = Regions.CityCode(region);
        var isCounty = !region.EndsWith("00", StringComparison.Ordinal);
        if (level == HonourLevel.County && !isCounty)
        {
            level = cityCode is null ? HonourLevel.Provincial : HonourLevel.Municipal;
        }
        if (level == HonourLevel.Municipal && cityCode is null)
        {
            level = HonourLevel.Provincial;
        }
        var titles = TitleCatalogue.All.Where(t => t.Level == level).ToList();
        var title = titles[_random.Next(titles.Count)];
        var awardingRegion = level switch
        {
            HonourLevel.National => null,
            HonourLevel.Provincial => province,
            HonourLevel.Municipal => cityCode,
            _ => region,
        };
        var earliest = birth.AddYears(25);
        if (earliest > today)
        {
            return null;
        }
        var span = Math.Max(1, Math.Min(today.DayNumber, birth.AddYears(60).DayNumber) - earliest.DayNumber);
        var awarded = earliest.AddDays(_random.Next(span));
        var body = level == HonourLevel.National
            ? (title.Code is "national_may_day_medal" ? "中华全国总工会" : "中共中央、国务院")
            : (Regions.NameOf(awardingRegion!) ?? "") + (level == HonourLevel.County ? "人民政府" : "人民政府");
        var revoked = _random.Next(200) == 0 ? awarded.AddDays(_random.Next(1, Math.Max(2, today.DayNumber - awarded.DayNumber))) : (DateOnly?)null;
        if (revoked > today)
        {
            revoked = today;
        }
        _certificate++;
        return new GeneratedHonour(title.Code, awardingRegion, awarded, body,
            $"{(level == HonourLevel.National ? "国发" : "政发")}〔{awarded.Year}〕{_random.Next(1, 60)}号",
            $"LM{awarded.Year}{_certificate:D7}", revoked, revoked is null ? null : "因违法违纪被依法撤销称号");
    }

    private ResidentId NewResidentId(string region, DateOnly birth, bool male)
    {
        while (true)
        {
            var seq = _random.Next(0, 500) * 2 + (male ? 1 : 0);
            var first17 = $"{region}{birth:yyyyMMdd}{seq:D3}";
            var candidate = first17 + ResidentId.CheckCharacter(first17);
            if (_used.Add(candidate) && ResidentId.TryParse(candidate, today, out var id, out _))
            {
                return id;
            }
            birth = birth.AddDays(1);
        }
    }
}
