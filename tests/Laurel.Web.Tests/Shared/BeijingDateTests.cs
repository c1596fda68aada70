using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.Shared;

/// <summary>
/// Laurel on a host whose time zone is UTC, at 2026-11-30 16:30 UTC: already 1 December in Beijing. Every "this month"
/// default follows Beijing, not the host.
/// </summary>
public sealed class BeijingDateTests(BeijingDateTests.UtcHostApp app) : IClassFixture<BeijingDateTests.UtcHostApp>
{
    private static readonly DateTimeOffset LateOnTheLastDayInUtc = new(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);

    /// <summary>A clock stopped at one instant, on a host whose local zone is UTC.</summary>
    private sealed class UtcHostClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    public sealed class UtcHostApp : LaurelApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(new UtcHostClock(LateOnTheLastDayInUtc)));
        }
    }

    private static string MonthField(string html) =>
        Regex.Match(html, "<input[^>]*data-field=\"month\"[^>]*>").Value is { Length: > 0 } input
            ? Regex.Match(input, "value=\"([^\"]*)\"").Groups[1].Value
            : throw new InvalidOperationException("No month field in the page.");

    [Fact]
    public async Task An_honorees_entitlements_without_a_month_are_those_of_this_month_in_Beijing()
    {
        var client = await app.ApiAs("hohhot");
        var id = (await TestData.CreateHonoree(client, "呼和浩特市总工会", TestData.UniqueName("劳模"))).GetProperty("id").GetInt64();
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/entitlements");
        answer.GetProperty("month").GetString().ShouldBe("2026-12");
    }

    [Fact]
    public async Task The_consultation_and_payment_cycle_forms_offer_this_month_in_Beijing()
    {
        MonthField(await (await app.BrowserAs("hohhot")).GetStringAsync("/consult")).ShouldBe("2026-12");
        MonthField(await (await app.BrowserAs("nmg-finance")).GetStringAsync("/payments")).ShouldBe("2026-12");
    }

    [Fact]
    public async Task The_audit_logs_date_filter_takes_Beijing_days_so_an_entry_at_00_30_Beijing_is_on_the_new_day_not_the_utc_one()
    {
        var id = (await TestData.CreateHonoree(await app.ApiAs("hohhot"), "呼和浩特市总工会", TestData.UniqueName("审计日"))).GetProperty("id").GetInt64();
        var auditor = await app.ApiAs("auditor");
        async Task<int> Total(string dates) => (await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/v1/audit-entries?entityType=honoree&entityId={id}&action=create&{dates}")).GetProperty("total").GetInt32();
        (await Total("from=2026-12-01&to=2026-12-01")).ShouldBe(1);
        (await Total("to=2026-12-01")).ShouldBe(1);
        (await Total("to=2026-11-30")).ShouldBe(0);
        (await Total("from=2026-11-30&to=2026-11-30")).ShouldBe(0);
        (await Total("from=2026-12-02")).ShouldBe(0);
    }
}
