using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Laurel.Web.Features.Shared;

/// <summary>The cell formats of <see cref="Xlsx"/>'s workbooks (indexes into its stylesheet).</summary>
public enum XlsxStyle : uint
{
    /// <summary>General format.</summary>
    Default,
    /// <summary>Bold, general format: column headers and totals labels.</summary>
    Header,
    /// <summary>Text format "@": a digit string typed over stays text.</summary>
    Text,
    /// <summary>A number shown with two decimals: money.</summary>
    Amount,
    /// <summary>Bold money: a totals row.</summary>
    TotalAmount,
}

/// <summary>One cell: text (a shared string), a number (invariant digits), or empty.</summary>
public readonly record struct XlsxCell(string? Value, XlsxStyle Style, bool IsNumber)
{
    /// <summary>Text, whatever it looks like: a 19-digit account number stays all its digits, 0010 keeps its zeros.</summary>
    public static XlsxCell Text(string text, XlsxStyle style = XlsxStyle.Text) => new(text, style, false);

    public static XlsxCell Number(long n, XlsxStyle style = XlsxStyle.Default) => new(n.ToString(CultureInfo.InvariantCulture), style, true);

    public static XlsxCell Money(decimal amount, XlsxStyle style = XlsxStyle.Amount) =>
        new(amount.ToString("0.00", CultureInfo.InvariantCulture), style, true);

    public static XlsxCell Empty { get; } = new(null, XlsxStyle.Default, false);
}

/// <summary>
/// Writes one-sheet xlsx workbooks with the Open XML SDK (ADR 16): shared strings, a fixed stylesheet of
/// <see cref="XlsxStyle"/>, column widths, and deterministic bytes (relationship ids and zip entry times fixed), so the
/// same rows give the same file. Used by the bank batch file and by the exports of the honoree list and the audit log.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// A list as a sheet: a bold header row, then one row per record, every value a text cell (dates, codes and digit
    /// strings as the page shows them; an empty or missing value an empty cell).
    /// </summary>
    public static byte[] Table(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows,
        IReadOnlyList<double> widths, DateTimeOffset stamp) =>
        Write(sheetName, widths,
            rows.Select(r => r.Select(v => string.IsNullOrEmpty(v) ? XlsxCell.Empty : XlsxCell.Text(v)))
                .Prepend(header.Select(h => XlsxCell.Text(h, XlsxStyle.Header))),
            stamp);

    /// <summary>The rows from A1 on, one row per sequence; widths in characters of the default font (a Chinese character is about two).</summary>
    public static byte[] Write(string sheetName, IReadOnlyList<double> widths, IEnumerable<IEnumerable<XlsxCell>> rows, DateTimeOffset stamp)
    {
        var strings = new SharedStrings();
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            // Every relationship gets its id here: left to the SDK, ids may be random and the bytes would differ.
            var workbook = document.AddWorkbookPart();
            document.ChangeIdOfPart(workbook, "rId1");
            var sheetPart = workbook.AddNewPart<WorksheetPart>("rId1");
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(ColumnWidths(widths));
                writer.WriteStartElement(new SheetData());
                var index = 1u;
                foreach (var row in rows)
                {
                    writer.WriteElement(Row(index++, row, strings));
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.AddNewPart<WorkbookStylesPart>("rId2").Stylesheet = Stylesheet();
            workbook.AddNewPart<SharedStringTablePart>("rId3").SharedStringTable = strings.Table;
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = "rId1" }));
        }
        return Repack(package, stamp);
    }

    /// <summary>Zip times have no zone and a 2-second grain: the start of the given Beijing day, within what zip can hold.</summary>
    public static DateTimeOffset ZipTime(DateOnly day) =>
        new(new DateTime(Math.Clamp(day.Year, 1980, 2107), day.Month, day.Day, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.Zero);

    /// <summary>A, B, … Z, AA, AB, …: the column letters of a 0-based index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }
        return name;
    }

    private static Row Row(uint index, IEnumerable<XlsxCell> cells, SharedStrings strings)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var c in cells)
        {
            var cell = new Cell { CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture), StyleIndex = (uint)c.Style };
            if (c.Value is not null && c.IsNumber)
            {
                cell.CellValue = new CellValue(c.Value);
            }
            else if (c.Value is not null)
            {
                cell.DataType = CellValues.SharedString;
                cell.CellValue = new CellValue(strings.Index(c.Value).ToString(CultureInfo.InvariantCulture));
            }
            row.Append(cell);
        }
        return row;
    }

    private static Columns ColumnWidths(IReadOnlyList<double> widths)
    {
        var columns = new Columns();
        for (var i = 0; i < widths.Count; i++)
        {
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true });
        }
        return columns;
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" })),
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())),
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
        // In the order of XlsxStyle. Built-in number formats: 0 General, 2 "0.00", 49 "@" (text).
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 2, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 2, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = true }),
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));

    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public SharedStringTable Table { get; } = new();

        public int Index(string text)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                _index[text] = i = _index.Count;
                Table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return i;
        }
    }

    /// <summary>
    /// The package again with its entries in a fixed order and every entry time fixed. System.IO.Packaging stamps
    /// each entry with the current time, so the package as written differs from one second to the next.
    /// </summary>
    private static byte[] Repack(MemoryStream package, DateTimeOffset time)
    {
        package.Position = 0;
        using var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var ordered = source.Entries
                .OrderBy(e => e.FullName switch { "[Content_Types].xml" => 0, "_rels/.rels" => 1, _ => 2 })
                .ThenBy(e => e.FullName, StringComparer.Ordinal);
            foreach (var entry in ordered)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = time;
                copy.ExternalAttributes = 0;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
