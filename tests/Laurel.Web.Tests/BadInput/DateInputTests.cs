using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.BadInput;

/// <summary>
/// Months and dates outside the sane range (from 1949-10-01; months and parameter values at most two years ahead; no
/// birth date in the future) answer 422 naming the field, never 500, and nothing is stored.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DateInputTests(LaurelApp app)
{
    private static async Task ShouldName(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"errors should name {field}: {errors}");
        messages[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("0001-01")]
    [InlineData("1949-09")]
    [InlineData("9999-12")]
    public async Task A_payment_cycle_for_a_month_outside_the_range_answers_422_and_is_not_created(string month)
    {
        var finance = await app.ApiAs("tieling-finance");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        await ShouldName(await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month }), "month");
        var stored = await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM payment_cycles WHERE month < date '1949-10-01' OR month > now() + interval '2 years 1 month'");
        stored.ShouldBe(0);
    }

    [Fact]
    public async Task A_payment_cycle_three_years_ahead_answers_422_and_two_years_ahead_is_accepted_then_deleted()
    {
        var finance = await app.ApiAs("tieling-finance");
        var unit = await TestData.UnitId(finance, "铁岭市总工会");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await ShouldName(await finance.PostAsJsonAsync("/api/v1/payment-cycles",
            new { payingOrgUnitId = unit, month = today.AddYears(3).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) }), "month");
        var created = await finance.PostAsJsonAsync("/api/v1/payment-cycles",
            new { payingOrgUnitId = unit, month = today.AddYears(2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await finance.DeleteAsync($"/api/v1/payment-cycles/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("2099-01")]
    public async Task Entitlements_for_a_month_outside_the_range_answer_422_naming_month(string month)
    {
        var client = await app.ApiAs("chaoyang");
        var honoree = (await TestData.CreateHonoree(client, "朝阳区总工会", TestData.UniqueName("日期"))).GetProperty("id").GetInt64();
        await ShouldName(await client.GetAsync($"/api/v1/honorees/{honoree}/entitlements?month={month}"), "month");
    }

    public static TheoryData<string, string> Evaluations => new()
    {
        { "month", """{"month":"9999-12","regionCode":"110105","person":{"birthDate":"1960-01-01"}}""" },
        { "month", """{"month":"0001-01","regionCode":"110105","person":{"birthDate":"1960-01-01"}}""" },
        { "person.birthDate", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"2999-01-01"}}""" },
        { "person.employment.since", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01","employment":{"status":"retired","since":"0001-01-01"}}}""" },
        { "person.pension.since", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01","pension":{"scheme":"enterprise","monthlyAmount":3000,"since":"9999-01-01"}}}""" },
        { "person.diedOn", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01","diedOn":"9999-12-31"}}""" },
        { "honours[0].awardedOn", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01"},"honours":[{"titleCode":"national_model_worker","awardedOn":"0001-01-01"}]}""" },
        { "honours[0].revokedOn", """{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01"},"honours":[{"titleCode":"national_model_worker","awardedOn":"2010-01-01","revokedOn":"9999-01-01"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Evaluations))]
    public async Task Each_evaluation_date_outside_the_range_answers_422_naming_it(string field, string body)
    {
        await ShouldName(await (await app.ApiAs("chaoyang")).PostAsync("/api/v1/entitlements/evaluate", Json(body)), field);
    }

    public static TheoryData<string, string, string> HonoreeDates => new()
    {
        { "awardedOn", "honours", """{"titleCode":"national_model_worker","awardedOn":"9999-01-01","awardingBody":"中共中央、国务院"}""" },
        { "effectiveOn", "events", """{"type":"died","effectiveOn":"9999-01-01"}""" },
        { "effectiveOn", "events", """{"type":"employment_changed","effectiveOn":"0001-01-01","status":"retired"}""" },
        { "month", "approved-payments", """{"packCode":"chaoyang-2015","benefitCode":"hardship_aid","month":"0001-01","amount":100,"reference":"审批表 1 号"}""" },
        { "month", "approved-payments", """{"packCode":"chaoyang-2015","benefitCode":"hardship_aid","month":"9999-12","amount":100,"reference":"审批表 1 号"}""" },
    };

    [Theory]
    [MemberData(nameof(HonoreeDates))]
    public async Task Each_date_of_an_honorees_facts_honours_and_approvals_outside_the_range_answers_422_naming_it(string field, string path, string body)
    {
        var client = await app.ApiAs("chaoyang");
        var honoree = (await TestData.CreateHonoree(client, "朝阳区总工会", TestData.UniqueName("日期"))).GetProperty("id").GetInt64();
        await ShouldName(await client.PostAsync($"/api/v1/honorees/{honoree}/{path}", Json(body)), field);
    }

    [Theory]
    [InlineData("employment.since", "0001-01-01")]
    [InlineData("pension.since", "9999-01-01")]
    public async Task A_new_honorees_fact_dates_outside_the_range_answer_422_naming_them(string field, string date)
    {
        var client = await app.ApiAs("jianwai");
        var unit = await TestData.UnitId(client, "建外街道总工会");
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(TestData.NewHonoree(unit, TestData.UniqueName("日期"))))!;
        body[field.Split('.')[0]]!["since"] = date;
        await ShouldName(await client.PostAsync("/api/v1/honorees", Json(body.ToJsonString())), field);
    }

    [Theory]
    [InlineData("9999-01-01")]
    [InlineData("0001-01-01")]
    public async Task A_parameter_value_outside_its_packs_range_answers_422_naming_effectiveFrom(string date)
    {
        var client = await app.ApiAs("tieling");
        foreach (var path in new[] { "values", "values/preview" })
        {
            await ShouldName(await client.PostAsync($"/api/v1/policy-packs/tieling-2026/parameters/pension_top_up.standard_line.enterprise/{path}",
                Json($$"""{"effectiveFrom":"{{date}}","value":3000,"reference":"铁政发〔2026〕1号"}""")), "effectiveFrom");
        }
    }
}
