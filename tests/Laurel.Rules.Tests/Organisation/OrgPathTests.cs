using Laurel.Rules.Organisation;

namespace Laurel.Rules.Tests.Organisation;

public class OrgPathTests
{
    [Fact]
    public void A_root_path_has_a_leading_and_trailing_slash()
    {
        OrgPath.Root(1).ShouldBe("/1/");
        OrgPath.Root(9_007_199_254_740_993).ShouldBe("/9007199254740993/");
    }

    [Fact]
    public void A_child_path_appends_the_id_and_a_slash()
    {
        OrgPath.Child("/1/", 5).ShouldBe("/1/5/");
        OrgPath.Child(OrgPath.Child(OrgPath.Root(1), 5), 23).ShouldBe("/1/5/23/");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Ids_must_be_positive(long id)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => OrgPath.Root(id));
        Should.Throw<ArgumentOutOfRangeException>(() => OrgPath.Child("/1/", id));
    }

    [Theory]
    [InlineData("/1")]
    [InlineData("1/")]
    [InlineData("")]
    public void A_child_of_a_malformed_path_throws(string parent)
    {
        Should.Throw<ArgumentException>(() => OrgPath.Child(parent, 2));
    }

    [Theory]
    [InlineData("/1/", true)]
    [InlineData("/1/5/23/", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("/", false)]
    [InlineData("//", false)]
    [InlineData("/1", false)]
    [InlineData("/12", false)] // no trailing slash
    [InlineData("/1/52", false)]
    [InlineData("12/", false)] // no leading slash
    [InlineData("1/", false)]
    [InlineData("/1//5/", false)]
    [InlineData("/1/05/", false)]
    [InlineData("/1/0/", false)]
    [InlineData("/1/-5/", false)]
    [InlineData("/1/a/", false)]
    [InlineData("/1/ 5/", false)]
    [InlineData("/99999999999999999999/", false)] // beyond long
    public void Only_slash_separated_positive_ids_are_well_formed(string? path, bool expected)
    {
        OrgPath.IsWellFormed(path).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/1/5/23/", "/1/")]
    [InlineData("/1/5/23/", "/1/5/")]
    [InlineData("/1/5/23/", "/1/5/23/")] // equal counts as within
    [InlineData("/1/", "/1/")]
    public void A_path_is_within_its_ancestors_and_itself(string path, string ancestor)
    {
        OrgPath.IsWithin(path, ancestor).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/1/50/", "/1/5/")] // shared digits are not shared ancestry
    [InlineData("/1/", "/1/5/")] // an ancestor is not within its descendant
    [InlineData("/1/6/", "/1/5/")]
    [InlineData("/2/5/", "/1/5/")]
    [InlineData("/1/50/", "/1/5")] // a malformed ancestor matches nothing
    [InlineData("/1/5/", "")]
    public void A_path_is_not_within_other_branches(string path, string ancestor)
    {
        OrgPath.IsWithin(path, ancestor).ShouldBeFalse();
    }

    [Theory]
    [InlineData("/1/", null)]
    [InlineData("/1/5/", 1L)]
    [InlineData("/1/5/23/", 5L)]
    public void The_parent_id_is_the_second_last_id(string path, long? parent)
    {
        OrgPath.ParentId(path).ShouldBe(parent);
    }

    [Theory]
    [InlineData("/1/", 0)]
    [InlineData("/1/5/", 1)]
    [InlineData("/1/5/23/", 2)]
    [InlineData("/10/500/2300/4/", 3)]
    public void The_depth_counts_ancestors(string path, int depth)
    {
        OrgPath.Depth(path).ShouldBe(depth);
    }

    [Fact]
    public void The_ids_run_from_the_root_to_the_unit()
    {
        OrgPath.Ids("/1/5/23/").ShouldBe([1L, 5L, 23L]);
        OrgPath.UnitId("/1/5/23/").ShouldBe(23);
        OrgPath.UnitId("/7/").ShouldBe(7);
    }

    [Fact]
    public void Taking_a_malformed_path_apart_throws()
    {
        Should.Throw<ArgumentException>(() => OrgPath.ParentId("/1/5"));
        Should.Throw<ArgumentException>(() => OrgPath.Depth("1/5/"));
        Should.Throw<ArgumentException>(() => OrgPath.UnitId(""));
    }

    [Theory]
    [InlineData("/1/5/", "/1/5/", "/1/7/5/", "/1/7/5/")] // the moved unit itself
    [InlineData("/1/5/23/", "/1/5/", "/1/7/5/", "/1/7/5/23/")]
    [InlineData("/1/5/23/40/", "/1/5/", "/2/5/", "/2/5/23/40/")] // to another tree
    [InlineData("/1/5/23/", "/1/5/", "/5/", "/5/23/")] // becomes a root
    [InlineData("/1/7/5/23/", "/1/7/5/", "/1/5/", "/1/5/23/")] // moves up
    public void Rebasing_replaces_the_old_prefix_with_the_new_one(string path, string oldPrefix, string newPrefix, string expected)
    {
        OrgPath.Rebase(path, oldPrefix, newPrefix).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/1/50/", "/1/5/", "/1/7/5/")] // not in the moved subtree
    [InlineData("/1/", "/1/5/", "/1/7/5/")]
    [InlineData("/1/5/23/", "/1/5", "/1/7/5/")]
    [InlineData("/1/5/23/", "/1/5/", "/1/7/5")]
    public void Rebasing_a_path_outside_the_subtree_or_with_a_malformed_prefix_throws(string path, string oldPrefix, string newPrefix)
    {
        Should.Throw<ArgumentException>(() => OrgPath.Rebase(path, oldPrefix, newPrefix));
    }

    [Theory]
    [InlineData("/1/5/", "/1/7/")]
    [InlineData("/1/5/", "/1/")] // under the current parent: a no-op
    [InlineData("/1/5/23/", "/1/")] // up
    [InlineData("/1/5/", "/1/50/")] // a sibling whose id starts with the same digits
    [InlineData("/1/5/", "/2/")]
    public void A_unit_can_move_anywhere_outside_its_own_subtree(string unit, string newParent)
    {
        OrgPath.IsValidMove(unit, newParent).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/1/5/", "/1/5/")] // under itself
    [InlineData("/1/5/", "/1/5/23/")] // under its child
    [InlineData("/1/5/", "/1/5/23/40/")] // under a deeper descendant
    [InlineData("/1/", "/1/5/")] // a root under its descendant
    [InlineData("/1/5/", "/1/7")] // malformed
    public void A_unit_cannot_move_under_itself_or_its_descendants(string unit, string newParent)
    {
        OrgPath.IsValidMove(unit, newParent).ShouldBeFalse();
    }
}
