using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Laurel.Web.Features.Payments;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Tests.Payments;

/// <summary>The bank batch file and the bank's result file: pure, no database, no app.</summary>
public sealed class BankFileTests
{
    private static readonly BankBatchHeader Header = new("铁岭市总工会", new DateOnly(2026, 5, 1), 42);

    private const string LongAccount = "6222021234567890123";

    private static readonly BankLine[] Lines =
    [
        new(1, "张三", LongAccount, "中国工商银行铁岭分行", 500m, "2026年5月荣誉津贴", "P42-000001"),
        new(2, "李四", "6217000012345678", "中国建设银行铁岭分行", 1234567.5m, "2026年5月补差", "P42-000002"),
        new(3, "王五", "0123456789012345678", "中国农业银行", 0.01m, "慰问金", "P42-000003"),
    ];

    private static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static Outcome<IReadOnlyList<BankResult>> ReadText(string csv, string name = "回盘.csv") =>
        BankResultFile.Read(name, new MemoryStream(Encoding.UTF8.GetBytes(csv)));

    private static IReadOnlyList<string> Errors(Outcome<IReadOnlyList<BankResult>> outcome)
    {
        outcome.Kind.ShouldBe(OutcomeKind.Invalid);
        return outcome.Errors!.For("file");
    }

    // ---- the writer: csv ----

    [Fact]
    public void Csv_is_utf8_with_bom_and_crlf_with_title_header_lines_and_totals_in_order()
    {
        var bytes = BankBatchFile.WriteCsv(Header, Lines);

        bytes[..3].ShouldBe(Encoding.UTF8.Preamble.ToArray());
        var text = Utf8(bytes[3..]);
        text.ShouldEndWith("\r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
        text.Split("\r\n").ShouldBe([
            "\"付款单位\",\"铁岭市总工会\",\"发放月份\",\"2026-05\",\"批次号\",\"42\",\"\"",
            "\"序号\",\"姓名\",\"账号\",\"开户行\",\"金额\",\"用途\",\"指令号\"",
            $"\"1\",\"张三\",\"{LongAccount}\",\"中国工商银行铁岭分行\",\"500.00\",\"2026年5月荣誉津贴\",\"P42-000001\"",
            "\"2\",\"李四\",\"6217000012345678\",\"中国建设银行铁岭分行\",\"1234567.50\",\"2026年5月补差\",\"P42-000002\"",
            "\"3\",\"王五\",\"0123456789012345678\",\"中国农业银行\",\"0.01\",\"慰问金\",\"P42-000003\"",
            "\"合计\",\"3\",\"\",\"\",\"1235067.51\",\"\",\"\"",
            "",
        ]);
    }

    [Fact]
    public void Amounts_have_two_decimals_with_a_point_and_no_grouping_whatever_the_current_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var text = Utf8(BankBatchFile.WriteCsv(Header, Lines));
            text.ShouldContain("\"1234567.50\"");
            text.ShouldContain("\"1235067.51\"");
            text.ShouldNotContain("1234567,50");
            text.ShouldNotContain("1.234.567");
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Csv_defuses_formulas_and_quotes_commas_quotes_and_line_breaks()
    {
        BankLine[] lines = [new(1, "=HYPERLINK(\"http://x\",\"点我\")", "6222", "@SUM(A1)", 10m, "-1+1", "+P1"),
            new(2, "赵,六", "6223", "银行\r\n支行", 20m, "说\"明\"", "P2")];

        var text = Utf8(BankBatchFile.WriteCsv(Header, lines));

        text.ShouldContain("\"1\",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",\"6222\",\"'@SUM(A1)\",\"10.00\",\"'-1+1\",\"'+P1\"\r\n");
        text.ShouldContain("\"2\",\"赵,六\",\"6223\",\"银行\r\n支行\",\"20.00\",\"说\"\"明\"\"\",\"P2\"\r\n");
    }

    [Fact]
    public void The_writer_refuses_amounts_beyond_fen_non_positive_amounts_and_repeated_instruction_ids()
    {
        Should.Throw<ArgumentException>(() => BankBatchFile.WriteCsv(Header, [Lines[0] with { Amount = 1.005m }]));
        Should.Throw<ArgumentException>(() => BankBatchFile.WriteXlsx(Header, [Lines[0] with { Amount = 0m }]));
        Should.Throw<ArgumentException>(() => BankBatchFile.WriteCsv(Header, [Lines[0], Lines[1] with { InstructionId = "P42-000001" }]));
    }

    // ---- the writer: xlsx ----

    private static (WorkbookPart Workbook, List<Row> Rows) Open(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        sheet.Name!.Value.ShouldBe("发放明细");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return (workbook, part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList());
    }

    private static string Text(WorkbookPart workbook, Cell cell)
    {
        cell.DataType!.Value.ShouldBe(CellValues.SharedString);
        return workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>()
            .ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText;
    }

    private static CellFormat Format(WorkbookPart workbook, Cell cell) =>
        workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);

    [Fact]
    public void Xlsx_keeps_account_numbers_and_instruction_ids_as_text_and_amounts_as_numbers_formatted_0_00()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(BankBatchFile.WriteXlsx(Header, Lines)), false);
        var (workbook, rows) = Open(document);

        rows.Count.ShouldBe(6);
        rows.Select(r => (int)r.RowIndex!.Value).ShouldBe([1, 2, 3, 4, 5, 6]);
        rows[0].Elements<Cell>().Select(c => Text(workbook, c)).ShouldBe(["付款单位", "铁岭市总工会", "发放月份", "2026-05", "批次号", "42"]);
        var header = rows[1].Elements<Cell>().ToList();
        header.Select(c => Text(workbook, c)).ShouldBe(["序号", "姓名", "账号", "开户行", "金额", "用途", "指令号"]);
        var font = workbook.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)Format(workbook, header[0]).FontId!.Value);
        font.Bold.ShouldNotBeNull();

        var first = rows[2].Elements<Cell>().ToList();
        first.Select(c => c.CellReference!.Value).ShouldBe(["A3", "B3", "C3", "D3", "E3", "F3", "G3"]);
        Text(workbook, first[2]).ShouldBe(LongAccount);
        Format(workbook, first[2]).NumberFormatId!.Value.ShouldBe(49u);
        Text(workbook, first[6]).ShouldBe("P42-000001");
        Text(workbook, rows[4].Elements<Cell>().ElementAt(2)).ShouldBe("0123456789012345678");

        var amount = rows[3].Elements<Cell>().ElementAt(4);
        amount.DataType.ShouldBeNull();
        amount.CellValue!.Text.ShouldBe("1234567.50");
        Format(workbook, amount).NumberFormatId!.Value.ShouldBe(2u);
        first[0].DataType.ShouldBeNull();
        first[0].CellValue!.Text.ShouldBe("1");

        var part = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single().Id!);
        var widths = part.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().Select(c => c.Width!.Value).ToList();
        widths.Count.ShouldBe(7);
        widths[2].ShouldBeGreaterThanOrEqualTo(LongAccount.Length + 2);
    }

    [Fact]
    public void Xlsx_is_valid_against_the_office_schema()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(BankBatchFile.WriteXlsx(Header, Lines)), false);

        new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
    }

    [Fact]
    public void Xlsx_totals_row_counts_the_lines_and_sums_the_amounts_as_numbers()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(BankBatchFile.WriteXlsx(Header, Lines)), false);
        var (workbook, rows) = Open(document);

        var totals = rows[^1].Elements<Cell>().ToList();
        Text(workbook, totals[0]).ShouldBe("合计");
        totals[1].DataType.ShouldBeNull();
        totals[1].CellValue!.Text.ShouldBe("3");
        totals[4].DataType.ShouldBeNull();
        totals[4].CellValue!.Text.ShouldBe("1235067.51");
        Format(workbook, totals[4]).NumberFormatId!.Value.ShouldBe(2u);
    }

    [Fact]
    public void An_empty_cycle_writes_a_zero_totals_row()
    {
        Utf8(BankBatchFile.WriteCsv(Header, [])).ShouldEndWith("\"合计\",\"0\",\"\",\"\",\"0.00\",\"\",\"\"\r\n");
        using var document = SpreadsheetDocument.Open(new MemoryStream(BankBatchFile.WriteXlsx(Header, [])), false);
        Open(document).Rows[^1].Elements<Cell>().ElementAt(4).CellValue!.Text.ShouldBe("0.00");
    }

    // ---- determinism ----

    [Fact]
    public async Task Writing_the_same_cycle_twice_gives_the_same_bytes_even_seconds_apart()
    {
        var csv = BankBatchFile.WriteCsv(Header, Lines);
        var xlsx = BankBatchFile.WriteXlsx(Header, Lines);

        // Zip times have a 2-second grain: a stamp of the current time would show across this wait.
        await Task.Delay(TimeSpan.FromMilliseconds(2100));

        BankBatchFile.WriteCsv(Header, Lines).ShouldBe(csv);
        BankBatchFile.WriteXlsx(Header, Lines).ShouldBe(xlsx);
        BankBatchFile.WriteXlsx(Header, Lines.Reverse().ToArray()).ShouldNotBe(xlsx);
    }

    [Fact]
    public void Xlsx_entries_come_in_a_fixed_order_stamped_with_the_cycle_month_and_carry_no_core_properties()
    {
        using var zip = new ZipArchive(new MemoryStream(BankBatchFile.WriteXlsx(Header, Lines)), ZipArchiveMode.Read);

        var names = zip.Entries.Select(e => e.FullName).ToList();
        names[..2].ShouldBe(["[Content_Types].xml", "_rels/.rels"]);
        names[2..].ShouldBe(names[2..].Order(StringComparer.Ordinal).ToList());
        names.ShouldNotContain(n => n.StartsWith("docProps/", StringComparison.Ordinal));
        zip.Entries.ShouldAllBe(e => e.LastWriteTime.DateTime == new DateTime(2026, 5, 1, 0, 0, 0));
    }

    // ---- the reader ----

    /// <summary>What a bank sends back: the batch file with 结果 and 原因 appended to the header and each line.</summary>
    private static byte[] CsvResultFor(byte[] batch, Func<int, (string Result, string Reason)> outcome)
    {
        var lines = Utf8(batch[3..]).Split("\r\n");
        var result = new StringBuilder();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            result.Append(lines[i]);
            if (i == 1)
            {
                result.Append(",\"结果\",\"原因\"");
            }
            else if (i > 1 && i < lines.Length - 2)
            {
                var (r, reason) = outcome(i - 1);
                result.Append(CultureInfo.InvariantCulture, $",\"{r}\",\"{reason}\"");
            }
            result.Append("\r\n");
        }
        return Csv.Utf8WithBom(result);
    }

    private static byte[] XlsxResultFor(byte[] batch, Func<int, (string Result, string Reason)> outcome)
    {
        var stream = new MemoryStream();
        stream.Write(batch);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var (_, rows) = Open(document);
            static Cell Inline(string column, uint row, string text) => new()
            {
                CellReference = column + row.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(text)),
            };
            foreach (var row in rows.Skip(1).SkipLast(1))
            {
                var index = row.RowIndex!.Value;
                var (result, reason) = index == 2 ? ("结果", "原因") : outcome((int)index - 2);
                row.Append(Inline("H", index, result), Inline("I", index, reason));
            }
        }
        return stream.ToArray();
    }

    private static (string, string) SecondFails(int sequence) => sequence == 2 ? ("失败", "户名与账号不符") : ("成功", "");

    [Theory]
    [InlineData(BankFileFormat.Csv, "回盘.csv")]
    [InlineData(BankFileFormat.Xlsx, "回盘.xlsx")]
    public void A_batch_file_returned_with_results_reads_back_line_by_line(BankFileFormat format, string name)
    {
        var batch = BankBatchFile.Write(Header, Lines, format);
        var file = format == BankFileFormat.Csv ? CsvResultFor(batch, SecondFails) : XlsxResultFor(batch, SecondFails);

        var outcome = BankResultFile.Read(name, new MemoryStream(file));

        outcome.Errors?.For("file").ShouldBeEmpty();
        outcome.Value.ShouldBe([
            new BankResult("P42-000001", true, null, 3),
            new BankResult("P42-000002", false, "户名与账号不符", 4),
            new BankResult("P42-000003", true, null, 5),
        ]);
    }

    [Fact]
    public void An_instruction_id_defused_in_the_csv_reads_back_as_written()
    {
        var file = CsvResultFor(BankBatchFile.WriteCsv(Header, [Lines[0] with { InstructionId = "-P1" }]), _ => ("成功", ""));

        BankResultFile.Read("回盘.csv", new MemoryStream(file)).Value!.Single().InstructionId.ShouldBe("-P1");
    }

    [Fact]
    public void Columns_in_any_order_without_reason_with_blank_lines_and_padding_are_read()
    {
        var outcome = ReadText("银行回盘\r\n\r\n结果 , 金额,指令号\n 成功 ,1.00, A1 \n\n,,\n失败,2.00,A2\n合计,3.00,\n");

        outcome.Value.ShouldBe([new BankResult("A1", true, null, 4), new BankResult("A2", false, null, 7)]);
    }

    [Fact]
    public void A_line_break_inside_quotes_keeps_the_line_numbers_of_what_follows()
    {
        var outcome = ReadText("指令号,结果,原因\r\nA1,失败,\"户名不符\r\n请核对\"\r\nA2,成功,\r\n");

        outcome.Value.ShouldBe([new BankResult("A1", false, "户名不符\r\n请核对", 2), new BankResult("A2", true, null, 4)]);
    }

    /// <summary>A workbook as another program writes it: inline strings, numbers where the values look like numbers.</summary>
    private static byte[] Workbook(params (string Reference, object Value)[][] rows)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var cells in rows)
            {
                var row = new Row { RowIndex = uint.Parse(cells[0].Reference[1..], CultureInfo.InvariantCulture) };
                foreach (var (reference, value) in cells)
                {
                    row.Append(value is string text
                        ? new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) }
                        : new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) });
                }
                data.Append(row);
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "回盘", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }
        return stream.ToArray();
    }

    [Fact]
    public void An_xlsx_with_numeric_instruction_ids_and_a_header_off_column_a_is_read_by_cell_reference()
    {
        var file = Workbook(
            [("C2", "结果"), ("E2", "指令号")],
            [("C4", "成功"), ("E4", 202605000001m)],
            [("C5", "失败"), ("D5", "账户已销户"), ("E5", 202605000002m)]);

        BankResultFile.Read("回盘.xlsx", new MemoryStream(file)).Value.ShouldBe([
            new BankResult("202605000001", true, null, 4), new BankResult("202605000002", false, null, 5)]);
    }

    [Fact]
    public void An_xlsx_instruction_id_stored_as_a_rounded_number_is_refused()
    {
        var file = Workbook([("A1", "指令号"), ("B1", "结果")], [("A2", 2.02605000000012E+17), ("B2", "成功")]);

        Errors(BankResultFile.Read("回盘.xlsx", new MemoryStream(file))).Single()
            .ShouldStartWith("第 2 行：“指令号”是数字格式（2.02605000000012E+17），位数已丢失");
    }

    [Fact]
    public void A_gbk_csv_from_a_bank_is_read()
    {
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var bytes = gbk.GetBytes("指令号,结果,原因\r\nA1,失败,账户已冻结\r\nA2,成功,\r\n");
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));

        var outcome = BankResultFile.Read("result.CSV", new MemoryStream(bytes));

        outcome.Value.ShouldBe([new BankResult("A1", false, "账户已冻结", 2), new BankResult("A2", true, null, 3)]);
    }

    [Fact]
    public void A_utf8_csv_without_bom_is_read_as_utf8()
    {
        var outcome = BankResultFile.Read("r.csv", new MemoryStream(Encoding.UTF8.GetBytes("指令号,结果,原因\nA1,失败,余额不足\n")));

        outcome.Value!.Single().Reason.ShouldBe("余额不足");
    }

    [Fact]
    public void A_result_that_is_neither_success_nor_failure_is_named_by_line_and_column()
    {
        Errors(ReadText("指令号,结果\nA1,成功\nA2,OK\nA3,\n")).ShouldBe([
            "第 3 行：“结果”应为“成功”或“失败”，而不是“OK”",
            "第 4 行：“结果”为空，应为“成功”或“失败”",
        ]);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        Errors(ReadText("标题\n结果,原因\n成功,\n")).ShouldBe(["第 2 行的表头缺少“指令号”列"]);
        Errors(ReadText("指令号,原因\nA1,\n")).ShouldBe(["第 1 行的表头缺少“结果”列"]);
        Errors(ReadText("a,b\n1,2\n")).ShouldBe(["找不到表头：缺少“指令号”列和“结果”列"]);
        Errors(ReadText("指令号,结果,结果\nA1,成功,成功\n")).ShouldBe(["第 1 行：表头有不止一个“结果”列"]);
    }

    [Fact]
    public void A_repeated_or_empty_instruction_id_is_named_with_both_lines()
    {
        Errors(ReadText("指令号,结果\nA1,成功\nA2,成功\nA1,失败\n ,成功\n")).ShouldBe([
            "第 4 行：“指令号”A1 与第 2 行重复",
            "第 5 行：“指令号”为空",
        ]);
    }

    [Fact]
    public void An_instruction_id_that_excel_turned_into_a_rounded_number_is_refused()
    {
        Errors(ReadText("指令号,结果\n2.02605E+17,成功\n")).Single().ShouldStartWith("第 2 行：“指令号”是数字格式（2.02605E+17），位数已丢失");
    }

    [Fact]
    public void A_file_with_a_header_and_no_results_is_refused()
    {
        Errors(ReadText("指令号,结果\r\n合计,\r\n")).ShouldBe(["文件中没有任何结果行"]);
    }

    [Fact]
    public void Files_that_are_neither_csv_nor_xlsx_are_refused()
    {
        Errors(ReadText("指令号,结果\nA1,成功\n", "回盘.pdf")).ShouldBe(["不支持“.pdf”文件：请上传银行回盘的 .xlsx 或 .csv 文件"]);
        Errors(ReadText("指令号,结果\nA1,成功\n", "回盘.xlsx")).ShouldBe(["文件不是有效的 xlsx 工作簿，请上传银行回盘的 .xlsx 或 .csv 文件"]);
        Errors(BankResultFile.Read("回盘.xlsx", new MemoryStream([(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 1, 2, 3])))
            .ShouldBe(["文件不是有效的 xlsx 工作簿，请上传银行回盘的 .xlsx 或 .csv 文件"]);
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            entry.Write("not a workbook");
        }
        Errors(BankResultFile.Read("回盘.csv", new MemoryStream(zip.ToArray())))
            .ShouldBe(["文件不是有效的 xlsx 工作簿，请上传银行回盘的 .xlsx 或 .csv 文件"]);
        Errors(BankResultFile.Read("回盘.xls", new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])))
            .Single().ShouldStartWith("文件是旧版 Excel（.xls）");
        Errors(BankResultFile.Read("回盘.csv", new MemoryStream([0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 0])))
            .Single().ShouldStartWith("文件不是文本格式的 CSV");
        Errors(BankResultFile.Read("回盘.csv", new MemoryStream([]))).ShouldBe(["文件是空的"]);
    }

    [Fact]
    public void A_csv_in_neither_utf8_nor_gb18030_is_refused()
    {
        Errors(BankResultFile.Read("回盘.csv", new MemoryStream([.. "指令号,结果\nA1,"u8, 0xFF, 0xFF, (byte)'\n'])))
            .ShouldBe(["无法识别文件的编码：CSV 应为 UTF-8 或 GBK（GB18030）编码"]);
    }

    [Fact]
    public void An_unclosed_quote_names_its_line()
    {
        Errors(ReadText("指令号,结果\nA1,成功\n\"A2,成功\nA3,失败\n")).ShouldBe(["第 3 行：引号没有闭合"]);
    }

    [Fact]
    public void A_file_over_the_line_limit_is_refused_whole()
    {
        var csv = "指令号,结果\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"A{i},成功\n"));
        var bytes = Encoding.UTF8.GetBytes(csv);

        BankResultFile.Read("r.csv", new MemoryStream(bytes), "file", 11).IsOk.ShouldBeTrue();
        Errors(BankResultFile.Read("r.csv", new MemoryStream(bytes), "file", 10)).ShouldBe(["文件超过 10 行，请分批导入"]);
        var xlsx = XlsxResultFor(BankBatchFile.WriteXlsx(Header, Lines), SecondFails);
        Errors(BankResultFile.Read("r.xlsx", new MemoryStream(xlsx), "file", 5)).ShouldBe(["文件超过 5 行，请分批导入"]);
        BankResultFile.MaxLines.ShouldBe(2_000_000);
    }

    [Fact]
    public void Past_a_hundred_problems_the_rest_are_counted()
    {
        var csv = "指令号,结果\n" + string.Concat(Enumerable.Range(1, 150).Select(i => $"A{i},?\n"));

        var errors = Errors(ReadText(csv));

        errors.Count.ShouldBe(101);
        errors[^1].ShouldBe("另有 50 处问题未列出");
    }
}
