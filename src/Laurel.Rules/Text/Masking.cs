namespace Laurel.Rules.Text;

/// <summary>Masks personal data for lists, logs and exports where the full value is not needed.</summary>
public static class Masking
{
    /// <summary>
    /// An 11-digit mainland mobile number (starting with 1) keeps its first 3 and last 4 digits: 138****1234.
    /// Anything else (landlines, +86 forms) keeps its first 3 and last 2 characters, one '*' per hidden character.
    /// Edge cases: input is trimmed; null or blank gives ""; 5 characters or fewer are masked entirely, since
    /// keeping 3 + 2 would hide nothing.
    /// </summary>
    public static string Phone(string? phone)
    {
        var s = phone?.Trim() ?? string.Empty;
        if (s.Length == 0)
            return string.Empty;
        if (s.Length == 11 && s[0] == '1' && !s.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return string.Concat(s.AsSpan(0, 3), "****", s.AsSpan(7, 4));
        if (s.Length <= 5)
            return new string('*', s.Length);
        return string.Concat(s.AsSpan(0, 3), new string('*', s.Length - 5), s.AsSpan(s.Length - 2, 2));
    }
}
