using System.Text;
using Laurel.Web.Features.Shared;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Shared;

/// <summary>The exports people open in Excel or WPS: long digit strings stay text in both formats.</summary>
public sealed class SpreadsheetExportTests
{
    private const string Account = "6222021234567890123";

    private static readonly string[] Header = ["姓名", "账号", "电话", "区划", "序号"];

    private static readonly IReadOnlyList<string?>[] Rows =
    [
        ["王建国", Account, "13800138000", "010101", "7"],
        ["=cmd", "12345678901", null, "110105", "-2"],
    ];

    [Fact]
    public void The_csv_writes_long_and_zero_led_digit_strings_as_quoted_formulas_of_text_and_everything_else_quoted_as_before()
    {
        var file = SpreadsheetExport.Write(ExportFormat.Csv, "测试", Header, [10, 10, 10, 10, 10], Rows, new DateOnly(2026, 12, 2));
        file.FileName.ShouldBe("测试-20261202.csv");
        file.ContentType.ShouldBe("text/csv; charset=utf-8");
        file.Content[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(file.Content[3..]).ShouldBe(
            "\"姓名\",\"账号\",\"电话\",\"区划\",\"序号\"\r\n"
            + $"\"王建国\",=\"{Account}\",\"13800138000\",=\"010101\",\"7\"\r\n"
            + "\"'=cmd\",\"12345678901\",\"\",\"110105\",\"'-2\"\r\n");
    }

    [Theory]
    [InlineData("622202123456", true)]
    [InlineData("01", true)]
    [InlineData("12345678901", false)]
    [InlineData("0", false)]
    [InlineData("6222 0212 3456 7890", false)]
    [InlineData("110105********0011", false)]
    [InlineData("=1+1", false)]
    [InlineData("１２３４５６７８９０１２", false)]
    public void Only_a_digit_string_a_spreadsheet_would_spoil_is_kept_as_text(string value, bool kept) =>
        Csv.KeepsAsText(value).ShouldBe(kept);

    [Fact]
    public void A_digit_string_kept_as_text_in_the_csv_reads_back_as_the_digits()
    {
        var csv = new StringBuilder();
        Csv.SpreadsheetRow(csv, [Account, "0010", "=x"]);
        var record = Csv.Read(new StringReader(csv.ToString())).Single();
        record.Fields.Select(Csv.Undefuse).ShouldBe([Account, "0010", "=x"]);
    }

    [Fact]
    public void The_xlsx_has_the_same_header_and_rows_as_text_cells_and_a_long_digit_string_is_a_text_cell_in_text_format()
    {
        var file = SpreadsheetExport.Write(ExportFormat.Xlsx, "测试", Header, [10, 24, 14, 8, 6], Rows, new DateOnly(2026, 12, 2));
        file.FileName.ShouldBe("测试-20261202.xlsx");
        file.ContentType.ShouldBe(Xlsx.ContentType);
        var (sheet, rows) = TestXlsx.Read(file.Content);
        sheet.ShouldBe("测试");
        rows.Count.ShouldBe(3);
        rows[0].Select(c => c.Value).ShouldBe(Header);
        rows[0].ShouldAllBe(c => c.IsText);
        rows[1].Select(c => c.Value).ShouldBe(["王建国", Account, "13800138000", "010101", "7"]);
        var account = rows[1][1];
        account.Reference.ShouldBe("B2");
        account.IsText.ShouldBeTrue();
        account.NumberFormatId.ShouldBe(49u);
        rows[1].ShouldAllBe(c => c.IsText && c.NumberFormatId == 49u);
        // A formula-looking text is a text cell, never a formula; a missing value an empty cell.
        rows[2].Select(c => c.Value).ShouldBe(["=cmd", "12345678901", "", "110105", "-2"]);
        rows[2][2].IsText.ShouldBeFalse();
    }

    [Fact]
    public void The_same_rows_give_the_same_xlsx_bytes()
    {
        var day = new DateOnly(2026, 12, 2);
        SpreadsheetExport.Write(ExportFormat.Xlsx, "测试", Header, [10, 10, 10, 10, 10], Rows, day).Content
            .ShouldBe(SpreadsheetExport.Write(ExportFormat.Xlsx, "测试", Header, [10, 10, 10, 10, 10], Rows, day).Content);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Columns_past_Z_are_named_as_a_spreadsheet_names_them(int index, string name) =>
        Xlsx.ColumnName(index).ShouldBe(name);

    [Theory]
    [InlineData(null, ExportFormat.Csv)]
    [InlineData("", ExportFormat.Csv)]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData(" XLSX ", ExportFormat.Xlsx)]
    [InlineData("pdf", null)]
    [InlineData("xls", null)]
    public void The_format_is_csv_by_default_xlsx_on_request_and_nothing_else(string? asked, ExportFormat? format) =>
        SpreadsheetExport.Parse(asked).ShouldBe(format);
}
