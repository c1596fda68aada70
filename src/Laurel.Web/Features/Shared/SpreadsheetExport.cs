using System.Globalization;
using System.Text;

namespace Laurel.Web.Features.Shared;

public enum ExportFormat { Csv, Xlsx }

/// <summary>A list exported as a file, in one layout whatever the format: the same header and the same rows.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The exports people open in Excel or WPS (the honoree list, the audit log): csv (UTF-8 with BOM, long digit strings
/// kept as text, <see cref="Csv.SpreadsheetRow"/>) or xlsx (every value a text cell, <see cref="Xlsx.Table"/>), named
/// after the list and today's Beijing date.
/// </summary>
public static class SpreadsheetExport
{
    public const string FormatError = "导出格式只能是 csv 或 xlsx";

    /// <summary>csv when none is asked for; null for anything but csv and xlsx.</summary>
    public static ExportFormat? Parse(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    public static string Code(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    /// <summary>e.g. 劳模档案-20261202.xlsx, with the sheet of the xlsx named <paramref name="title"/>.</summary>
    public static ExportFile Write(ExportFormat format, string title, IReadOnlyList<string> header, IReadOnlyList<double> widths,
        IEnumerable<IReadOnlyList<string?>> rows, DateOnly today)
    {
        var name = $"{title}-{today.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.{Code(format)}";
        if (format == ExportFormat.Xlsx)
        {
            return new ExportFile(name, Xlsx.ContentType, Xlsx.Table(title, header, rows, widths, Xlsx.ZipTime(today)));
        }
        var csv = new StringBuilder();
        Csv.Row(csv, header);
        foreach (var row in rows)
        {
            Csv.SpreadsheetRow(csv, row);
        }
        return new ExportFile(name, "text/csv; charset=utf-8", Csv.Utf8WithBom(csv));
    }
}
