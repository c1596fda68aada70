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

    /// <summary>
    /// A bank account number in groups of four, one '*' per hidden digit, the last four kept apart:
    /// 16 digits 6222021234567890 give "6222 **** **** 7890", 19 digits give "6222 **** **** *** 1234".
    /// Edge cases: spaces in the input are ignored; null or blank gives ""; from 12 digits on the first 4 and the last 4
    /// are kept; 8 to 11 digits keep only the last 4 (keeping 4 + 4 of 8 would hide nothing); fewer than 8 are masked
    /// entirely.
    /// </summary>
    public static string AccountNumber(string? number)
    {
        var s = (number ?? string.Empty).Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == 0)
            return string.Empty;
        var first = s.Length >= 12 ? 4 : 0;
        var last = s.Length >= 8 ? 4 : 0;
        var groups = new List<string>();
        if (first > 0)
            groups.Add(s[..first]);
        var hidden = s.Length - first - last;
        for (var i = 0; i < hidden; i += 4)
            groups.Add(new string('*', Math.Min(4, hidden - i)));
        if (last > 0)
            groups.Add(s[^last..]);
        return string.Join(' ', groups);
    }

    /// <summary>
    /// A person's name keeps its first and last character: 张晓明 gives 张*明, 欧阳小明 gives 欧**明, 张明 gives 张*.
    /// Edge cases: input is trimmed; null or blank gives ""; one character gives "*"; characters are counted as
    /// text elements, so a name with a character outside the Basic Multilingual Plane (𠮷) is never cut in half.
    /// </summary>
    public static string Name(string? name)
    {
        var s = name?.Trim() ?? string.Empty;
        if (s.Length == 0)
            return string.Empty;
        var elements = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
            elements.Add(e.GetTextElement());
        return elements.Count switch
        {
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Count - 2) + elements[^1],
        };
    }
}
