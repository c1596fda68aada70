using Laurel.Rules.Text;

namespace Laurel.Rules.Payments;

/// <summary>
/// The bank account an honoree's payments go to: the bank (开户行), the account name (户名) and the account number
/// (账号), as the checks below leave them. <see cref="ToString"/> gives the masked form so that an account interpolated
/// into a log line or message does not leak; read <see cref="AccountNumber"/> deliberately when it is needed.
/// </summary>
public sealed record BankAccount(string BankName, string AccountName, string AccountNumber)
{
    public const int MinBankNameLength = 2;
    public const int MaxBankNameLength = 60;
    public const int MaxAccountNameLength = 50;
    public const int MinAccountNumberDigits = 8;
    public const int MaxAccountNumberDigits = 30;

    public string AccountNameMasked => Masking.Name(AccountName);

    public string AccountNumberMasked => Masking.AccountNumber(AccountNumber);

    public override string ToString() => $"{BankName} {AccountNameMasked} {AccountNumberMasked}";

    // Each check returns null when fine, else a short Chinese message that names no field (the caller prefixes the
    // label: 开户行, 户名, 账号), and gives the value as it is to be stored. Lengths count characters as PostgreSQL
    // does (code points), so a rare character outside the Basic Multilingual Plane counts once.

    /// <summary>The bank and branch, e.g. 中国工商银行北京朝阳支行: trimmed, 2 to 60 characters, no control characters.</summary>
    public static string? CheckBankName(string? input, out string value) =>
        CheckText(input, MinBankNameLength, MaxBankNameLength, out value);

    /// <summary>The name the account is held in: trimmed, 1 to 50 characters, no control characters.</summary>
    public static string? CheckAccountName(string? input, out string value) =>
        CheckText(input, 1, MaxAccountNameLength, out value);

    /// <summary>
    /// The account number as printed on a card or passbook: spaces (also the full-width space) are dropped and
    /// full-width digits (０-９, typed with a Chinese input method) read as digits; what is left must be 8 to 30 digits.
    /// Leading zeros are kept: an account number is text, not a number.
    /// </summary>
    public static string? CheckAccountNumber(string? input, out string digits)
    {
        var chars = (input ?? string.Empty)
            .Where(c => c is not (' ' or '\u3000'))
            .Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c)
            .ToArray();
        digits = new string(chars);
        if (digits.Length == 0)
            return "不能为空";
        if (digits.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return "只能包含数字（可用空格分隔）";
        if (digits.Length is < MinAccountNumberDigits or > MaxAccountNumberDigits)
            return $"应为{MinAccountNumberDigits}至{MaxAccountNumberDigits}位数字（现为{digits.Length}位）";
        return null;
    }

    private static string? CheckText(string? input, int min, int max, out string value)
    {
        value = input?.Trim() ?? string.Empty;
        if (Text.TypedText.IsEmpty(value))
            return "不能为空";
        if (Text.TypedText.Check(value) is { } problem)
            return problem;
        var length = value.EnumerateRunes().Count();
        if (length < min || length > max)
            return min > 1 ? $"应为{min}至{max}个字" : $"不能超过{max}个字";
        return null;
    }
}
