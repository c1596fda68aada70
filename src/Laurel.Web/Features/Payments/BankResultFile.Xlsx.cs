using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Laurel.Web.Features.Payments;

/// <summary>The bank's result file read as an xlsx workbook: its first sheet's rows as text, within the size limits.</summary>
public static partial class BankResultFile
{
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
}
