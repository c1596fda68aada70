using Laurel.Rules.Honours;

namespace Laurel.Rules.Tests.Honours;

public class TitleCatalogueTests
{
    private static Title T(string code) => TitleCatalogue.Find(code).ShouldNotBeNull();

    [Fact]
    public void The_catalogue_holds_exactly_the_agreed_titles()
    {
        TitleCatalogue.All.Select(t => (t.Code, t.Name, t.Level)).ShouldBe(
        [
            ("national_model_worker", "全国劳动模范", HonourLevel.National),
            ("national_advanced_worker", "全国先进工作者", HonourLevel.National),
            ("national_may_day_medal", "全国五一劳动奖章", HonourLevel.National),
            ("china_skill_award", "中华技能大奖", HonourLevel.National),
            ("national_technical_expert", "全国技术能手", HonourLevel.National),
            ("provincial_model_worker", "省级劳动模范", HonourLevel.Provincial),
            ("provincial_advanced_worker", "省级先进工作者", HonourLevel.Provincial),
            ("provincial_may_day_medal", "省级五一劳动奖章", HonourLevel.Provincial),
            ("provincial_craftsman", "省级工匠", HonourLevel.Provincial),
            ("municipal_model_worker", "市级劳动模范", HonourLevel.Municipal),
            ("municipal_special_model_worker", "市级特等劳动模范", HonourLevel.Municipal),
            ("municipal_advanced_worker", "市级先进工作者", HonourLevel.Municipal),
            ("municipal_may_day_medal", "市级五一劳动奖章", HonourLevel.Municipal),
            ("municipal_craftsman", "市级工匠", HonourLevel.Municipal),
            ("county_model_worker", "区县级劳动模范", HonourLevel.County),
        ]);
    }

    [Fact]
    public void A_title_is_found_by_its_exact_code()
    {
        TitleCatalogue.Find("municipal_craftsman").ShouldBe(new Title("municipal_craftsman", "市级工匠", HonourLevel.Municipal));
        TitleCatalogue.Find("Municipal_Craftsman").ShouldBeNull();
        TitleCatalogue.Find("nobody").ShouldBeNull();
        TitleCatalogue.Find(null).ShouldBeNull();
    }

    [Theory]
    [InlineData("provincial_model_worker", "150000", "内蒙古自治区劳动模范")]
    [InlineData("provincial_advanced_worker", "210000", "辽宁省先进工作者")]
    [InlineData("provincial_may_day_medal", "150000", "内蒙古自治区五一劳动奖章")]
    [InlineData("municipal_model_worker", "211200", "铁岭市劳动模范")]
    [InlineData("municipal_special_model_worker", "211200", "铁岭市特等劳动模范")]
    [InlineData("municipal_advanced_worker", "150200", "包头市先进工作者")]
    [InlineData("municipal_may_day_medal", "150100", "呼和浩特市五一劳动奖章")]
    [InlineData("county_model_worker", "211202", "银州区劳动模范")]
    public void A_regional_title_reads_with_the_awarding_region(string code, string region, string expected)
    {
        TitleCatalogue.DisplayName(T(code), region).ShouldBe(expected);
    }

    [Theory]
    [InlineData("municipal_craftsman", "211200", "铁岭工匠")]
    [InlineData("municipal_craftsman", "150200", "包头工匠")]
    [InlineData("provincial_craftsman", "150000", "北疆工匠")]
    [InlineData("provincial_craftsman", "210000", "辽宁工匠")]
    [InlineData("provincial_craftsman", "450000", "广西工匠")]
    [InlineData("provincial_craftsman", "110000", "北京工匠")]
    public void A_craftsman_title_reads_as_the_regional_brand(string code, string region, string expected)
    {
        TitleCatalogue.DisplayName(T(code), region).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("150000")]
    public void A_national_title_ignores_the_region(string? region)
    {
        TitleCatalogue.DisplayName(T("national_model_worker"), region).ShouldBe("全国劳动模范");
    }

    [Theory]
    [InlineData("municipal_model_worker", null, "市级劳动模范")]
    [InlineData("municipal_model_worker", "659900", "市级劳动模范")] // valid but not in the name table
    [InlineData("municipal_craftsman", "990100", "市级工匠")] // invalid
    [InlineData("municipal_model_worker", "150000", "市级劳动模范")] // a province does not award a municipal title
    [InlineData("county_model_worker", "211200", "区县级劳动模范")]
    public void An_unknown_or_unfitting_region_gives_the_catalogue_name(string code, string? region, string expected)
    {
        TitleCatalogue.DisplayName(T(code), region).ShouldBe(expected);
    }

    [Theory]
    [InlineData("national_model_worker", null)]
    [InlineData("national_model_worker", "")]
    [InlineData("provincial_model_worker", "150000")]
    [InlineData("provincial_craftsman", "810000")]
    [InlineData("municipal_model_worker", "211200")]
    [InlineData("municipal_model_worker", "110100")] // municipality's city-level code, by digits
    [InlineData("county_model_worker", "211202")]
    [InlineData("county_model_worker", "659999")] // need not be in the name table
    public void A_region_matching_the_level_is_accepted(string code, string? region)
    {
        TitleCatalogue.CheckAwardingRegion(T(code), region).ShouldBeNull();
    }

    [Theory]
    [InlineData("national_model_worker", "150000", "全国性称号不应填写授予地区")]
    [InlineData("provincial_model_worker", null, "请填写授予地区")]
    [InlineData("municipal_model_worker", "  ", "请填写授予地区")]
    [InlineData("county_model_worker", "990102", "地区码无效")]
    [InlineData("provincial_model_worker", "150100", "省级称号的授予地区应为省级地区")]
    [InlineData("provincial_model_worker", "150102", "省级称号的授予地区应为省级地区")]
    [InlineData("municipal_model_worker", "150000", "市级称号的授予地区应为市级地区")]
    [InlineData("municipal_model_worker", "211202", "市级称号的授予地区应为市级地区")]
    [InlineData("county_model_worker", "211200", "区县级称号的授予地区应为区县级地区")]
    [InlineData("county_model_worker", "210000", "区县级称号的授予地区应为区县级地区")]
    public void A_region_missing_or_at_the_wrong_level_is_refused(string code, string? region, string message)
    {
        TitleCatalogue.CheckAwardingRegion(T(code), region).ShouldBe(message);
    }
}
