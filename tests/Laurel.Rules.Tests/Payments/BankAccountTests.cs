using Laurel.Rules.Payments;

namespace Laurel.Rules.Tests.Payments;

public class BankAccountTests
{
    [Theory]
    [InlineData("6222021234567890", "6222021234567890")]
    [InlineData("6222 0212 3456 7890 123", "6222021234567890123")]
    [InlineData(" 0012 3456 ", "00123456")]
    [InlineData("６２２２\u3000０２１２", "62220212")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void An_account_number_drops_spaces_reads_full_width_digits_and_keeps_leading_zeros(string input, string expected)
    {
        BankAccount.CheckAccountNumber(input, out var digits).ShouldBeNull();
        digits.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, "不能为空")]
    [InlineData("   ", "不能为空")]
    [InlineData("6222-0212-3456", "只能包含数字（可用空格分隔）")]
    [InlineData("6222O21234567890", "只能包含数字（可用空格分隔）")]
    [InlineData("1234567", "应为8至30位数字（现为7位）")]
    [InlineData("1234567890123456789012345678901", "应为8至30位数字（现为31位）")]
    public void A_bad_account_number_is_refused_with_the_reason(string? input, string message)
    {
        BankAccount.CheckAccountNumber(input, out _).ShouldBe(message);
    }

    [Theory]
    [InlineData("张", "张")]
    [InlineData("  阿依古丽·买买提 ", "阿依古丽·买买提")]
    public void An_account_name_is_trimmed_and_may_be_one_character(string input, string expected)
    {
        BankAccount.CheckAccountName(input, out var value).ShouldBeNull();
        value.ShouldBe(expected);
    }

    [Fact]
    public void An_account_name_counts_characters_not_utf16_units()
    {
        // 50 characters outside the Basic Multilingual Plane are 100 UTF-16 units, and still 50 characters.
        BankAccount.CheckAccountName(string.Concat(Enumerable.Repeat("𠮷", 50)), out _).ShouldBeNull();
        BankAccount.CheckAccountName(string.Concat(Enumerable.Repeat("𠮷", 51)), out _).ShouldBe("不能超过50个字");
    }

    [Theory]
    [InlineData("", "不能为空")]
    [InlineData("张\n三", "含有不允许的控制字符或不可见字符（第2个字符，U+000A），请删除后重新填写")]
    public void A_bad_account_name_is_refused_with_the_reason(string input, string message)
    {
        BankAccount.CheckAccountName(input, out _).ShouldBe(message);
    }

    [Theory]
    [InlineData("农行", null)]
    [InlineData("行", "应为2至60个字")]
    [InlineData(null, "不能为空")]
    [InlineData("中国\t银行", "含有不允许的控制字符或不可见字符（第3个字符，U+0009），请删除后重新填写")]
    [InlineData("中国\u200B银行", "含有不允许的控制字符或不可见字符（第3个字符，U+200B），请删除后重新填写")]
    [InlineData("中国工商银行股份有限公司北京朝阳支行营业部中国工商银行股份有限公司北京朝阳支行营业部中国工商银行股份有限公司北京朝阳支行", null)]
    [InlineData("中国工商银行股份有限公司北京朝阳支行营业部中国工商银行股份有限公司北京朝阳支行营业部中国工商银行股份有限公司北京朝阳支行营", "应为2至60个字")]
    public void A_bank_name_is_two_to_sixty_characters(string? input, string? message)
    {
        BankAccount.CheckBankName(input, out _).ShouldBe(message);
    }

    [Fact]
    public void An_account_prints_masked_so_that_logs_never_hold_the_number()
    {
        var account = new BankAccount("中国工商银行北京朝阳支行", "张晓明", "6222021234567890");
        account.ToString().ShouldBe("中国工商银行北京朝阳支行 张*明 6222 **** **** 7890");
        $"{account}".ShouldNotContain("6222021234567890");
        account.AccountNameMasked.ShouldBe("张*明");
        account.AccountNumberMasked.ShouldBe("6222 **** **** 7890");
    }
}
