using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Payments;

/// <summary>What a bank batch file says about its payment cycle: who pays, for which month, which cycle.</summary>
public sealed record BankBatchHeader(string PayingUnitName, DateOnly CycleMonth, long CycleId);

/// <summary>
/// One payment instruction to the bank. Amount is CNY with at most 2 decimals and above zero; InstructionId is unique
/// in the file and is what the bank's result file names the line by.
/// </summary>
public sealed record BankLine(
    int Sequence, string AccountName, string AccountNumber, string BankName, decimal Amount, string Purpose, string InstructionId);

public enum BankFileFormat { Csv, Xlsx }

/// <summary>
/// The batch file a payment cycle sends to the bank, in the common payroll layout: a title row (paying unit, month,
/// cycle), the column header 序号 姓名 账号 开户行 金额 用途 指令号, one row a line, and a totals row last (合计, the
/// number of lines under 姓名, the total under 金额). Deterministic: the same input gives the same bytes, in both
/// formats, whenever it is written (on the same runtime: the zip's deflate output and "made by" field are its own).
/// </summary>
public static class BankBatchFile
{
    public const string SheetName = "发放明细";

    private static readonly string[] Columns = ["序号", "姓名", "账号", "开户行", "金额", "用途", "指令号"];

    public static byte[] Write(BankBatchHeader header, IReadOnlyList<BankLine> lines, BankFileFormat format) => format switch
    {
        BankFileFormat.Csv => WriteCsv(header, lines),
        BankFileFormat.Xlsx => WriteXlsx(header, lines),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>e.g. 发放明细-铁岭市总工会-202605-批次42.xlsx</summary>
    public static string FileName(BankBatchHeader header, BankFileFormat format) =>
        $"{SheetName}-{header.PayingUnitName}-{header.CycleMonth.ToString("yyyyMM", CultureInfo.InvariantCulture)}-批次{header.CycleId}"
        + (format == BankFileFormat.Csv ? ".csv" : ".xlsx");

    public static string ContentType(BankFileFormat format) => format == BankFileFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>UTF-8 with BOM, CRLF, every field quoted, formula-looking text defused with a leading quote.</summary>
    public static byte[] WriteCsv(BankBatchHeader header, IReadOnlyList<BankLine> lines)
    {
        var total = Check(lines);
        var csv = new StringBuilder();
        Csv.Row(csv, TitleRow(header));
        Csv.Row(csv, Columns);
        foreach (var l in lines)
        {
            Csv.Row(csv, [Number(l.Sequence), l.AccountName, l.AccountNumber, l.BankName, Money(l.Amount), l.Purpose, l.InstructionId]);
        }
        Csv.Row(csv, ["合计", Number(lines.Count), "", "", Money(total), "", ""]);
        return Csv.Utf8WithBom(csv);
    }

    /// <summary>
    /// One sheet named 发放明细. Account numbers and instruction IDs are text cells (a 19-digit account number as a
    /// number loses its last digits), amounts are numbers formatted 0.00, the column header is bold.
    /// </summary>
    public static byte[] WriteXlsx(BankBatchHeader header, IReadOnlyList<BankLine> lines)
    {
        var total = Check(lines);
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
                writer.WriteElement(ColumnWidths());
                writer.WriteStartElement(new SheetData());
                var row = 1u;
                writer.WriteElement(XlsxRow(row++, TitleRow(header).Where(t => t.Length > 0).Select(t => TextCell(t, Style.Default, strings))));
                writer.WriteElement(XlsxRow(row++, Columns.Select(c => TextCell(c, Style.Header, strings))));
                foreach (var l in lines)
                {
                    writer.WriteElement(XlsxRow(row++, [
                        NumberCell(Number(l.Sequence), Style.Default), TextCell(l.AccountName, Style.Text, strings),
                        TextCell(l.AccountNumber, Style.Text, strings), TextCell(l.BankName, Style.Text, strings),
                        NumberCell(Money(l.Amount), Style.Amount), TextCell(l.Purpose, Style.Text, strings),
                        TextCell(l.InstructionId, Style.Text, strings)]));
                }
                writer.WriteElement(XlsxRow(row, [
                    TextCell("合计", Style.Header, strings), NumberCell(Number(lines.Count), Style.Header), Empty(), Empty(),
                    NumberCell(Money(total), Style.TotalAmount), Empty(), Empty()]));
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.AddNewPart<WorkbookStylesPart>("rId2").Stylesheet = Stylesheet();
            workbook.AddNewPart<SharedStringTablePart>("rId3").SharedStringTable = strings.Table;
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = SheetName, SheetId = 1, Id = "rId1" }));
        }
        return Repack(package, ZipTime(header.CycleMonth));
    }

    private static string[] TitleRow(BankBatchHeader header) =>
        ["付款单位", header.PayingUnitName, "发放月份", header.CycleMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "批次号", Number(header.CycleId), ""];

    /// <summary>The total; throws on what no bank file may carry, which is a caller's mistake, not a user's.</summary>
    private static decimal Check(IReadOnlyList<BankLine> lines)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var total = 0m;
        foreach (var l in lines)
        {
            if (l.Amount <= 0 || decimal.Round(l.Amount, 2) != l.Amount)
            {
                throw new ArgumentException($"Line {l.Sequence}: amount {l.Amount} is not a positive sum in fen.", nameof(lines));
            }
            if (string.IsNullOrWhiteSpace(l.InstructionId) || !ids.Add(l.InstructionId))
            {
                throw new ArgumentException($"Line {l.Sequence}: instruction ID '{l.InstructionId}' is empty or repeated.", nameof(lines));
            }
            total += l.Amount;
        }
        return total;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    // Indexes into Stylesheet().CellFormats.
    private enum Style : uint { Default, Header, Text, Amount, TotalAmount }

    private static Row XlsxRow(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }
        return row;
    }

    private static string ColumnName(int index) => ((char)('A' + index)).ToString();

    private static Cell TextCell(string text, Style style, SharedStrings strings) => new()
    {
        DataType = CellValues.SharedString,
        StyleIndex = (uint)style,
        CellValue = new CellValue(strings.Index(text).ToString(CultureInfo.InvariantCulture)),
    };

    private static Cell NumberCell(string invariantNumber, Style style) =>
        new() { StyleIndex = (uint)style, CellValue = new CellValue(invariantNumber) };

    private static Cell Empty() => new() { StyleIndex = (uint)Style.Default };

    private static Columns ColumnWidths()
    {
        // In characters of the default font; a Chinese character is about two.
        double[] widths = [6, 12, 24, 28, 14, 20, 24];
        var columns = new Columns();
        for (var i = 0; i < widths.Length; i++)
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
        // Built-in number formats: 0 General, 2 "0.00", 49 "@" (text, so that an edited account number stays text).
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

    /// <summary>Zip times have no zone and a 2-second grain; the first of the cycle month, within what zip can hold.</summary>
    private static DateTimeOffset ZipTime(DateOnly month) =>
        new(new DateTime(Math.Clamp(month.Year, 1980, 2107), month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.Zero);

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
