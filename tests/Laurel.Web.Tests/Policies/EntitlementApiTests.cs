using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Policies;

[Collection(DemoCollection.Name)]
public sealed class EntitlementApiTests(LaurelApp app)
{
    private async Task<long> RetiredNationalModelWorker(HttpClient client, string unit)
    {
        var unitId = await TestData.UnitId(client, unit);
        var response = await client.PostAsJsonAsync("/api/v1/honorees", new
        {
            name = TestData.UniqueName("劳模"), residentId = TestData.NewResidentId(birthSpanDays: 4000), orgUnitId = unitId, hukouRegionCode = "150102",
            employment = new { status = "employed", employerName = "呼和浩特某厂", employerType = "enterprise", since = "1985-07-01" },
            pension = new { scheme = "enterprise", monthlyAmount = 0, since = "1985-07-01" },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events",
            new { type = "employment_changed", effectiveOn = "2026-03-15", status = "retired", employerName = "呼和浩特某厂", employerType = "enterprise" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "national_model_worker", awardedOn = "2005-04-30", awardingBody = "中共中央、国务院" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return id;
    }

    [Fact]
    public async Task A_retired_national_model_worker_in_Inner_Mongolia_gets_500_a_month_from_the_month_after_retirement()
    {
        var client = await app.ApiAs("hohhot");
        var id = await RetiredNationalModelWorker(client, "呼和浩特市总工会");

        var march = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/entitlements?month=2026-03");
        march.GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("benefitCode").GetString()).ShouldNotContain("honorary_allowance");
        march.GetProperty("notEntitled").EnumerateArray().Single(n => n.GetProperty("benefitCode").GetString() == "honorary_allowance")
            .GetProperty("reason").GetString()!.ShouldContain("在职");

        var april = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/entitlements?month=2026-04");
        april.GetProperty("month").GetString().ShouldBe("2026-04");
        var allowance = april.GetProperty("entitlements").EnumerateArray().Single(e => e.GetProperty("benefitCode").GetString() == "honorary_allowance");
        allowance.GetProperty("amount").GetDecimal().ShouldBe(500m);
        allowance.GetProperty("kind").GetString().ShouldBe("monthly_cash");
        allowance.GetProperty("pack").GetString().ShouldBe("nmg-2026");
        allowance.GetProperty("explanation").GetString()!.ShouldContain("全国劳动模范");
        allowance.GetProperty("explanation").GetString()!.ShouldContain("2026-03-15 退休");
        allowance.GetProperty("clause").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Entitlements_follow_the_honoree_scope_and_a_bad_month_names_the_field()
    {
        var id = await RetiredNationalModelWorker(await app.ApiAs("hohhot"), "呼和浩特市总工会");
        (await (await app.ApiAs("tieling")).GetAsync($"/api/v1/honorees/{id}/entitlements?month=2026-04")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bad = await (await app.ApiAs("nmg")).GetAsync($"/api/v1/honorees/{id}/entitlements?month=2026-13");
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"month\"");
    }

    [Fact]
    public async Task The_service_window_evaluates_typed_in_facts_without_storing_anything()
    {
        var client = await app.ApiAs("nmg");
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=1")).GetProperty("total").GetInt32();
        var response = await client.PostAsJsonAsync("/api/v1/entitlements/evaluate", new
        {
            month = "2026-05", regionCode = "150102",
            person = new
            {
                birthDate = "1958-02-01", gender = "male", hukouRegionCode = "150102",
                employment = new { status = "retired", employerType = "enterprise", since = "2018-02-01" },
                pension = new { scheme = "enterprise", monthlyAmount = 3100, since = "2018-02-01" },
            },
            honours = new[]
            {
                new { titleCode = "provincial_model_worker", awardingRegionCode = (string?)"150000", awardedOn = "2001-04-28", revokedOn = (string?)null },
                new { titleCode = "national_model_worker", awardingRegionCode = (string?)null, awardedOn = "2010-04-27", revokedOn = (string?)null },
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var allowances = answer.GetProperty("entitlements").EnumerateArray().Where(e => e.GetProperty("benefitCode").GetString() == "honorary_allowance").ToList();
        allowances.Count.ShouldBe(1);
        allowances[0].GetProperty("amount").GetDecimal().ShouldBe(500m);
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=1")).GetProperty("total").GetInt32().ShouldBe(before);

        var invalid = await client.PostAsJsonAsync("/api/v1/entitlements/evaluate", new { month = "2026-5", regionCode = "99", person = new { } });
        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("month", out _).ShouldBeTrue();
        errors.TryGetProperty("regionCode", out _).ShouldBeTrue();
        errors.TryGetProperty("person.birthDate", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_source_document_is_a_browsable_pack_with_dated_values_and_references()
    {
        var client = await app.ApiAs("nmg");
        var packs = await client.GetFromJsonAsync<JsonElement>("/api/v1/policy-packs");
        packs.EnumerateArray().Select(p => p.GetProperty("code").GetString()).Order().ShouldBe(
            ["chaoyang-2015", "datong-2026", "langfang-2019-draft", "nmg-2019", "nmg-2026", "suzhou-2026", "tieling-2026"]);
        packs.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "langfang-2019-draft").GetProperty("status").GetString().ShouldBe("draft");
        var nmg = await client.GetFromJsonAsync<JsonElement>("/api/v1/policy-packs/nmg-2026");
        nmg.GetProperty("effectiveFrom").GetString().ShouldBe("2026-01-01");
        var national = nmg.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "honorary_allowance.amount.national");
        national.GetProperty("values")[0].GetProperty("value").GetDecimal().ShouldBe(500m);
        national.GetProperty("values")[0].GetProperty("reference").GetString().ShouldNotBeNullOrWhiteSpace();
        (await client.GetAsync("/api/v1/policy-packs/nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_draft_pack_never_appears_among_a_records_entitlements()
    {
        var client = await app.ApiAs("langfang");
        var unit = await TestData.UnitId(client, "廊坊市总工会");
        var created = await client.PostAsJsonAsync("/api/v1/honorees", TestData.NewHonoree(unit, "廊坊技工"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "national_technical_expert", awardedOn = "2015-05-01", awardingBody = "人力资源社会保障部" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/entitlements?month=2026-06");
        answer.GetProperty("entitlements").EnumerateArray().Select(e => e.GetProperty("pack").GetString()).ShouldNotContain("langfang-2019-draft");
        answer.GetProperty("notEntitled").EnumerateArray().Select(e => e.GetProperty("pack").GetString()).ShouldNotContain("langfang-2019-draft");
    }
}
