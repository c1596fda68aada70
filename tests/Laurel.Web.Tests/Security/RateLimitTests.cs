using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Security;

/// <summary>Sign-in attempts are limited per address; an app of its own with a low limit (the suite's is high).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new()
    {
        Settings =
        {
            ["Laurel:RateLimits:SignIn:PermitLimit"] = "3",
            // An hour, so that no window ends during the test.
            ["Laurel:RateLimits:SignIn:WindowSeconds"] = "3600",
        },
    };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_answer_429_in_chinese_on_the_api_and_on_the_login_page()
    {
        var anonymous = _app.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            (await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = "nobody", password = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var limited = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = "jianwai", password = LaurelApp.Password });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("请求过于频繁");
        problem.GetProperty("detail").GetString()!.ShouldContain("请");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action LIKE 'login%' AND user_name IN ('nobody', 'jianwai')")).ShouldBe(3);

        // The form itself stays reachable; its submission shares the address's limit.
        var form = await anonymous.GetAsync("/login");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = "jianwai", ["Input.Password"] = LaurelApp.Password,
                ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
            }),
        };
        request.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var page = await anonymous.SendAsync(request);
        page.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("操作过于频繁");
    }
}
