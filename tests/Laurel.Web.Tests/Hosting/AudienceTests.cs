using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Hosting;

/// <summary>Route groups by audience (Hosting/Audiences) and the actor kind every audit entry records.</summary>
public sealed class AudienceTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new()
    {
        Settings =
        {
            ["Laurel:RateLimits:Public:PermitLimit"] = "5",
            ["Laurel:RateLimits:Public:WindowSeconds"] = "3600",
        },
    };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task The_public_api_answers_without_sign_in_with_no_personal_data_and_is_rate_limited_per_address()
    {
        var anonymous = _app.Anonymous();
        var titles = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/v1/titles");
        titles.EnumerateArray().ShouldContain(t => t.GetProperty("code").GetString() == "national_model_worker" && t.GetProperty("levelName").GetString() == "全国");
        titles.GetRawText().ShouldNotContain("honoree", Case.Insensitive);
        for (var i = 1; i < 5; i++)
        {
            (await anonymous.GetAsync("/api/public/v1/titles")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var limited = await anonymous.GetAsync("/api/public/v1/titles");
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("请求过于频繁");
        // The staff API has a limit of its own: the public one being spent does not touch it.
        (await (await _app.ApiAs("jianwai")).GetAsync("/api/v1/honorees")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_staff_api_refuses_anyone_not_signed_in()
    {
        (await _app.Anonymous().GetAsync("/api/v1/honorees")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Audit_entries_record_whether_a_staff_user_or_an_anonymous_caller_acted()
    {
        (await _app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = "no-such-user", password = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TestDb.Scalar<string>(_app.OwnerConnectionString,
            "SELECT actor_kind FROM audit_entries WHERE action = 'login_failed' AND user_name = 'no-such-user'")).ShouldBe("anonymous");

        var client = await _app.ApiAs("chaoyang");
        (await client.DeleteAsync("/api/v1/tokens/current")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await TestDb.Scalar<string>(_app.OwnerConnectionString,
            "SELECT actor_kind FROM audit_entries WHERE action = 'token_revoked' AND user_name = 'chaoyang'")).ShouldBe("staff");

        var auditor = await _app.ApiAs("auditor");
        var entries = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?user=chaoyang&action=token_revoked");
        entries.GetProperty("items")[0].GetProperty("actorName").GetString().ShouldBe("工作人员");
    }
}
