using System.Globalization;
using System.Text;
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
        : Xlsx.ContentType;

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
        IEnumerable<IEnumerable<XlsxCell>> Rows()
        {
            yield return TitleRow(header).Where(t => t.Length > 0).Select(t => XlsxCell.Text(t, XlsxStyle.Default));
            yield return Columns.Select(c => XlsxCell.Text(c, XlsxStyle.Header));
            foreach (var l in lines)
            {
                yield return [
                    XlsxCell.Number(l.Sequence), XlsxCell.Text(l.AccountName), XlsxCell.Text(l.AccountNumber), XlsxCell.Text(l.BankName),
                    XlsxCell.Money(l.Amount), XlsxCell.Text(l.Purpose), XlsxCell.Text(l.InstructionId)];
            }
            yield return [
                XlsxCell.Text("合计", XlsxStyle.Header), XlsxCell.Number(lines.Count, XlsxStyle.Header), XlsxCell.Empty, XlsxCell.Empty,
                XlsxCell.Money(total, XlsxStyle.TotalAmount), XlsxCell.Empty, XlsxCell.Empty];
        }
        // In characters of the default font; a Chinese character is about two.
        return Xlsx.Write(SheetName, [6, 12, 24, 28, 14, 20, 24], Rows(), Xlsx.ZipTime(header.CycleMonth));
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
}
