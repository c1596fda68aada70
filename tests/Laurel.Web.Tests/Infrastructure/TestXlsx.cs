using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>One cell of a workbook read back: its reference, its text, whether it is a text cell and its number format.</summary>
public sealed record ReadCell(string Reference, string Value, bool IsText, uint NumberFormatId);

/// <summary>Reads a produced xlsx back with the Open XML SDK: the single sheet's name and cells, row by row.</summary>
public static class TestXlsx
{
    public static (string SheetName, List<List<ReadCell>> Rows) Read(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(c =>
        {
            var isText = c.DataType?.Value == CellValues.SharedString;
            var raw = c.CellValue?.Text ?? "";
            var value = isText ? strings[int.Parse(raw, CultureInfo.InvariantCulture)] : raw;
            var format = formats[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value ?? 0;
            return new ReadCell(c.CellReference!.Value!, value, isText, format);
        }).ToList()).ToList();
        return (sheet.Name!.Value!, rows);
    }
}
