using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Payments;

/// <summary>One line of the bank's result file. LineNumber is the line (csv) or row (xlsx) the user sees in the file.</summary>
public sealed record BankResult(string InstructionId, bool Succeeded, string? Reason, int LineNumber);

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
    public const long MaxBytes = Hosting.UploadLimits.BankResultFileBytes;
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
