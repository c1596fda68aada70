using System.Text;

namespace Laurel.Web.Features.Shared;

/// <summary>
/// RFC 4180 CSV for spreadsheets: rows written with every field quoted and formula-looking values defused, files as
/// UTF-8 with a BOM (without one Excel in China reads UTF-8 as GBK), and records read back.
/// </summary>
public static class Csv
{
    public static void Row(StringBuilder sb, IReadOnlyList<string?> fields) => Row(sb, fields, Field);

    /// <summary>
    /// A row of a file for people to open in Excel or WPS (an export, not a file for another program): as
    /// <see cref="Row(StringBuilder, IReadOnlyList{string?})"/>, but a digit string the spreadsheet would turn into a
    /// number and spoil is written <c>="…"</c>, the form both Excel and WPS read as the text it holds — see
    /// <see cref="KeepsAsText"/>.
    /// </summary>
    public static void SpreadsheetRow(StringBuilder sb, IReadOnlyList<string?> fields) =>
        Row(sb, fields, v => KeepsAsText(v) ? "=\"" + v + "\"" : Field(v));

    private static void Row(StringBuilder sb, IReadOnlyList<string?> fields, Func<string?, string> field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append(field(fields[i]));
        }
        sb.Append("\r\n");
    }

    /// <summary>
    /// Digits only, and either 12 or more of them (a spreadsheet shows them as 6.22E+18 and keeps 15 significant
    /// digits: a bank account, a resident ID or a long phone number loses its end) or a leading zero (which it drops).
    /// Such a field holds only digits, so <c>="…"</c> around it can compute nothing but that text.
    /// </summary>
    public static bool KeepsAsText(string? v) =>
        v is { Length: >= 2 } && v.All(char.IsAsciiDigit) && (v.Length >= 12 || v[0] == '0');

    public static string Field(string? value)
    {
        var v = value ?? "";
        if (LooksLikeFormula(v))
        {
            v = "'" + v;
        }
        return "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Undoes <see cref="Field"/>'s defusing quote and <see cref="SpreadsheetRow"/>'s <c>="…"</c>, so that a value read
    /// back is the value written.
    /// </summary>
    public static string Undefuse(string value) =>
        value.Length > 1 && value[0] == '\'' && LooksLikeFormula(value[1..]) ? value[1..]
        : value.Length > 3 && value.StartsWith("=\"", StringComparison.Ordinal) && value[^1] == '"' && KeepsAsText(value[2..^1]) ? value[2..^1]
        : value;

    // A leading = + - @ (or tab / carriage return) makes Excel and WPS evaluate the cell as a formula.
    private static bool LooksLikeFormula(string v) => v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static byte[] Utf8WithBom(StringBuilder csv) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

    /// <summary>
    /// The records of a CSV text, each with the 1-based line it starts on. A blank line is a record of one empty field
    /// (so that line numbers stay right); a line break inside quotes belongs to the field; CRLF, LF and CR all end a
    /// record. Lenient where Excel is: text after a closing quote is kept. An unclosed quote throws a FormatException
    /// naming the line where the field began.
    /// </summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var atRecordStart = true;
        int c;
        while ((c = reader.Read()) != -1)
        {
            atRecordStart = false;
            switch (c)
            {
                case '"' when field.Length == 0:
                    var quoteLine = line;
                    while (true)
                    {
                        var q = reader.Read();
                        if (q == -1)
                        {
                            throw new FormatException($"第 {quoteLine} 行：引号没有闭合");
                        }
                        if (q == '"')
                        {
                            if (reader.Peek() != '"')
                            {
                                break;
                            }
                            reader.Read();
                        }
                        else if (q == '\n' || (q == '\r' && reader.Peek() != '\n'))
                        {
                            line++;
                        }
                        field.Append((char)q);
                    }
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new CsvRecord(recordLine, [.. fields]);
                    fields.Clear();
                    recordLine = ++line;
                    atRecordStart = true;
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }
        if (!atRecordStart)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, [.. fields]);
        }
    }
}

/// <summary>One record of a CSV file and the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);
