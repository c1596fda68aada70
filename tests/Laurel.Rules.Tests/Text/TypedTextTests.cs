using Laurel.Rules.Text;

namespace Laurel.Rules.Tests.Text;

public class TypedTextTests
{
    [Theory]
    [InlineData("张\0三")]
    [InlineData("张\u0001三")]
    [InlineData("张\u001F三")]
    [InlineData("张\u007F三")]
    [InlineData("张\u0085三")]
    [InlineData("张\u009F三")]
    [InlineData("张\u200B三")]
    [InlineData("张\u200F三")]
    [InlineData("张\u202A三")]
    [InlineData("张\u202E三")]
    [InlineData("张\u2060三")]
    [InlineData("张\u2064三")]
    [InlineData("\uFEFF张三")]
    [InlineData("张\n三")]
    [InlineData("张\t三")]
    [InlineData("张\r三")]
    public void A_single_line_field_refuses_control_and_format_characters(string text)
    {
        TypedText.Check(text).ShouldNotBeNull();
    }

    [Fact]
    public void The_message_names_the_position_and_code_point_of_the_first_forbidden_character()
    {
        TypedText.Check("张\u200B三").ShouldBe("含有不允许的控制字符或不可见字符（第2个字符，U+200B），请删除后重新填写");
    }

    [Theory]
    [InlineData("张三")]
    [InlineData("欧阳 小明")]
    [InlineData("𠮷野家")]
    [InlineData("Zhāng Sān-Müller")]
    [InlineData("\u2065")] // unassigned, outside the listed ranges
    [InlineData("\u200A")] // hair space: whitespace, not a format character
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_text_passes(string? text)
    {
        TypedText.Check(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("第一行\n第二行")]
    [InlineData("第一行\r\n第二行")]
    [InlineData("项目\t金额")]
    public void A_multi_line_field_keeps_line_feeds_tabs_and_cr_lf_line_breaks(string text)
    {
        TypedText.Check(text, multiLine: true).ShouldBeNull();
    }

    [Theory]
    [InlineData("第一行\r第二行")]
    [InlineData("说明\0")]
    [InlineData("说明\u200B")]
    [InlineData("说明\u000B")]
    public void A_multi_line_field_still_refuses_every_other_control_and_format_character(string text)
    {
        TypedText.Check(text, multiLine: true).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    [InlineData("\u200B")]
    [InlineData(" \uFEFF\u200D ")]
    [InlineData("\0")]
    public void A_field_of_only_whitespace_and_forbidden_characters_is_empty(string? text)
    {
        TypedText.IsEmpty(text).ShouldBeTrue();
    }

    [Fact]
    public void A_field_with_one_visible_character_is_not_empty()
    {
        TypedText.IsEmpty("\u200B张").ShouldBeFalse();
    }

    [Fact]
    public void A_nul_is_found_anywhere_in_the_text()
    {
        TypedText.HasNul("abc\0").ShouldBeTrue();
        TypedText.HasNul("abc").ShouldBeFalse();
        TypedText.HasNul(null).ShouldBeFalse();
    }
}

public class TypedTextEscapeTests
{
    [Fact]
    public void Escaping_writes_each_forbidden_character_as_its_code_point_and_leaves_other_text_alone()
    {
        TypedText.Escape("admin\0").ShouldBe("admin\\u0000");
        TypedText.Escape("张\u200B三").ShouldBe("张\\u200B三");
        TypedText.Escape("张三").ShouldBe("张三");
        TypedText.Escape(null).ShouldBeNull();
    }
}
