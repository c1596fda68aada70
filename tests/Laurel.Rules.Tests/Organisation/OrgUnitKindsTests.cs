using Laurel.Rules.Organisation;

namespace Laurel.Rules.Tests.Organisation;

public class OrgUnitKindsTests
{
    [Theory]
    [InlineData(OrgUnitKind.National, "national", "全国总工会", true)]
    [InlineData(OrgUnitKind.Provincial, "provincial", "省级总工会", true)]
    [InlineData(OrgUnitKind.Municipal, "municipal", "市级总工会", true)]
    [InlineData(OrgUnitKind.County, "county", "区县总工会", true)]
    [InlineData(OrgUnitKind.Street, "street", "街道/乡镇总工会", false)]
    [InlineData(OrgUnitKind.Industry, "industry", "产业工会", false)]
    [InlineData(OrgUnitKind.Grassroots, "grassroots", "基层工会", false)]
    public void Each_kind_has_a_code_a_chinese_name_and_says_whether_it_needs_a_region(
        OrgUnitKind kind, string code, string name, bool territorial)
    {
        OrgUnitKinds.Code(kind).ShouldBe(code);
        OrgUnitKinds.Parse(code).ShouldBe(kind);
        OrgUnitKinds.ChineseName(kind).ShouldBe(name);
        OrgUnitKinds.IsTerritorial(kind).ShouldBe(territorial);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Street")]
    [InlineData("town")]
    public void An_unknown_code_parses_to_null(string? code)
    {
        OrgUnitKinds.Parse(code).ShouldBeNull();
    }
}
