using Laurel.Rules.Organisation;

namespace Laurel.Rules.Tests.Organisation;

public sealed class UnitRegionsTests
{
    [Fact]
    public void A_street_union_acts_for_the_region_of_its_nearest_territorial_ancestor_and_the_root_for_none()
    {
        var regions = UnitRegions.Resolve([(1, null, null), (12, 1, "110000"), (13, 12, "110105"), (14, 13, null), (15, 14, null)]);
        regions[15].ShouldBe("110105");
        regions[14].ShouldBe("110105");
        regions[12].ShouldBe("110000");
        regions.ContainsKey(1).ShouldBeFalse();
    }
}
