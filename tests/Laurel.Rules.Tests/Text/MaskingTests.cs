using Laurel.Rules.Text;

namespace Laurel.Rules.Tests.Text;

public class MaskingTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("19900001111", "199****1111")]
    [InlineData("13800138000", "138****8000")]
    [InlineData(" 13812341234 ", "138****1234")]
    public void A_mobile_number_keeps_its_first_three_and_last_four_digits(string phone, string expected)
    {
        Masking.Phone(phone).ShouldBe(expected);
    }

    [Theory]
    [InlineData("04716661234", "047******34")] // 11 digits but a landline: not a mobile
    [InlineData("0471-6661234", "047*******34")]
    [InlineData("+8613812341234", "+86*********34")]
    [InlineData("123456", "123*56")]
    public void Other_numbers_keep_their_first_three_and_last_two_characters(string phone, string expected)
    {
        Masking.Phone(phone).ShouldBe(expected);
    }

    [Theory]
    [InlineData("12345", "*****")]
    [InlineData("110", "***")]
    public void A_number_too_short_to_keep_anything_is_masked_entirely(string phone, string expected)
    {
        Masking.Phone(phone).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_masks_to_an_empty_string(string? phone)
    {
        Masking.Phone(phone).ShouldBe("");
    }

    [Theory]
    [InlineData("6222021234567890", "6222 **** **** 7890")]
    [InlineData("6222 0212 3456 7890", "6222 **** **** 7890")]
    [InlineData("6222021234567890123", "6222 **** **** *** 0123")]
    [InlineData("622202123456", "6222 **** 3456")]
    public void An_account_number_of_twelve_digits_or_more_keeps_its_first_and_last_four(string number, string expected)
    {
        Masking.AccountNumber(number).ShouldBe(expected);
    }

    [Theory]
    [InlineData("12345678", "**** 5678")]
    [InlineData("12345678901", "**** *** 8901")]
    [InlineData("1234567", "**** ***")]
    [InlineData(null, "")]
    [InlineData("  ", "")]
    public void A_short_account_number_keeps_at_most_its_last_four(string? number, string expected)
    {
        Masking.AccountNumber(number).ShouldBe(expected);
    }

    [Theory]
    [InlineData("张晓明", "张*明")]
    [InlineData("张明", "张*")]
    [InlineData("欧阳小明", "欧**明")]
    [InlineData(" 阿依古丽·买买提 ", "阿******提")]
    [InlineData("张", "*")]
    [InlineData("𠮷祥", "𠮷*")]
    [InlineData("李𠮷𠮷", "李*𠮷")]
    [InlineData(null, "")]
    public void A_name_keeps_its_first_and_last_character(string? name, string expected)
    {
        Masking.Name(name).ShouldBe(expected);
    }
}
