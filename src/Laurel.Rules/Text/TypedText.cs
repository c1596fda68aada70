namespace Laurel.Rules.Text;

/// <summary>
/// What text typed into Laurel may contain. Nothing is stripped silently: a value with a forbidden character is refused,
/// and the person retypes it. Forbidden are the C0 and C1 control characters (NUL among them, which PostgreSQL cannot
/// store in text) and the invisible format characters that make two equal-looking names differ or reorder what a
/// reader sees: U+200B–U+200F (zero-width spaces and joiners, direction marks), U+202A–U+202E (bidirectional
/// embeddings and overrides), U+2060–U+2064 (word joiner, invisible operators) and U+FEFF (byte-order mark).
/// Edge cases: a multi-line field (a comment, a reason) keeps line feeds and tabs, and a carriage return only directly
/// before a line feed (browsers send a textarea's line breaks as CR LF); a single-line field keeps none of them.
/// </summary>
public static class TypedText
{
    /// <summary>True for a character no field may hold (see the type), or a line break or tab in a single-line field.</summary>
    public static bool IsForbidden(char c, bool multiLine = false) => c switch
    {
        '\n' or '\t' => !multiLine,
        < '\u0020' => true,
        >= '\u007F' and <= '\u009F' => true,
        >= '\u200B' and <= '\u200F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2060' and <= '\u2064' => true,
        '\uFEFF' => true,
        _ => false,
    };

    /// <summary>
    /// Null when the text may be stored, else a short Chinese message naming the first forbidden character by position
    /// and code point (the caller prefixes the field label). Null text is fine.
    /// </summary>
    public static string? Check(string? text, bool multiLine = false)
    {
        if (text is null)
            return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (multiLine && c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                continue;
            if (IsForbidden(c, multiLine))
                return $"含有不允许的控制字符或不可见字符（第{i + 1}个字符，U+{(int)c:X4}），请删除后重新填写";
        }
        return null;
    }

    /// <summary>
    /// True when the text says nothing: null, empty, or only whitespace and forbidden characters (a name of one
    /// zero-width space is no name). A required field that is empty in this sense is reported as missing.
    /// </summary>
    public static bool IsEmpty(string? text)
    {
        if (text is null)
            return true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !IsForbidden(c, multiLine: false))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The text with each forbidden character written as \uXXXX, for a log line or an audit entry about refused input
    /// (a failed login's user name, say), which must neither store the character nor hide that it was there.
    /// </summary>
    public static string? Escape(string? text)
    {
        if (text is null || Check(text) is null)
            return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (IsForbidden(c))
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True when the text holds a NUL, which PostgreSQL cannot store or compare: a query with one matches nothing.</summary>
    public static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);
}
