using Laurel.Rules.Identity;

namespace Laurel.Rules.Tests.Identity;

public class RegionsTests
{
    private static readonly string[] ProvincePrefixes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ];

    [Fact]
    public void Exactly_the_34_province_level_prefixes_are_valid()
    {
        var valid = Enumerable.Range(0, 100).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture))
            .Where(Regions.IsValidProvincePrefix);

        valid.ShouldBe(ProvincePrefixes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("110")]
    [InlineData("1a")]
    public void A_prefix_that_is_not_two_digits_is_invalid(string prefix)
    {
        Regions.IsValidProvincePrefix(prefix).ShouldBeFalse();
    }

    [Theory]
    [InlineData("150102")]
    [InlineData("110000")]
    [InlineData("820000")]
    [InlineData("659999")] // well-formed though not in the name table
    public void Six_digits_with_a_province_prefix_are_a_valid_code(string code)
    {
        Regions.IsValidCode(code).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("15010")]
    [InlineData("1501020")]
    [InlineData("990000")]
    [InlineData("15010a")]
    [InlineData(" 150102")]
    [InlineData("１５０１０２")]
    public void Anything_else_is_not_a_valid_code(string? code)
    {
        Regions.IsValidCode(code).ShouldBeFalse();
    }

    [Fact]
    public void Every_province_has_its_full_official_name()
    {
        Regions.ProvinceCodes.Count.ShouldBe(34);
        Regions.ProvinceCodes.ShouldAllBe(c => Regions.NameOf(c) != null);
        Regions.ProvinceCodes.Select(Regions.NameOf).Distinct().Count().ShouldBe(34);

        Regions.NameOf("150000").ShouldBe("内蒙古自治区");
        Regions.NameOf("110000").ShouldBe("北京市");
        Regions.NameOf("210000").ShouldBe("辽宁省");
        Regions.NameOf("450000").ShouldBe("广西壮族自治区");
        Regions.NameOf("650000").ShouldBe("新疆维吾尔自治区");
        Regions.NameOf("810000").ShouldBe("香港特别行政区");
    }

    [Theory]
    [InlineData("150100", "呼和浩特市")]
    [InlineData("150102", "新城区")]
    [InlineData("150200", "包头市")]
    [InlineData("210100", "沈阳市")]
    [InlineData("211200", "铁岭市")]
    [InlineData("211202", "银州区")]
    [InlineData("140100", "太原市")]
    [InlineData("140200", "大同市")]
    [InlineData("110105", "朝阳区")]
    [InlineData("110108", "海淀区")]
    [InlineData("130100", "石家庄市")]
    [InlineData("131000", "廊坊市")]
    [InlineData("320500", "苏州市")]
    [InlineData("320506", "吴中区")]
    [InlineData("330700", "金华市")]
    [InlineData("440300", "深圳市")]
    public void Cities_and_counties_in_the_table_have_their_names(string code, string name)
    {
        Regions.NameOf(code).ShouldBe(name);
    }

    [Theory]
    [InlineData("659999")]
    [InlineData("990000")]
    [InlineData("abc")]
    public void An_unknown_code_has_no_name(string code)
    {
        Regions.NameOf(code).ShouldBeNull();
    }

    [Theory]
    [InlineData("150102", "150000")]
    [InlineData("150100", "150000")]
    [InlineData("150000", "150000")]
    [InlineData("110105", "110000")]
    public void The_province_code_keeps_the_first_two_digits(string code, string province)
    {
        Regions.ProvinceCode(code).ShouldBe(province);
    }

    [Theory]
    [InlineData("150102", "150100")]
    [InlineData("150100", "150100")]
    [InlineData("211282", "211200")]
    [InlineData("110105", "110100")] // municipality: ordinary hierarchy by digits
    public void The_city_code_keeps_the_first_four_digits(string code, string city)
    {
        Regions.CityCode(code).ShouldBe(city);
    }

    [Fact]
    public void A_province_lies_in_no_city()
    {
        Regions.CityCode("150000").ShouldBeNull();
    }

    [Fact]
    public void Province_and_city_codes_of_an_invalid_code_throw()
    {
        Should.Throw<ArgumentException>(() => Regions.ProvinceCode("990102"));
        Should.Throw<ArgumentException>(() => Regions.CityCode("15010"));
    }

    [Theory]
    [InlineData("150000", "150102")]
    [InlineData("150000", "150100")]
    [InlineData("150100", "150102")]
    [InlineData("150102", "150102")]
    [InlineData("150000", "150000")]
    [InlineData("110000", "110105")]
    [InlineData("110100", "110105")]
    public void An_outer_region_contains_the_regions_inside_it(string outer, string inner)
    {
        Regions.Contains(outer, inner).ShouldBeTrue();
    }

    [Theory]
    [InlineData("110000", "120000")]
    [InlineData("150102", "150100")] // a county does not contain its city
    [InlineData("150100", "150000")]
    [InlineData("150100", "150200")]
    [InlineData("150100", "150203")]
    [InlineData("150102", "150105")]
    [InlineData("150000", "210100")]
    [InlineData("990000", "990101")] // invalid codes contain nothing
    [InlineData("150000", "15010")]
    public void A_region_does_not_contain_regions_outside_it(string outer, string inner)
    {
        Regions.Contains(outer, inner).ShouldBeFalse();
    }

    [Theory]
    [InlineData("150000", true, false, false)]
    [InlineData("150100", false, true, false)]
    [InlineData("150102", false, false, true)]
    [InlineData("990102", false, false, false)]
    public void The_level_of_a_code_is_read_from_its_trailing_zeros(string code, bool province, bool city, bool county)
    {
        Regions.IsProvinceLevel(code).ShouldBe(province);
        Regions.IsCityLevel(code).ShouldBe(city);
        Regions.IsCountyLevel(code).ShouldBe(county);
    }

    [Fact]
    public void Every_named_code_is_valid_and_named_places_lie_in_a_named_province()
    {
        // Guards the table against typos: a city or county must sit under a province with a name.
        foreach (var code in new[] { "150100", "150102", "211202", "320506", "440305", "211282" })
            Regions.NameOf(Regions.ProvinceCode(code)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("150102", "内蒙古自治区 呼和浩特市 新城区")]
    [InlineData("211200", "辽宁省 铁岭市")]
    [InlineData("110000", "北京市")]
    [InlineData("110105", "北京市 朝阳区")]
    public void A_known_region_reads_with_the_names_above_it(string code, string fullName) =>
        Regions.FullName(code).ShouldBe(fullName);

    [Fact]
    public void The_known_regions_are_every_province_and_every_named_place_once_each_and_no_others()
    {
        Regions.Known.ShouldBeUnique();
        Regions.ProvinceCodes.ShouldAllBe(p => Regions.Known.Contains(p));
        Regions.Known.ShouldAllBe(c => Regions.FullName(c) != null);
        Regions.FullName("150199").ShouldBeNull();
    }
}
