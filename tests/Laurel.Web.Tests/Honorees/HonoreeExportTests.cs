using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Laurel.Web.Features.Shared;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Honorees;

/// <summary>The honoree list's export, csv and xlsx: same columns, same rows, same scope, both audited.</summary>
[Collection(DemoCollection.Name)]
public sealed class HonoreeExportTests(LaurelApp app)
{
    private static readonly string[] Columns = ["姓名", "身份证号", "性别", "出生日期", "管理单位", "就业状态", "荣誉", "去世日期"];

    [Fact]
    public async Task The_xlsx_export_has_the_csv_columns_and_rows_with_the_masked_id_as_a_text_cell()
    {
        var rid = TestData.NewResidentId();
        var name = TestData.UniqueName("表格");
        await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", name, rid);
        var jianwai = await app.BrowserAs("jianwai");
        var query = "/honorees/export?q=" + Uri.EscapeDataString(name);

        var response = await jianwai.GetAsync(query + "&format=xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx.ContentType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("劳模档案-");
        var (sheet, rows) = TestXlsx.Read(await response.Content.ReadAsByteArrayAsync());
        sheet.ShouldBe("劳模档案");

        var csvBytes = await jianwai.GetByteArrayAsync(query);
        var csv = Csv.Read(new StringReader(Encoding.UTF8.GetString(csvBytes[3..]))).Select(r => r.Fields.Select(Csv.Undefuse).ToList()).ToList();
        csv[0].ShouldBe(Columns);
        rows[0].Select(c => c.Value).ShouldBe(Columns);
        rows.Count.ShouldBe(csv.Count);
        rows.Count.ShouldBe(2);
        // The xlsx leaves an empty value out as an empty cell; by column letter it says what the csv says.
        var cells = rows[1].ToDictionary(c => c.Reference[..1], c => c.Value);
        csv[1].Select((v, i) => cells.GetValueOrDefault(Xlsx.ColumnName(i), "")).ShouldBe(csv[1]);
        var id = rows[1].Single(c => c.Reference == "B2");
        id.Value.ShouldBe(rid[..6] + "********" + rid[14..]);
        id.IsText.ShouldBeTrue();
        id.NumberFormatId.ShouldBe(49u);
        cells["A"].ShouldBe(name);
        cells["F"].ShouldBe("在职");
    }

    [Fact]
    public async Task The_xlsx_export_keeps_the_lists_scope_and_is_audited_like_the_csv_with_its_format()
    {
        var name = TestData.UniqueName("范围");
        await TestData.CreateHonoree(await app.ApiAs("wangjing"), "望京街道总工会", name);
        var query = "/honorees/export?format=xlsx&q=" + Uri.EscapeDataString(name);
        var (_, outside) = TestXlsx.Read(await (await app.BrowserAs("jianwai")).GetByteArrayAsync(query));
        outside.Count.ShouldBe(1);
        var (_, inside) = TestXlsx.Read(await (await app.BrowserAs("chaoyang")).GetByteArrayAsync(query));
        inside.Count.ShouldBe(2);
        inside[1][0].Value.ShouldBe(name);

        var audit = await (await app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?action=export&entityType=honoree&user=chaoyang");
        var entry = audit.GetProperty("items")[0];
        entry.GetProperty("summary").GetString().ShouldBe("导出劳模档案 1 条（xlsx）");
        using var after = JsonDocument.Parse(entry.GetProperty("after").GetString()!);
        after.RootElement.GetProperty("format").GetString().ShouldBe("xlsx");
        after.RootElement.GetProperty("q").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task An_unknown_format_is_refused_in_Chinese_and_audits_nothing()
    {
        var before = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = 'export' AND user_name = 'suzhou'");
        var response = await (await app.BrowserAs("suzhou")).GetAsync("/honorees/export?format=pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("导出格式只能是 csv 或 xlsx");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = 'export' AND user_name = 'suzhou'"))
            .ShouldBe(before);
    }

    [Fact]
    public async Task The_list_links_both_exports_with_its_filters()
    {
        var html = await (await app.BrowserAs("jianwai")).GetStringAsync("/honorees?q=%E7%8E%8B&status=employed");
        var document = new HtmlParser().ParseDocument(html);
        var csv = document.QuerySelector("a[data-testid=export]")!.GetAttribute("href")!;
        var xlsx = document.QuerySelector("a[data-testid=export-xlsx]")!.GetAttribute("href")!;
        csv.ShouldStartWith("/honorees/export?");
        csv.ShouldContain("status=employed");
        xlsx.ShouldContain("status=employed");
        xlsx.ShouldContain("format=xlsx");
        document.QuerySelector("a[data-testid=export-xlsx]")!.TextContent.ShouldBe("导出 Excel");
    }
}
