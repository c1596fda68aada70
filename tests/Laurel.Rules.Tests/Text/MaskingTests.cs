using Laurel.Rules.Text;

namespace Laurel.Rules.Tests.Text;

public class MaskingTests
{
    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("19900001111", "199****1111")]
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
}
