using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
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

/// <summary>One line of the bank's result file. LineNumber is the line (csv) or row (xlsx) the user sees in the file.</summary>
public sealed record BankResult(string InstructionId, bool Succeeded, string? Reason, int LineNumber);

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

/// <summary>
/// Reads the bank's result file: xlsx or csv (told by content, then by extension), with a header row holding 指令号 and
/// 结果 (成功 or 失败) and optionally 原因, in any order and anywhere above the data (title rows above it and columns
/// besides these are ignored). Blank lines and a 合计 row are skipped. CSV may be UTF-8 (with or without BOM) or
/// GB18030/GBK. Every problem is reported, each naming its line, and nothing is returned when there is any.
/// </summary>
public static partial class BankResultFile
{
    public const int MaxLines = 2_000_000;
    /// <summary>
    /// The largest result file: what a bank file needs. A result line is some tens of bytes, so this holds several
    /// hundred thousand lines (a cycle of the million-honoree benchmark has about 98,000 items); a larger file is
    /// imported in parts.
    /// </summary>
    public const long MaxBytes = 20L * 1024 * 1024;
    /// <summary>The largest upload request carrying one: the file and its multipart framing.</summary>
    public const long MaxRequestBytes = MaxBytes + 64 * 1024;
    /// <summary>A zip bomb guard: what the xlsx parts may add up to when unpacked.</summary>
    public const long MaxUnpackedBytes = 200L * 1024 * 1024;
    public const int MaxMessages = 100;

    private const string IdColumn = "指令号", ResultColumn = "结果", ReasonColumn = "原因";
    private const string NotXlsx = "文件不是有效的 xlsx 工作簿，请上传银行回盘的 .xlsx 或 .csv 文件";

    /// <summary>The results, or Invalid with every problem under <paramref name="field"/>.</summary>
    public static Outcome<IReadOnlyList<BankResult>> Read(string fileName, Stream content, string field = "file") =>
        Read(fileName, content, field, MaxLines);

    internal static Outcome<IReadOnlyList<BankResult>> Read(string fileName, Stream content, string field, int maxLines)
    {
        var problems = new Problems();
        List<BankResult> results = [];
        try
        {
            using var file = Buffer(content);
            if (IsXlsx(fileName, file))
            {
                results = InterpretXlsx(file, maxLines, problems);
            }
            else
            {
                (results, problems) = InterpretCsv(file, maxLines);
            }
        }
        catch (BankFileException e)
        {
            problems.Add(e.Message);
        }
        return problems.Any
            ? Outcome<IReadOnlyList<BankResult>>.Invalid(problems.ToErrors(field))
            : Outcome<IReadOnlyList<BankResult>>.Ok(results);
    }

    /// <summary>A seekable copy of the upload, refused beyond MaxBytes and when empty.</summary>
    private static MemoryStream Buffer(Stream content)
    {
        var tooLarge = new BankFileException($"文件超过 {MaxBytes / 1024 / 1024} MB，请分批导入");
        if (content.CanSeek && content.Length - content.Position > MaxBytes)
        {
            throw tooLarge;
        }
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = content.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
            {
                throw tooLarge;
            }
        }
        buffer.Position = 0;
        return buffer.Length == 0 ? throw new BankFileException("文件是空的") : buffer;
    }

    /// <summary>By content first (an xlsx is a zip, "PK"); a file that is neither zip nor .csv is refused.</summary>
    private static bool IsXlsx(string fileName, Stream file)
    {
        Span<byte> head = stackalloc byte[8];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        head = head[..n];
        if (head.StartsWith("PK"u8))
        {
            return true;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            throw new BankFileException("文件是旧版 Excel（.xls）或加密的工作簿，请在 Excel 中另存为 .xlsx 或 .csv 后再上传");
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".csv" => false,
            ".xlsx" => throw new BankFileException(NotXlsx),
            "" => throw new BankFileException("无法识别文件类型：请上传银行回盘的 .xlsx 或 .csv 文件"),
            _ => throw new BankFileException($"不支持“{extension}”文件：请上传银行回盘的 .xlsx 或 .csv 文件"),
        };
    }

    /// <summary>
    /// UTF-8 when the bytes are valid UTF-8 (or start with its BOM); otherwise GB18030, the superset of GBK that
    /// Chinese banks' systems write. A decoding failure part-way restarts the file in the other encoding.
    /// </summary>
    private static (List<BankResult>, Problems) InterpretCsv(Stream file, int maxLines)
    {
        Span<byte> head = stackalloc byte[8192];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (head[..n].Contains((byte)0))
        {
            throw new BankFileException("文件不是文本格式的 CSV，请上传银行回盘的 .xlsx 或 .csv 文件");
        }
        var utf8Bom = head[..n].StartsWith(Encoding.UTF8.Preamble);
        Encoding[] encodings = utf8Bom
            ? [new UTF8Encoding(false, throwOnInvalidBytes: true)]
            : [new UTF8Encoding(false, throwOnInvalidBytes: true), Gb18030()];
        foreach (var encoding in encodings)
        {
            file.Position = 0;
            var problems = new Problems();
            try
            {
                using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                return (Interpret(CsvRows(reader, maxLines), problems), problems);
            }
            catch (DecoderFallbackException)
            {
                // Not this encoding; try the next.
            }
        }
        throw new BankFileException("无法识别文件的编码：CSV 应为 UTF-8 或 GBK（GB18030）编码");
    }

    private static Encoding Gb18030() =>
        CodePagesEncodingProvider.Instance.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("GB18030 is not available.");

    private sealed record SheetRow(int Line, IReadOnlyList<string> Cells);

    private static IEnumerable<SheetRow> CsvRows(StreamReader reader, int maxLines)
    {
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read();
        }
        using var records = Csv.Read(reader).GetEnumerator();
        while (Next(records))
        {
            var record = records.Current;
            if (record.Line > maxLines)
            {
                throw TooManyLines(maxLines);
            }
            yield return new SheetRow(record.Line, [.. record.Fields.Select(Csv.Undefuse)]);
        }
    }

    private static bool Next(IEnumerator<CsvRecord> records)
    {
        try
        {
            return records.MoveNext();
        }
        catch (FormatException e)
        {
            throw new BankFileException(e.Message);
        }
    }

    private static BankFileException TooManyLines(int maxLines) =>
        new($"文件超过 {maxLines.ToString("N0", CultureInfo.InvariantCulture)} 行，请分批导入");

    private static List<BankResult> InterpretXlsx(Stream file, int maxLines, Problems problems)
    {
        try
        {
            return Interpret(XlsxRows(file, maxLines), problems);
        }
        catch (Exception e) when (e is not BankFileException and not OutOfMemoryException)
        {
            // Whatever the package, XML or SDK throws on a damaged workbook.
            throw new BankFileException(NotXlsx);
        }
    }

    /// <summary>The first worksheet's rows, each with its row number and its cells' text by column (A is 0).</summary>
    private static IEnumerable<SheetRow> XlsxRows(Stream file, int maxLines)
    {
        CheckUnpackedSize(file);
        using (var document = SpreadsheetDocument.Open(file, false))
        {
            var workbook = document.WorkbookPart ?? throw new BankFileException(NotXlsx);
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new BankFileException("工作簿中没有工作表");
            var part = sheet.Id?.Value is { } id && workbook.TryGetPartById(id, out var p) && p is WorksheetPart w
                ? w
                : throw new BankFileException("工作簿的第一张表不是工作表");
            var strings = SharedStrings(workbook.SharedStringTablePart);
            using var reader = OpenXmlReader.Create(part);
            var line = 0;
            var count = 0;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    reader.Read();
                    continue;
                }
                // Loading the row moves the reader past it.
                var row = (Row)reader.LoadCurrentElement()!;
                if (++count > maxLines)
                {
                    throw TooManyLines(maxLines);
                }
                line = row.RowIndex?.Value is uint r ? (int)r : line + 1;
                yield return new SheetRow(line, RowCells(row, strings));
            }
        }
    }

    private static void CheckUnpackedSize(Stream file)
    {
        using (var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
            {
                throw new BankFileException($"工作簿解压后超过 {MaxUnpackedBytes / 1024 / 1024} MB，请分批导入");
            }
        }
        file.Position = 0;
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        List<string> strings = [];
        if (part is null)
        {
            return strings;
        }
        using var reader = OpenXmlReader.Create(part);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement)
            {
                reader.Read();
                continue;
            }
            strings.Add(RichText(reader.LoadCurrentElement()!));
        }
        return strings;
    }

    /// <summary>The text of a shared or inline string: its t, or its runs' t; phonetic runs (rPh) are not text.</summary>
    private static string RichText(OpenXmlElement item) =>
        item.GetFirstChild<Text>()?.Text ?? string.Concat(item.Elements<Run>().Select(run => run.Text?.Text));

    private static List<string> RowCells(Row row, List<string> strings)
    {
        List<string> cells = [];
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
            while (cells.Count <= column)
            {
                cells.Add("");
            }
            cells[column] = CellText(cell, strings);
        }
        return cells;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }
            index = index * 26 + (c - 'A' + 1);
            if (index > 16384)
            {
                throw new BankFileException(NotXlsx);
            }
        }
        return index == 0 ? throw new BankFileException(NotXlsx) : index - 1;
    }

    private static string CellText(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count
                ? strings[i]
                : throw new BankFileException(NotXlsx);
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? RichText(inline) : "";
        }
        return raw;
    }

    /// <summary>Finds the header, then reads every data row below it; the rows' problems go to problems.</summary>
    private static List<BankResult> Interpret(IEnumerable<SheetRow> rows, Problems problems)
    {
        List<BankResult> results = [];
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        Header? header = null;
        foreach (var row in rows)
        {
            var first = row.Cells.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();
            if (first is null || first == "合计")
            {
                continue;
            }
            if (header is null)
            {
                header = Header.Find(row, problems);
                if (header is { Complete: false })
                {
                    return [];
                }
                continue;
            }
            var id = header.Cell(row, header.Id).Trim();
            var result = header.Cell(row, header.Result).Trim();
            var reason = header.Reason is { } reasonColumn ? header.Cell(row, reasonColumn).Trim() : "";
            var problemsBefore = problems.Count;
            // A NUL (which PostgreSQL cannot store) or another control character anywhere in the file, csv or xlsx; a
            // reason may span lines (a quoted line break).
            if (Laurel.Rules.Text.TypedText.Check(id) is { } idProblem)
            {
                problems.Add($"第 {row.Line} 行：“{IdColumn}”{idProblem}");
                continue;
            }
            if (Laurel.Rules.Text.TypedText.Check(reason, multiLine: true) is { } reasonProblem)
            {
                problems.Add($"第 {row.Line} 行：“{ReasonColumn}”{reasonProblem}");
                continue;
            }
            if (id.Length == 0)
            {
                problems.Add($"第 {row.Line} 行：“{IdColumn}”为空");
            }
            else if (ScientificNotation().IsMatch(id))
            {
                problems.Add($"第 {row.Line} 行：“{IdColumn}”是数字格式（{id}），位数已丢失，请把该列设为文本后重新导出");
            }
            else if (!firstLineOf.TryAdd(id, row.Line))
            {
                problems.Add($"第 {row.Line} 行：“{IdColumn}”{id} 与第 {firstLineOf[id]} 行重复");
            }
            bool? succeeded = result switch { "成功" => true, "失败" => false, _ => null };
            if (succeeded is null)
            {
                problems.Add(result.Length == 0
                    ? $"第 {row.Line} 行：“{ResultColumn}”为空，应为“成功”或“失败”"
                    : $"第 {row.Line} 行：“{ResultColumn}”应为“成功”或“失败”，而不是“{result}”");
            }
            if (problems.Count == problemsBefore)
            {
                results.Add(new BankResult(id, succeeded!.Value, reason.Length == 0 ? null : reason, row.Line));
            }
        }
        if (header is null)
        {
            problems.Add($"找不到表头：缺少“{IdColumn}”列和“{ResultColumn}”列");
        }
        else if (results.Count == 0 && !problems.Any)
        {
            problems.Add("文件中没有任何结果行");
        }
        return results;
    }

    /// <summary>Where the columns are: the first row that names 指令号 or 结果 (or 原因) in any cell.</summary>
    private sealed class Header
    {
        public int Id { get; private init; } = -1;
        public int Result { get; private init; } = -1;
        public int? Reason { get; private init; }
        public bool Complete => Id >= 0 && Result >= 0;

        public string Cell(SheetRow row, int column) => column < row.Cells.Count ? row.Cells[column] : "";

        /// <summary>Null when the row is not a header (a title row above it); an incomplete header adds its problems.</summary>
        public static Header? Find(SheetRow row, Problems problems)
        {
            var names = row.Cells.Select(c => c.Trim()).ToList();
            if (!names.Contains(IdColumn) && !names.Contains(ResultColumn) && !names.Contains(ReasonColumn))
            {
                return null;
            }
            int? Column(string name)
            {
                var at = names.IndexOf(name);
                if (at >= 0 && names.LastIndexOf(name) != at)
                {
                    problems.Add($"第 {row.Line} 行：表头有不止一个“{name}”列");
                    return -1;
                }
                return at >= 0 ? at : null;
            }
            var id = Column(IdColumn);
            var result = Column(ResultColumn);
            var reason = Column(ReasonColumn);
            foreach (var (name, at) in new[] { (IdColumn, id), (ResultColumn, result) })
            {
                if (at is null)
                {
                    problems.Add($"第 {row.Line} 行的表头缺少“{name}”列");
                }
            }
            return new Header { Id = id ?? -1, Result = result ?? -1, Reason = reason is >= 0 ? reason : null };
        }
    }

    [GeneratedRegex(@"^[0-9](\.[0-9]+)?[Ee]\+[0-9]+$")]
    private static partial Regex ScientificNotation();

    /// <summary>The messages for the user, the first MaxMessages of them and a count of the rest.</summary>
    private sealed class Problems
    {
        private readonly List<string> _messages = [];
        private int _more;

        public bool Any => _messages.Count > 0;

        public int Count => _messages.Count + _more;

        public void Add(string message)
        {
            if (_messages.Count < MaxMessages)
            {
                _messages.Add(message);
            }
            else
            {
                _more++;
            }
        }

        public FieldErrors ToErrors(string field)
        {
            var errors = new FieldErrors();
            foreach (var message in _messages)
            {
                errors.Add(field, message);
            }
            if (_more > 0)
            {
                errors.Add(field, $"另有 {_more} 处问题未列出");
            }
            return errors;
        }
    }

    private sealed class BankFileException(string message) : Exception(message);
}
