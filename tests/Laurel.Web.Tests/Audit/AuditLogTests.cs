using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Laurel.Rules.Calendar;
using Laurel.Web.Features.Audit;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Audit;

/// <summary>The auditor's audit log: date filters, partial user match, Chinese names, readable details, exports.</summary>
[Collection(DemoCollection.Name)]
public sealed class AuditLogTests(LaurelApp app)
{
    private static string Day(DateOnly d) => Show.Date(d);

    /// <summary>Registers an honoree as jianwai; returns its id and the Beijing day its audit entry was written on.</summary>
    private async Task<(long Id, string Name, DateOnly Day)> NewAuditedHonoree()
    {
        var name = TestData.UniqueName("审计");
        var id = (await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", name)).GetProperty("id").GetInt64();
        var entry = (await (await app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?entityType=honoree&entityId={id}&action=create"))
            .GetProperty("items").EnumerateArray().Single();
        return (id, name, DateBounds.BeijingToday(entry.GetProperty("occurredAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_date_filter_from_and_to_the_same_day_answers_that_days_entries_on_the_page_and_in_the_api_instead_of_500()
    {
        var (id, _, day) = await NewAuditedHonoree();
        var auditor = await app.ApiAs("auditor");
        async Task<int> Total(string query)
        {
            var response = await auditor.GetAsync($"/api/v1/audit-entries?entityType=honoree&entityId={id}&{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32();
        }
        (await Total($"from={Day(day)}&to={Day(day)}")).ShouldBe(1);
        (await Total($"from={Day(day)}")).ShouldBe(1);
        (await Total($"to={Day(day)}")).ShouldBe(1);
        (await Total($"from={Day(day.AddDays(1))}")).ShouldBe(0);
        (await Total($"to={Day(day.AddDays(-1))}")).ShouldBe(0);

        var page = await (await app.BrowserAs("auditor")).GetAsync($"/audit?entityType=honoree&entityId={id}&from={Day(day)}&to={Day(day)}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("共 1 条");
    }

    [Fact]
    public async Task The_user_filter_matches_part_of_the_user_name_or_of_the_display_name()
    {
        var (userId, userName) = await TestUsers.CreateAsync(app, "part");
        var auditor = await app.ApiAs("auditor");
        var entries = async (string user) => (await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit-entries?entityType=user&entityId={userId}&user={Uri.EscapeDataString(user)}")).GetProperty("total").GetInt32();

        // The admin's creation of the user is found by any part of the admin's name, in any case.
        (await entries("admin")).ShouldBe(1);
        (await entries("dmi")).ShouldBe(await entries("admin"));
        (await entries("ADMIN")).ShouldBe(await entries("admin"));
        (await entries("no-such-user")).ShouldBe(0);
        (await entries("%")).ShouldBe(0);

        // A sign-in as the new user is found by a part of its display name (测试用户) as well as of its name.
        await TestUsers.TokenAsync(app, userName);
        var byName = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/audit-entries?action=login_succeeded&user={Uri.EscapeDataString(userName[2..])}");
        byName.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("userName").GetString()).ShouldContain(userName);
        var byDisplayName = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?action=login_succeeded&user=试用&pageSize=200");
        byDisplayName.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("userName").GetString()).ShouldContain(userName);
    }

    [Fact]
    public async Task The_page_filter_offers_every_object_type_and_action_by_its_Chinese_name()
    {
        var html = await (await app.BrowserAs("auditor")).GetStringAsync("/audit");
        var document = new HtmlParser().ParseDocument(html);
        var types = document.QuerySelectorAll("#entityType option").Skip(1).Select(o => (o.GetAttribute("value"), o.TextContent)).ToList();
        types.ShouldBe(AuditObjectTypes.All.Select(t => ((string?)t.Code, t.Name)));
        types.Select(t => t.TextContent).ShouldContain("发放批次");
        types.Select(t => t.TextContent).ShouldContain("专项经费（预算）");
        types.Select(t => t.TextContent).ShouldContain("政策参数");
        types.Select(t => t.TextContent).ShouldContain("银行账户");
        var actions = document.QuerySelectorAll("#action option").Skip(1).Select(o => o.GetAttribute("value") ?? "").ToList();
        actions.ShouldBe(AuditActions.All.ToList());
    }

    [Fact]
    public async Task An_entry_shows_its_object_type_and_action_in_Chinese_and_its_details_as_labelled_values_with_the_json_one_click_away()
    {
        var (id, name, _) = await NewAuditedHonoree();
        var html = await (await app.BrowserAs("auditor")).GetStringAsync($"/audit?entityType=honoree&entityId={id}");
        var row = new HtmlParser().ParseDocument(html).QuerySelector("table[data-testid=audit] tbody tr")!;
        row.QuerySelector("[data-testid=object]")!.TextContent.Trim().ShouldBe($"劳模档案 {id}");
        // The actor by the name colleagues know, with the login beside it.
        row.QuerySelector("[data-testid=actor]")!.TextContent.ShouldContain("王建国（jianwai）");
        row.TextContent.ShouldContain("新增");
        var details = row.QuerySelector("details[data-testid=details]")!;
        var list = details.QuerySelector("dl.audit-details")!;
        var pairs = list.QuerySelectorAll("dt").Zip(list.QuerySelectorAll("dd"), (dt, dd) => (dt.TextContent, dd.TextContent)).ToList();
        pairs.ShouldContain(("姓名", name));
        pairs.ShouldContain(("就业状态", "在职"));
        pairs.ShouldContain(("户籍地区", "110105 朝阳区"));
        list.TextContent.ShouldNotContain("employmentStatus");
        var raw = details.QuerySelector("details pre.audit-json")!;
        raw.TextContent.ShouldContain("\"employmentStatus\": \"employed\"");
    }

    [Fact]
    public async Task Every_detail_key_in_the_log_has_a_Chinese_label()
    {
        await NewAuditedHonoree();
        var keys = await TestDb.Column<string>(app.OwnerConnectionString, """
            SELECT DISTINCT k FROM audit_entries,
                LATERAL (SELECT jsonb_object_keys(before) AS k WHERE jsonb_typeof(before) = 'object'
                         UNION SELECT jsonb_object_keys(after) WHERE jsonb_typeof(after) = 'object') x
            """);
        keys.ShouldContain("employmentStatus");
        keys.Where(k => !AuditDetails.Labels.ContainsKey(k)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_xlsx_export_holds_the_filtered_entries_in_Chinese_and_is_itself_audited()
    {
        var (id, name, day) = await NewAuditedHonoree();
        var auditor = await app.BrowserAs("auditor");
        var response = await auditor.GetAsync($"/audit/export?format=xlsx&entityType=honoree&entityId={id}&from={Day(day)}&to={Day(day)}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx.ContentType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldEndWith(".xlsx");
        var (sheet, rows) = TestXlsx.Read(await response.Content.ReadAsByteArrayAsync());
        sheet.ShouldBe("审计日志");
        rows[0].Select(c => c.Value).ShouldBe(["时间（北京时间）", "操作者", "操作者类别", "IP 地址", "操作", "对象类型", "对象编号", "摘要", "变更前", "变更后"]);
        rows.Count.ShouldBe(2);
        var entry = rows[1].ToDictionary(c => c.Reference[..1], c => c);
        entry["B"].Value.ShouldBe("王建国（jianwai）");
        entry["E"].Value.ShouldBe("新增");
        entry["F"].Value.ShouldBe("劳模档案");
        entry["G"].Value.ShouldBe(id.ToString());
        entry["G"].IsText.ShouldBeTrue();
        entry["J"].Value.ShouldContain($"姓名：{name}");
        entry["J"].Value.ShouldContain("就业状态：在职");

        var audit = await (await app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?action=export&entityType=audit_entry&user=auditor");
        var last = audit.GetProperty("items")[0];
        last.GetProperty("summary").GetString().ShouldBe("导出审计日志 1 条（xlsx）");
        using var after = JsonDocument.Parse(last.GetProperty("after").GetString()!);
        after.RootElement.GetProperty("entityId").GetString().ShouldBe(id.ToString());
        after.RootElement.GetProperty("format").GetString().ShouldBe("xlsx");
    }

    [Fact]
    public async Task The_csv_export_has_the_same_columns_as_utf8_with_bom()
    {
        var (id, _, _) = await NewAuditedHonoree();
        var bytes = await (await app.BrowserAs("auditor")).GetByteArrayAsync($"/audit/export?format=csv&entityType=honoree&entityId={id}");
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var records = Laurel.Web.Features.Shared.Csv.Read(new StringReader(Encoding.UTF8.GetString(bytes[3..]))).ToList();
        records.Count.ShouldBe(2);
        records[0].Fields[5].ShouldBe("对象类型");
        records[1].Fields[5].ShouldBe("劳模档案");
        records[1].Fields[4].ShouldBe("新增");
    }

    [Theory]
    [InlineData("jianwai")]
    [InlineData("admin")]
    public async Task Only_an_auditor_exports_the_log(string user)
    {
        var response = await (await app.BrowserAs(user)).GetAsync("/audit/export?format=xlsx");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.ToString().ShouldContain("denied", Case.Insensitive);
        }
    }

    [Fact]
    public async Task An_unknown_export_format_or_a_malformed_date_is_refused_in_Chinese()
    {
        var auditor = await app.BrowserAs("auditor");
        var pdf = await auditor.GetAsync("/audit/export?format=pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await pdf.Content.ReadAsStringAsync()).ShouldContain("导出格式只能是 csv 或 xlsx");
        var date = await auditor.GetAsync("/audit/export?format=xlsx&from=yesterday");
        date.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await date.Content.ReadAsStringAsync()).ShouldContain("日期格式不正确");
    }
}
