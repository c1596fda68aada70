using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.BadInput;

/// <summary>
/// NUL and the other control and format characters in typed text: refused with 422 naming the field wherever they
/// arrive (every JSON body, the forms, a bank result file), an empty answer for a search, never a 500, never stored.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class TextInputTests(LaurelApp app)
{
    public static TheoryData<string, string> HonoreeFieldsAndCharacters()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in new[]
        {
            "name", "residentId", "phone", "hukouRegionCode", "employment.status", "employment.employerName",
            "employment.employerType", "pension.scheme",
        })
        {
            data.Add(field, "\0");
            data.Add(field, "\u200B");
        }
        return data;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ShouldName(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"errors should name {field}: {errors}");
        messages[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        return errors;
    }

    /// <summary>Puts <paramref name="character"/> in the middle of the value at the dotted path.</summary>
    private static void Spoil(JsonNode body, string path, string character)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(body, (node, part) => node[part]!);
        var value = parent[parts[^1]]!.GetValue<string>();
        parent[parts[^1]] = value[..(value.Length / 2)] + character + value[(value.Length / 2)..];
    }

    [Theory]
    [MemberData(nameof(HonoreeFieldsAndCharacters))]
    public async Task A_control_or_format_character_in_any_text_field_of_a_new_honoree_answers_422_naming_it_and_stores_nothing(string field, string character)
    {
        var client = await app.ApiAs("jianwai");
        var unit = await TestData.UnitId(client, "建外街道总工会");
        var name = TestData.UniqueName("字符");
        var body = JsonSerializer.SerializeToNode(TestData.NewHonoree(unit, name))!;
        Spoil(body, field, character);

        await ShouldName(await client.PostAsync("/api/v1/honorees", Json(body)), field);

        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honorees WHERE name LIKE $1", "字符%" + name[^3..])).ShouldBe(0);
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" \uFEFF\u200D ")]
    [InlineData("\u3000")]
    public async Task A_name_of_only_whitespace_or_invisible_characters_is_reported_as_missing(string name)
    {
        var client = await app.ApiAs("jianwai");
        var unit = await TestData.UnitId(client, "建外街道总工会");
        var body = JsonSerializer.SerializeToNode(TestData.NewHonoree(unit, "占位"))!;
        body["name"] = name;
        var errors = await ShouldName(await client.PostAsync("/api/v1/honorees", Json(body)), "name");
        errors.GetProperty("name")[0].GetString().ShouldBe("姓名不能为空");
    }

    public static TheoryData<string, string> Bodies => new()
    {
        // field, "METHOD path|body" with @HONOREE, @UNIT and @CH filled in
        { "employerName", """POST /api/v1/honorees/@HONOREE/events|{"type":"employment_changed","effectiveOn":"2020-01-01","status":"retired","employerName":"某@CH厂"}""" },
        { "awardingBody", """POST /api/v1/honorees/@HONOREE/honours|{"titleCode":"national_model_worker","awardedOn":"2010-04-27","awardingBody":"中共中央@CH国务院"}""" },
        { "documentNumber", """POST /api/v1/honorees/@HONOREE/honours|{"titleCode":"national_model_worker","awardedOn":"2010-04-27","awardingBody":"中共中央","documentNumber":"中发@CH1号"}""" },
        { "name", """PUT /api/v1/honorees/@HONOREE|{"name":"张@CH三","residentId":"@RID","version":1}""" },
        { "bankName", """PUT /api/v1/honorees/@HONOREE/bank-account|{"bankName":"中国@CH银行","accountName":"张三","accountNumber":"6222021234567890"}""" },
        { "accountName", """PUT /api/v1/honorees/@HONOREE/bank-account|{"bankName":"中国银行","accountName":"张@CH三","accountNumber":"6222021234567890"}""" },
        { "reference", """POST /api/v1/honorees/@HONOREE/approved-payments|{"packCode":"chaoyang-2015","benefitCode":"hardship_aid","month":"2026-05","amount":100,"reference":"审批@CH表"}""" },
        { "month", """POST /api/v1/entitlements/evaluate|{"month":"2026-05@CH","regionCode":"110105","person":{"birthDate":"1960-01-01"}}""" },
        { "person.hukouRegionCode", """POST /api/v1/entitlements/evaluate|{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01","hukouRegionCode":"1101@CH05"}}""" },
        { "honours[0].titleCode", """POST /api/v1/entitlements/evaluate|{"month":"2026-05","regionCode":"110105","person":{"birthDate":"1960-01-01"},"honours":[{"titleCode":"national@CH_model_worker","awardedOn":"2010-01-01"}]}""" },
        { "comment", """POST /api/v1/payment-cycles/999999999/reject|{"comment":"金额@CH有误"}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_nul_or_a_zero_width_space_in_a_text_field_of_any_honoree_body_answers_422_naming_it(string field, string request)
    {
        var client = await app.ApiAs("chaoyang");
        var honoree = (await TestData.CreateHonoree(client, "朝阳区总工会", TestData.UniqueName("字符"))).GetProperty("id").GetInt64();
        foreach (var character in new[] { "\\u0000", "\\u200B" })
        {
            var rid = TestData.NewResidentId();
            var (method, rest) = (request[..request.IndexOf(' ', StringComparison.Ordinal)], request[(request.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var path = rest[..rest.IndexOf('|', StringComparison.Ordinal)].Replace("@HONOREE", honoree.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var body = rest[(rest.IndexOf('|', StringComparison.Ordinal) + 1)..].Replace("@CH", character).Replace("@RID", rid);
            var finance = path.Contains("payment-cycles", StringComparison.Ordinal) ? await app.ApiAs("tieling-finance") : client;
            var response = await finance.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
            await ShouldName(response, field);
        }
    }

    public static TheoryData<string, string, string, string> AdminBodies => new()
    {
        { "admin", "name", "/api/v1/org-units", """{"parentId":1,"name":"测试@CH单位","kind":"grassroots"}""" },
        { "admin", "displayName", "/api/v1/users", """{"userName":"u@NEW","displayName":"张@CH三","orgUnitId":1,"password":"Laurel@2026x"}""" },
        { "tieling", "reference", "/api/v1/policy-packs/tieling-2026/parameters/pension_top_up.standard_line.enterprise/values/preview", """{"effectiveFrom":"2026-07-01","value":3000,"reference":"铁政@CH2026"}""" },
        { "admin", "username", "/api/v1/tokens", """{"username":"admin@CH","password":"Laurel@2026"}""" },
    };

    [Theory]
    [MemberData(nameof(AdminBodies))]
    public async Task A_nul_or_a_zero_width_space_in_units_users_parameter_references_and_sign_in_answers_422_naming_the_field(
        string user, string field, string path, string body)
    {
        var client = await app.ApiAs(user);
        foreach (var character in new[] { "\\u0000", "\\u200B" })
        {
            var json = body.Replace("@CH", character).Replace("@NEW", Guid.NewGuid().ToString("N")[..8]);
            await ShouldName(await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")), field);
        }
    }

    [Theory]
    [InlineData("/api/v1/honorees?q=%00", "jianwai")]
    [InlineData("/api/v1/honorees?q=%E5%BC%A0%00", "jianwai")]
    [InlineData("/api/v1/honorees?titleCode=%00", "jianwai")]
    [InlineData("/api/v1/audit-entries?user=%00", "auditor")]
    [InlineData("/api/v1/audit-entries?entityType=%00", "auditor")]
    public async Task A_nul_in_a_search_answers_an_empty_result(string path, string user)
    {
        var response = await (await app.ApiAs(user)).GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("items").GetArrayLength().ShouldBe(0);
        page.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/v1/audit-entries?from=0001-01-01")]
    [InlineData("/api/v1/audit-entries?to=9999-12-31")]
    public async Task An_audit_search_bounded_by_the_first_or_last_representable_day_answers_instead_of_failing(string path)
    {
        (await (await app.ApiAs("auditor")).GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_honoree_search_page_with_a_nul_shows_no_results_instead_of_failing()
    {
        var client = await app.BrowserAs("jianwai");
        var response = await client.GetAsync("/honorees?q=%00");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_nul_in_the_login_form_fails_the_login_instead_of_answering_500()
    {
        var client = app.Anonymous();
        var form = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin\0", ["Input.Password"] = LaurelApp.Password, ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
        }));
        ((int)response.StatusCode).ShouldBeLessThan(500);
    }

    [Theory]
    [InlineData("Input.Name", "name", "张\0三")]
    [InlineData("Input.Name", "name", "张\u200B三")]
    [InlineData("Input.EmployerName", "employment.employerName", "某\u202E厂")]
    [InlineData("Input.Phone", "phone", "138\0" + "00138000")]
    public async Task A_control_or_format_character_in_the_registration_form_is_shown_under_its_field_and_nothing_is_stored(
        string input, string field, string value)
    {
        var cookies = new CookieContainer();
        var client = await app.BrowserAs("jianwai", cookies);
        var page = await client.GetStringAsync("/honorees/new");
        var unit = await TestData.UnitId(await app.ApiAs("jianwai"), "建外街道总工会");
        var name = TestData.UniqueName("表单");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
            ["Input.Name"] = name, ["Input.ResidentId"] = TestData.NewResidentId(), ["Input.OrgUnitId"] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Phone"] = "13800138000", ["Input.HukouRegionCode"] = "110105", ["Input.EmploymentStatus"] = "employed",
            ["Input.EmployerName"] = "某公司", ["Input.EmployerType"] = "enterprise", ["Input.EmploymentSince"] = "2000-03-01",
        };
        fields[input] = value;
        var response = await client.PostAsync("/honorees/new", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            // ASP.NET Core's form reader takes no form with a NUL: the error page names the field.
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
            html.ShouldContain($"表单中“{input}”一项含有不允许的控制字符");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
            html.ShouldMatch($"data-error-for=\"{System.Text.RegularExpressions.Regex.Escape(field)}\">[^<]+");
        }
        var count = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honorees WHERE name = $1 OR name = $2",
            fields["Input.Name"].Replace("\0", "", StringComparison.Ordinal), name);
        count.ShouldBe(0);
    }
}
