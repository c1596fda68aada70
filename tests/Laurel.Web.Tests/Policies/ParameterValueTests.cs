using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Policies;

/// <summary>A policy administrator sets a local figure the source left open; it applies from its date, everywhere.</summary>
public sealed class ParameterValueTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private const string Line = "/api/v1/policy-packs/tieling-2026/parameters/pension_top_up.standard_line.enterprise/values";

    private static object Evaluation(string month) => new
    {
        month, regionCode = "211202",
        person = new
        {
            birthDate = "1958-02-01", hukouRegionCode = "211202",
            employment = new { status = "retired", employerType = "enterprise", since = "2018-02-01" },
            pension = new { scheme = "enterprise", monthlyAmount = 2400, since = "2018-02-01" },
        },
        honours = new[] { new { titleCode = "municipal_model_worker", awardingRegionCode = "211200", awardedOn = "2010-04-28" } },
    };

    /// <summary>The 养老金补差 of a retired municipal model worker of 银州区 with a pension of 2,400, as the engine evaluates it now.</summary>
    internal static async Task<JsonElement?> TopUp(HttpClient client, string month)
    {
        var answer = await (await client.PostAsJsonAsync("/api/v1/entitlements/evaluate", Evaluation(month))).Content.ReadFromJsonAsync<JsonElement>();
        return answer.GetProperty("entitlements").EnumerateArray().Where(e => e.GetProperty("benefitCode").GetString() == "pension_top_up")
            .Select(e => (JsonElement?)e).FirstOrDefault();
    }

    [Fact]
    public async Task A_standard_line_added_by_the_regions_policy_admin_pays_the_gap_from_its_date_and_is_audited()
    {
        var tieling = await _app.ApiAs("tieling");
        var before = await TopUp(tieling, "2026-08");
        before.ShouldNotBeNull();
        before.Value.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
        before.Value.GetProperty("explanation").GetString()!.ShouldContain("标准由当地确定");

        var preview = await tieling.PostAsJsonAsync(Line + "/preview", new { effectiveFrom = "2026-08-01", value = 3000, reference = "铁岭市2025年度企业退休人员月人均养老金（铁人社发〔2026〕1号）" });
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var effect = await preview.Content.ReadFromJsonAsync<JsonElement>();
        effect.GetProperty("month").GetString().ShouldBe("2026-08");
        effect.GetProperty("honorees").GetInt32().ShouldBeGreaterThan(0);
        (await TopUp(tieling, "2026-08"))!.Value.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);

        var added = await tieling.PostAsJsonAsync(Line, new { effectiveFrom = "2026-08-01", value = 3000, reference = "铁岭市2025年度企业退休人员月人均养老金（铁人社发〔2026〕1号）" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TopUp(tieling, "2026-08"))!.Value.GetProperty("amount").GetDecimal().ShouldBe(600m);
        (await TopUp(tieling, "2026-07"))!.Value.GetProperty("amount").ValueKind.ShouldBe(JsonValueKind.Null);
        (await tieling.PostAsJsonAsync(Line, new { effectiveFrom = "2026-08-01", value = 3100, reference = "重复" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var pack = await tieling.GetFromJsonAsync<JsonElement>("/api/v1/policy-packs/tieling-2026");
        var values = pack.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pension_top_up.standard_line.enterprise").GetProperty("values");
        values[0].GetProperty("value").GetDecimal().ShouldBe(3000m);
        values[0].GetProperty("reference").GetString()!.ShouldContain("铁人社发");
        var audit = await (await _app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?entityType=policy_parameter_value&user=tieling");
        audit.GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Another_regions_administrator_or_a_plain_manager_gets_404_and_bad_values_name_the_field()
    {
        var body = new { effectiveFrom = "2026-08-01", value = 3000, reference = "某文件" };
        (await (await _app.ApiAs("nmg")).PostAsJsonAsync(Line, body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _app.ApiAs("chaoyang")).PostAsJsonAsync(Line, body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tieling = await _app.ApiAs("tieling");
        (await tieling.PostAsJsonAsync("/api/v1/policy-packs/tieling-2026/parameters/no_such/values", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bad = await tieling.PostAsJsonAsync(Line, new { effectiveFrom = "2020-01-01", value = -1, reference = "" });
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("effectiveFrom", out _).ShouldBeTrue();
        errors.TryGetProperty("value", out _).ShouldBeTrue();
        errors.TryGetProperty("reference", out _).ShouldBeTrue();
    }
}
