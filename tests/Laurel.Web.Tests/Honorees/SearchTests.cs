using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Honorees;

/// <summary>The list's filters and orders, on records made for the purpose in one street.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();
    private HttpClient _client = null!;
    private readonly string _prefix = "检索" + Guid.NewGuid().ToString("N")[..4];

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _client = await _app.ApiAs("jianwai");
        var a = (await TestData.CreateHonoree(_client, "建外街道总工会", _prefix + "甲")).GetProperty("id").GetInt64();
        var b = (await TestData.CreateHonoree(_client, "建外街道总工会", _prefix + "乙")).GetProperty("id").GetInt64();
        await TestData.CreateHonoree(_client, "建外街道总工会", _prefix + "丙");
        await _client.PostAsJsonAsync($"/api/v1/honorees/{a}/honours", new { titleCode = "national_model_worker", awardedOn = "2015-04-28", awardingBody = "中共中央、国务院" });
        await _client.PostAsJsonAsync($"/api/v1/honorees/{b}/honours", new { titleCode = "municipal_model_worker", awardingRegionCode = "110100", awardedOn = "2012-04-28", awardingBody = "北京市人民政府" });
        await _client.PostAsJsonAsync($"/api/v1/honorees/{b}/events", new { type = "employment_changed", effectiveOn = "2024-01-01", status = "retired" });
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<List<string>> Names(string query)
    {
        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees?q={Uri.EscapeDataString(_prefix)}&{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()![_prefix.Length..]).ToList();
    }

    [Fact]
    public async Task Title_level_and_status_filters_select_the_right_records()
    {
        (await Names("titleCode=national_model_worker")).ShouldBe(["甲"]);
        (await Names("level=municipal")).ShouldBe(["乙"]);
        (await Names("level=county")).ShouldBeEmpty();
        (await Names("status=retired")).ShouldBe(["乙"]);
        (await Names("status=employed")).Order().ShouldBe(["丙", "甲"]);
    }

    [Fact]
    public async Task Sorting_and_paging_walk_the_matches_in_order()
    {
        var ascending = await Names("sort=name");
        var descending = await Names("sort=name_desc");
        descending.ShouldBe(ascending.AsEnumerable().Reverse().ToList());
        var first = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees?q={Uri.EscapeDataString(_prefix)}&pageSize=2&page=1");
        first.GetProperty("total").GetInt32().ShouldBe(3);
        first.GetProperty("totalExact").GetBoolean().ShouldBeTrue();
        first.GetProperty("items").GetArrayLength().ShouldBe(2);
        var second = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/honorees?q={Uri.EscapeDataString(_prefix)}&pageSize=2&page=2");
        second.GetProperty("total").GetInt32().ShouldBe(3);
        second.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_broad_list_says_its_count_stopped_at_the_limit()
    {
        var all = await (await _app.ApiAs("acftu")).GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=5");
        all.GetProperty("total").GetInt32().ShouldBe(1000);
        all.GetProperty("totalExact").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes_and_expire()
    {
        var response = await _app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = "wangjing", password = LaurelApp.Password });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = answer.GetProperty("token").GetString()!;
        var expires = answer.GetProperty("expiresAt").GetDateTimeOffset();
        (expires - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.FromHours(7.9), TimeSpan.FromHours(8.1));
        await using var conn = new NpgsqlConnection(_app.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(encode(token_hash, 'escape') || encode(token_hash, 'base64'), '') FROM api_tokens", conn);
        ((string)(await cmd.ExecuteScalarAsync())!).ShouldNotContain(token);
        await using var expire = new NpgsqlCommand("UPDATE api_tokens SET expires_at = now() - interval '1 minute'", conn);
        await expire.ExecuteNonQueryAsync();
        var client = _app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await client.GetAsync("/api/v1/org-units")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_home_page_counts_every_honoree_in_scope_once()
    {
        var home = await (await _app.BrowserAs("jianwai")).GetStringAsync("/");
        var total = System.Text.RegularExpressions.Regex.Match(home, "data-testid=\"total\">(\\d+)<").Groups[1].Value;
        var inScope = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=200")).GetProperty("total").GetInt32();
        int.Parse(total, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(inScope);
        home.ShouldContain("data-testid=\"level-counts\"");
    }
}
