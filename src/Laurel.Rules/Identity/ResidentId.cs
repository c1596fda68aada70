using System.Globalization;

namespace Laurel.Rules.Identity;

/// <summary>Gender as encoded in a resident ID (17th digit: odd = male, even = female).</summary>
public enum Gender
{
    Male,
    Female,
}

/// <summary>
/// A resident identity number (公民身份号码) of GB 11643-1999: 6-digit region code, 8-digit birth date,
/// 3-digit sequence (odd for men) and an ISO 7064 MOD 11-2 check character (0-9 or X).
/// </summary>
/// <remarks>
/// Only <see cref="TryParse"/> creates one, so a value in hand is always valid. The region code is the one of
/// issue and is never updated when the person moves; use the hukou fact for where they live now.
/// <see cref="ToString"/> returns the masked form so that the full number never reaches a log by accident;
/// read <see cref="Value"/> deliberately when it is needed.
/// </remarks>
public readonly record struct ResidentId
{
    /// <summary>Earliest accepted birth date. The standard's own example is born in 1880; anything before 1800 is a typing error.</summary>
    public static readonly DateOnly MinBirthDate = new(1800, 1, 1);

    private readonly string? _value;

    private ResidentId(string value, DateOnly birthDate, Gender gender)
    {
        _value = value;
        BirthDate = birthDate;
        Gender = gender;
    }

    /// <summary>The 18 characters, check character upper-case 'X'. Empty for <c>default(ResidentId)</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The region code of issue (first 6 digits).</summary>
    public string RegionCode => Value.Length == 18 ? Value[..6] : string.Empty;

    public DateOnly BirthDate { get; }

    public Gender Gender { get; }

    /// <summary>First 6 + "********" + last 4, e.g. 110105********002X: the region and the tail, never the birth date.</summary>
    public string Masked => Value.Length == 18 ? string.Concat(Value.AsSpan(0, 6), "********", Value.AsSpan(14, 4)) : string.Empty;

    /// <summary>
    /// Parses and validates a resident ID. Surrounding whitespace is ignored and a lower-case check 'x' is stored as 'X'.
    /// Checks, in order: not blank, 18 characters, first 17 digits, last a digit or X, valid region prefix,
    /// a real birth date between <see cref="MinBirthDate"/> and <paramref name="today"/>, the check character.
    /// </summary>
    /// <param name="today">The caller's today (from its TimeProvider); a birth date after it is rejected.</param>
    /// <param name="error">On failure a short Chinese message without the field name (the caller adds it), e.g. "校验码不正确".</param>
    public static bool TryParse(string? input, DateOnly today, out ResidentId id, out string? error)
    {
        id = default;
        error = Check(input?.Trim(), today, out var birthDate);
        if (error is not null)
            return false;

        var value = input!.Trim().ToUpperInvariant();
        var gender = (value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        id = new ResidentId(value, birthDate, gender);
        return true;
    }

    /// <summary>
    /// The ISO 7064 MOD 11-2 check character for the first 17 digits: '0'..'9' or 'X' (which stands for 10).
    /// </summary>
    /// <exception cref="ArgumentException">Not exactly 17 ASCII digits.</exception>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || first17.ContainsAnyExceptInRange('0', '9'))
            throw new ArgumentException("Expected exactly 17 ASCII digits.", nameof(first17));

        // Weight of position i is 2^(17-i) mod 11; the check character makes the weighted sum ≡ 1 (mod 11).
        var sum = 0;
        var weight = 1;
        for (var i = 16; i >= 0; i--)
        {
            weight = weight * 2 % 11;
            sum += (first17[i] - '0') * weight;
        }
        return "10X98765432"[sum % 11];
    }

    /// <summary>The masked form, so an ID interpolated into a log line or message does not leak.</summary>
    public override string ToString() => Masked;

    private static string? Check(string? s, DateOnly today, out DateOnly birthDate)
    {
        birthDate = default;
        if (string.IsNullOrEmpty(s))
            return "不能为空";
        if (s.Length != 18)
            return "应为18位";
        if (s.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
            return "前17位应为数字";
        if (s[17] is not ((>= '0' and <= '9') or 'X' or 'x'))
            return "末位应为数字或X";
        if (!Regions.IsValidCode(s[..6]))
            return "地区码无效";
        if (!DateOnly.TryParseExact(s.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
            return "出生日期无效";
        if (birthDate > today)
            return "出生日期不能晚于今天";
        if (birthDate < MinBirthDate)
            return "出生日期不能早于1800年";
        if (char.ToUpperInvariant(s[17]) != CheckCharacter(s.AsSpan(0, 17)))
            return "校验码不正确";
        return null;
    }
}
