using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Honorees;

[Collection(DemoCollection.Name)]
public sealed class HonoreeApiTests(LaurelApp app)
{
    private async Task<long> CountHonorees()
    {
        await using var conn = new NpgsqlConnection(app.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM honorees", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Creating_an_honoree_answers_201_with_masked_id_and_derived_birth_date_and_gender()
    {
        var client = await app.ApiAs("jianwai");
        var id = TestData.NewResidentId().Replace('X', 'x');
        var created = await TestData.CreateHonoree(client, "建外街道总工会", "李秀兰", id);
        var expectedMask = id[..6] + "********" + id[14..].ToUpperInvariant();
        created.GetProperty("residentId").GetString().ShouldBe(expectedMask);
        created.GetProperty("birthDate").GetString().ShouldBe($"{id[6..10]}-{id[10..12]}-{id[12..14]}");
        created.GetProperty("gender").GetString().ShouldBe((id[16] - '0') % 2 == 1 ? "male" : "female");
        created.GetProperty("id").GetInt64().ShouldBeGreaterThan(0);
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { "name", """{"name":"","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"employed","since":"2000-01-01"}}""" },
        { "residentId", """{"name":"张三","residentId":"110105194912310021","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"employed","since":"2000-01-01"}}""" },
        { "orgUnitId", """{"name":"张三","residentId":"@ID","hukouRegionCode":"110105","employment":{"status":"employed","since":"2000-01-01"}}""" },
        { "phone", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"phone":"12345","hukouRegionCode":"110105","employment":{"status":"employed","since":"2000-01-01"}}""" },
        { "hukouRegionCode", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"990000","employment":{"status":"employed","since":"2000-01-01"}}""" },
        { "employment.status", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"working","since":"2000-01-01"}}""" },
        { "employment.since", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"employed","since":"2099-01-01"}}""" },
        { "pension.monthlyAmount", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"retired","since":"2010-01-01"},"pension":{"scheme":"enterprise","monthlyAmount":-5,"since":"2010-01-01"}}""" },
        { "pension.monthlyAmount", """{"name":"张三","residentId":"@ID","orgUnitId":@UNIT,"hukouRegionCode":"110105","employment":{"status":"retired","since":"2010-01-01"},"pension":{"scheme":"enterprise","monthlyAmount":"很多","since":"2010-01-01"}}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_answers_422_naming_it_in_Chinese_and_stores_nothing(string field, string body)
    {
        var client = await app.ApiAs("jianwai");
        var unit = await TestData.UnitId(client, "建外街道总工会");
        var before = await CountHonorees();
        var json = body.Replace("@ID", TestData.NewResidentId()).Replace("@UNIT", unit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await client.PostAsync("/api/v1/honorees", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"errors should name {field}: {errors}");
        messages[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        (await CountHonorees()).ShouldBe(before);
    }

    [Fact]
    public async Task The_same_resident_id_in_another_branch_answers_409_without_revealing_the_other_record()
    {
        var id = TestData.NewResidentId();
        var secretName = TestData.UniqueName("机密");
        var first = await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", secretName, id);
        var wangjing = await app.ApiAs("wangjing");
        var unit = await TestData.UnitId(wangjing, "望京街道总工会");
        var response = await wangjing.PostAsJsonAsync("/api/v1/honorees", TestData.NewHonoree(unit, "另一人", id.ToLowerInvariant()));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("已在本系统登记");
        body.ShouldNotContain(secretName);
        body.ShouldNotContain("建外");
        body.ShouldNotContain(first.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_body_over_one_megabyte_answers_413()
    {
        var client = await app.ApiAs("jianwai");
        var big = "{\"name\":\"" + new string('a', 1_100_000) + "\"}";
        var response = await client.PostAsync("/api/v1/honorees", new StringContent(big, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Facts_are_read_back_as_of_any_past_date()
    {
        var client = await app.ApiAs("chaoyang");
        var created = await TestData.CreateHonoree(client, "朝阳区总工会", "王建国");
        var id = created.GetProperty("id").GetInt64();
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events",
            new { type = "employment_changed", effectiveOn = "2020-07-01", status = "retired", employerName = "朝阳区某公司", employerType = "enterprise" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events",
            new { type = "pension_changed", effectiveOn = "2020-07-01", scheme = "enterprise", monthlyAmount = 2850.50m }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var wangjingUnit = await TestData.UnitId(client, "望京街道总工会");
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events", new { type = "org_unit_changed", effectiveOn = "2023-01-01", orgUnitId = wangjingUnit }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?asOf=2020-06-30");
        before.GetProperty("facts").GetProperty("employment").GetProperty("status").GetString().ShouldBe("employed");
        before.GetProperty("facts").GetProperty("pension").GetProperty("monthlyAmount").GetDecimal().ShouldBe(0m);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?asOf=2020-07-01");
        after.GetProperty("facts").GetProperty("employment").GetProperty("status").GetString().ShouldBe("retired");
        after.GetProperty("facts").GetProperty("pension").GetProperty("monthlyAmount").GetDecimal().ShouldBe(2850.50m);
        after.GetProperty("facts").GetProperty("orgUnit").GetProperty("name").GetString().ShouldBe("朝阳区总工会");
        var now = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}");
        now.GetProperty("orgUnit").GetProperty("name").GetString().ShouldBe("望京街道总工会");
        // The transfer moved the record out of 建外's reach and into 望京's.
        (await (await app.ApiAs("wangjing")).GetAsync($"/api/v1/honorees/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_death_is_recorded_as_a_dated_fact()
    {
        var client = await app.ApiAs("chaoyang");
        var id = (await TestData.CreateHonoree(client, "朝阳区总工会", "赵德福")).GetProperty("id").GetInt64();
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events", new { type = "died", effectiveOn = "2025-03-09" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?asOf=2025-03-08")).GetProperty("facts").GetProperty("diedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}")).GetProperty("diedOn").GetString().ShouldBe("2025-03-09");
        var bad = await client.PostAsJsonAsync($"/api/v1/honorees/{id}/events", new { type = "retired", effectiveOn = "2025-03-09" });
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"type\"");
    }

    [Fact]
    public async Task An_update_based_on_a_stale_version_answers_409_and_changes_nothing()
    {
        var client = await app.ApiAs("jianwai");
        var rid = TestData.NewResidentId();
        var created = await TestData.CreateHonoree(client, "建外街道总工会", "钱学明", rid);
        var id = created.GetProperty("id").GetInt64();
        var version = created.GetProperty("version").GetInt32();
        (await client.PutAsJsonAsync($"/api/v1/honorees/{id}", new { name = "钱学敏", residentId = rid, phone = "13900139000", version }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var stale = await client.PutAsJsonAsync($"/api/v1/honorees/{id}", new { name = "钱雪明", residentId = rid, version });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}")).GetProperty("name").GetString().ShouldBe("钱学敏");
    }

    [Fact]
    public async Task Honours_are_added_listed_with_their_regional_name_and_revoked_with_date_and_reason()
    {
        var client = await app.ApiAs("nmg");
        var id = (await TestData.CreateHonoree(client, "呼和浩特市总工会", "其其格")).GetProperty("id").GetInt64();
        var added = await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours", new
        {
            titleCode = "provincial_model_worker", awardingRegionCode = "150000", awardedOn = "2015-04-28",
            awardingBody = "内蒙古自治区人民政府", documentNumber = "内政发〔2015〕45号", certificateNumber = "NM2015-001",
        });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var honourId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}");
        var honour = detail.GetProperty("honours")[0];
        honour.GetProperty("displayName").GetString().ShouldBe("内蒙古自治区劳动模范");
        honour.GetProperty("level").GetString().ShouldBe("provincial");
        (await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours", new
        {
            titleCode = "provincial_model_worker", awardingRegionCode = "150000", awardedOn = "2015-04-28", awardingBody = "内蒙古自治区人民政府",
        })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var national = await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours", new
        {
            titleCode = "national_model_worker", awardingRegionCode = "150000", awardedOn = "2020-11-24", awardingBody = "中共中央、国务院",
        });
        national.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await national.Content.ReadAsStringAsync()).ShouldContain("awardingRegionCode");

        // The direct route is gone (ADR 22): it answers 410 and points to the procedure, and changes nothing.
        var direct = await client.PostAsJsonAsync($"/api/v1/honorees/{id}/honours/{honourId}/revoke", new { revokedOn = "2024-05-01", reason = "违法违纪" });
        direct.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await direct.Content.ReadAsStringAsync()).ShouldContain("/api/v1/revocations");
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}")).GetProperty("honours")[0].GetProperty("status").GetString().ShouldBe("active");
        await TestData.Revoke(client, await app.ApiAs("nmg-selection"), honourId, "2024-05-01", grounds: "discipline");
        var revoked = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}")).GetProperty("honours")[0];
        revoked.GetProperty("status").GetString().ShouldBe("revoked");
        revoked.GetProperty("revokedOn").GetString().ShouldBe("2024-05-01");
        revoked.GetProperty("revocationReason").GetString().ShouldBe("因违纪，依内工发〔2026〕12号撤销称号");
        (await client.PostAsJsonAsync("/api/v1/revocations", new { honourId, grounds = "fraud", evidence = "再次" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?level=provincial&q=" + Uri.EscapeDataString("其其格") + "&pageSize=200");
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldNotContain(id);
    }

    [Fact]
    public async Task The_title_catalogue_lists_every_level()
    {
        var client = await app.ApiAs("jianwai");
        var titles = await client.GetFromJsonAsync<JsonElement>("/api/v1/titles");
        titles.GetArrayLength().ShouldBe(15);
        titles.EnumerateArray().Select(t => t.GetProperty("level").GetString()).Distinct().Order()
            .ShouldBe(["county", "municipal", "national", "provincial"]);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_answer_401_problem_details()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/honorees");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var wrong = await app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = "jianwai", password = "wrong" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_honoree_endpoints()
    {
        var doc = await app.Anonymous().GetStringAsync("/openapi/v1.json");
        doc.ShouldContain("/api/v1/honorees");
        doc.ShouldContain("/api/v1/tokens");
    }
}
