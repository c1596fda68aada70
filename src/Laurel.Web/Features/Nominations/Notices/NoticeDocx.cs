using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>The words of the printed notice (关于…推荐人选的公示), shared by the A4 print page and the .docx.</summary>
public static class NoticeText
{
    public static string Gender(string gender) => gender == "female" ? "女" : "男";

    public static string Date(DateOnly day) => $"{day:yyyy年M月d日}";

    public static string Intro(NoticeView n) =>
        $"经推荐、民主评议，现将{n.OrgUnitName}{n.LevelName}的 {n.Candidates.Count} 名推荐人选予以公示。公示期为{Date(n.OpensOn)}至{Date(n.ClosesOn)}"
        + $"（{n.WorkingDays} 个工作日）。如对公示人选有异议，请在公示期内以书面、电话或网上方式向{n.OrgUnitName}反映。"
        + $"联系电话：{n.ContactPhone}；通讯地址：{n.ContactAddress}" + (n.ContactEmail is null ? "。" : $"；电子邮箱：{n.ContactEmail}。");

    public static IReadOnlyList<string> Columns { get; } = ["序号", "姓名", "性别", "单位", "职务"];
}

/// <summary>The notice as a Word document (DocumentFormat.OpenXml): heading, intro with window and contact, the table, the foot.</summary>
public static class NoticeDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Heading = "宋体";
    private const string Body = "仿宋";

    public static byte[] Build(NoticeView n)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new DocumentFormat.OpenXml.Wordprocessing.Body();
            body.Append(Paragraph(n.Title, Heading, 44, bold: true, JustificationValues.Center));
            body.Append(Paragraph(NoticeText.Intro(n), Body, 32, bold: false, JustificationValues.Both, firstLineIndent: true));
            body.Append(Table(n));
            body.Append(Paragraph("", Body, 32, bold: false, JustificationValues.Right));
            body.Append(Paragraph(n.OrgUnitName, Body, 32, bold: false, JustificationValues.Right));
            body.Append(Paragraph(NoticeText.Date(n.OpensOn), Body, 32, bold: false, JustificationValues.Right));
            // A4 portrait in twentieths of a point, with the usual official-paper margins.
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static RunProperties Font(string font, int halfPoints, bool bold)
    {
        // The schema's order: fonts, bold, size.
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold)
        {
            properties.Append(new Bold());
        }
        properties.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return properties;
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues align, bool firstLineIndent = false)
    {
        // The schema's order: indentation before justification.
        var properties = new ParagraphProperties();
        if (firstLineIndent)
        {
            properties.Append(new Indentation { FirstLineChars = 200 });
        }
        properties.Append(new Justification { Val = align });
        return new Paragraph(properties, new Run(Font(font, halfPoints, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Table Table(NoticeView n)
    {
        var border = (uint)4;
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = border }, new LeftBorder { Val = BorderValues.Single, Size = border },
                new BottomBorder { Val = BorderValues.Single, Size = border }, new RightBorder { Val = BorderValues.Single, Size = border },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = border }, new InsideVerticalBorder { Val = BorderValues.Single, Size = border })));
        // Column widths in twentieths of a point over the 8844 of the text block: 序号, 姓名, 性别, 单位, 职务.
        table.Append(new TableGrid(new[] { 900, 1500, 800, 3444, 2200 }.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(NoticeText.Columns, bold: true));
        foreach (var c in n.Candidates)
        {
            table.Append(Row([c.Position.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, NoticeText.Gender(c.Gender), c.Unit, c.Post], bold: false));
        }
        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool bold) =>
        new(cells.Select(text => new TableCell(Paragraph(text, bold ? Heading : Body, 28, bold, JustificationValues.Center))));
}
