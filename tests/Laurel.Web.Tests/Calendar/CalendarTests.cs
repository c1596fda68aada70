using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Laurel.Web.Tests.Calendar;

/// <summary>
/// The working-day calendar (ADR 20): imported from chinese-days at start, asked through /api/v1/calendar/window,
/// corrected by system administrators only, audited, and never overwritten by the next import. The corrections use
/// 2024 dates, which nothing else in the demo collection counts with.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CalendarTests(LaurelApp app)
{
    private static async Task<JsonElement> Window(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/calendar/window?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ClosesOn(HttpClient client, string opensOn, int workingDays) =>
        (await Window(client, $"opensOn={opensOn}&workingDays={workingDays}")).GetProperty("closesOn").GetString()!;

    private static Task<HttpResponseMessage> Remove(HttpClient client, string day, string reason) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/calendar/days/{day}") { Content = JsonContent.Create(new { reason }) });

    private Task<int> ImportAgain() => WorkingCalendarStore.ImportPackageAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
        app.Services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider, NullLogger.Instance);

    private Task<long> Audits(string day, string action) => TestDb.Scalar<long>(app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = 'calendar_day' AND entity_id = $1 AND action = $2 AND user_name = 'admin'", day, action);

    [Fact]
    public async Task A_window_opened_on_28_september_2026_for_five_working_days_closes_on_9_october_after_the_national_day_holiday()
    {
        var window = await Window(await app.ApiAs("jianwai"), "opensOn=2026-09-28&workingDays=5");
        window.GetProperty("opensOn").GetString().ShouldBe("2026-09-28");
        window.GetProperty("workingDays").GetInt32().ShouldBe(5);
        window.GetProperty("closesOn").GetString().ShouldBe("2026-10-09");
        // The make-up Saturday after the holiday counts; a window opened on the holiday starts on 8 October.
        (await ClosesOn(await app.ApiAs("jianwai"), "2026-10-01", 3)).ShouldBe("2026-10-10");
    }

    [Fact]
    public async Task A_window_that_spans_the_spring_festival_skips_its_nine_days_and_counts_the_make_up_saturday_before_it()
    {
        // 2026: holiday 15–23 February, make-up workdays Saturday 14 and Saturday 28 February (State Council, in chinese-days).
        // Opened Thursday 12 February: 12, 13, 14 (Saturday, worked), then 24 and 25 February.
        (await ClosesOn(await app.ApiAs("jianwai"), "2026-02-12", 5)).ShouldBe("2026-02-25");
        // Opened on the holiday, the count starts on the first working day after it.
        (await ClosesOn(await app.ApiAs("jianwai"), "2026-02-17", 1)).ShouldBe("2026-02-24");
    }

    [Theory]
    [InlineData("opensOn=2026-02-30&workingDays=5", "opensOn", "开始日期格式不正确")]
    [InlineData("workingDays=5", "opensOn", "开始日期不能为空")]
    [InlineData("opensOn=1900-01-01&workingDays=5", "opensOn", "开始日期应在")]
    [InlineData("opensOn=2026-09-28&workingDays=0", "workingDays", "工作日天数应为 1 至 60")]
    [InlineData("opensOn=2026-09-28&workingDays=61", "workingDays", "工作日天数应为 1 至 60")]
    [InlineData("opensOn=2026-09-28&workingDays=五", "workingDays", "工作日天数应为 1 至 60")]
    public async Task A_bad_date_or_a_count_outside_1_to_60_answers_422_naming_the_field_in_chinese(string query, string field, string message)
    {
        var response = await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/calendar/window?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty(field)[0].GetString()!.ShouldStartWith(message);
    }

    [Fact]
    public async Task The_package_is_imported_once_with_its_holidays_and_make_up_workdays_and_a_second_import_writes_nothing()
    {
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM calendar_days WHERE source = 'chinese-days 1.5.7'"))
            .ShouldBeGreaterThan(700);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT kind || ' ' || name FROM calendar_days WHERE day = '2026-10-10'"))
            .ShouldBe("workday 国庆节");
        (await ImportAgain()).ShouldBe(0);
        var year = await (await app.ApiAs("jianwai")).GetFromJsonAsync<JsonElement>("/api/v1/calendar/days?year=2026");
        year.GetProperty("hasTable").GetBoolean().ShouldBeTrue();
        year.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("day").GetString() == "2026-02-14")
            .GetProperty("kind").GetString().ShouldBe("workday");
        (await (await app.ApiAs("jianwai")).GetAsync("/api/v1/calendar/days?year=两千")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_administrators_correction_changes_the_window_is_audited_and_survives_the_next_import()
    {
        var admin = await app.ApiAs("admin");
        var cadre = await app.ApiAs("jianwai");
        // Monday 4 March 2024: five working days close on Friday 8 March.
        (await ClosesOn(cadre, "2024-03-04", 5)).ShouldBe("2024-03-08");

        var set = await admin.PutAsJsonAsync("/api/v1/calendar/days/2024-03-06", new { kind = "holiday", name = "测试假日", reason = "测试更正" });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await ClosesOn(cadre, "2024-03-04", 5)).ShouldBe("2024-03-11");
        (await Audits("2024-03-06", "create")).ShouldBe(1);
        (await ImportAgain()).ShouldBe(0);
        (await ClosesOn(cadre, "2024-03-04", 5)).ShouldBe("2024-03-11");

        (await Remove(admin, "2024-03-06", "测试结束")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ClosesOn(cadre, "2024-03-04", 5)).ShouldBe("2024-03-08");
        (await Audits("2024-03-06", "delete")).ShouldBe(1);
        (await Remove(admin, "2024-03-06", "再移除一次")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A holiday of the package removed by the administrator stays removed through the next import.
        (await ClosesOn(cadre, "2024-09-30", 2)).ShouldBe("2024-10-08");
        (await Remove(admin, "2024-10-01", "测试移除国庆节")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ImportAgain()).ShouldBe(0);
        (await ClosesOn(cadre, "2024-09-30", 2)).ShouldBe("2024-10-01");
        (await admin.PutAsJsonAsync("/api/v1/calendar/days/2024-10-01", new { kind = "holiday", name = "国庆节", reason = "测试后恢复" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ClosesOn(cadre, "2024-09-30", 2)).ShouldBe("2024-10-08");
        (await Audits("2024-10-01", "update")).ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_without_a_reason_or_with_a_bad_kind_answers_422_and_changes_nothing()
    {
        var admin = await app.ApiAs("admin");
        var response = await admin.PutAsJsonAsync("/api/v1/calendar/days/2024-05-06", new { kind = "vacation", name = "测试", reason = " " });
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("kind")[0].GetString().ShouldBe("类型请选择放假或调休上班");
        errors.GetProperty("reason")[0].GetString().ShouldBe("更正原因不能为空");
        (await admin.PutAsJsonAsync("/api/v1/calendar/days/2024-13-01", new { kind = "holiday", name = "测试", reason = "测试" }))
            .StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM calendar_days WHERE day = '2024-05-06' AND source = 'admin'"))
            .ShouldBe(0);
    }

    [Fact]
    public async Task A_user_who_is_not_a_system_administrator_is_refused_a_correction_and_sees_no_form()
    {
        foreach (var user in new[] { "nmg", "chaoyang-selection" })
        {
            var client = await app.ApiAs(user);
            (await client.PutAsJsonAsync("/api/v1/calendar/days/2024-10-02", new { kind = "workday", name = "国庆节", reason = "越权" }))
                .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await Remove(client, "2024-10-02", "越权")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT kind || ' ' || source FROM calendar_days WHERE day = '2024-10-02'"))
            .ShouldBe("holiday chinese-days 1.5.7");
        var page = await (await app.BrowserAs("chaoyang-selection")).GetStringAsync("/calendar?year=2026");
        page.ShouldContain("href=\"/calendar\"");
        page.ShouldContain("国庆节");
        page.ShouldNotContain("设定某一天");
        (await (await app.BrowserAs("jianwai")).GetStringAsync("/")).ShouldNotContain("节假日与调休");
    }

    [Fact]
    public async Task The_administrators_page_lists_the_year_warns_when_next_years_table_is_missing_and_saves_a_correction()
    {
        var browser = await app.BrowserAs("admin");
        var page = await browser.GetStringAsync("/calendar?year=2026");
        page.ShouldContain("data-day=\"2026-10-10\" data-kind=\"workday\"");
        page.ShouldContain("国务院放假安排（节假日数据 1.5.7 版）");
        var nextYear = DateBounds.BeijingToday(DateTimeOffset.UtcNow).Year + 1;
        var nextYearKnown = await TestDb.Scalar<bool>(app.OwnerConnectionString,
            "SELECT EXISTS (SELECT 1 FROM calendar_days WHERE kind <> 'ordinary' AND extract(year FROM day) = $1)", nextYear);
        page.Contains($"尚无 {nextYear} 年的节假日与调休安排").ShouldBe(!nextYearKnown);

        var form = await browser.GetStringAsync("/calendar?day=2024-05-07");
        form.ShouldContain("value=\"2024-05-07\"");
        var saved = await browser.PostAsync("/calendar?handler=Set", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Set.Day"] = "2024-05-07", ["Set.Kind"] = "holiday", ["Set.Name"] = "测试假日", ["Set.Reason"] = "页面测试",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetStringAsync(saved.Headers.Location!.ToString());
        after.ShouldContain("已将 2024-05-07 设为放假（测试假日）");
        after.ShouldContain("管理员更正");
        after.ShouldContain("页面测试");

        var refused = await browser.PostAsync("/calendar?handler=Remove", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Remove.Day"] = "2024-05-07", ["Remove.Reason"] = "",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(after),
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("移除原因不能为空");
        (await ClosesOn(await app.ApiAs("jianwai"), "2024-05-06", 2)).ShouldBe("2024-05-08");
    }
}
