using Laurel.Rules.Honours;

namespace Laurel.Rules.Tests.Honours;

public class HonourLevelsTests
{
    [Theory]
    [InlineData(HonourLevel.National, "national", "全国")]
    [InlineData(HonourLevel.Provincial, "provincial", "省部级")]
    [InlineData(HonourLevel.Municipal, "municipal", "市级")]
    [InlineData(HonourLevel.County, "county", "区县级")]
    public void Each_level_has_a_code_that_parses_back_and_a_chinese_name(HonourLevel level, string code, string name)
    {
        HonourLevels.Code(level).ShouldBe(code);
        HonourLevels.Parse(code).ShouldBe(level);
        HonourLevels.ChineseName(level).ShouldBe(name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("National")]
    [InlineData("city")]
    public void An_unknown_code_parses_to_null(string? code)
    {
        HonourLevels.Parse(code).ShouldBeNull();
    }

    [Fact]
    public void A_smaller_value_is_a_higher_level()
    {
        Enum.GetValues<HonourLevel>().Order().ShouldBe(
            [HonourLevel.National, HonourLevel.Provincial, HonourLevel.Municipal, HonourLevel.County]);
        ((int)HonourLevel.National).ShouldBe(1);
    }

    [Fact]
    public void An_undefined_level_has_no_code()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => HonourLevels.Code((HonourLevel)9));
    }
}
