using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.BadInput;

/// <summary>Errors under /api/v1 answer RFC 9457 problem details with a Chinese title, never the HTML error page.</summary>
[Collection(DemoCollection.Name)]
public sealed class ApiErrorTests(LaurelApp app)
{
    internal static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        return problem;
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing")]
    [InlineData("GET", "/api/v1/honorees/not-a-number")]
    [InlineData("POST", "/api/v1/nothing/here")]
    public async Task An_unknown_api_route_answers_a_problem_details_404(string method, string path)
    {
        var client = await app.ApiAs("jianwai");
        await Problem(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_api_call_without_a_token_answers_a_problem_details_401()
    {
        await Problem(await app.Anonymous().GetAsync("/api/v1/honorees"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_a_problem_details_415()
    {
        var client = await app.ApiAs("jianwai");
        var problem = await Problem(await client.PostAsync("/api/v1/honorees", new StringContent("name=张三", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString()!.ShouldContain("application/json");
    }

    [Fact]
    public async Task A_body_over_one_megabyte_answers_a_problem_details_413()
    {
        var client = await app.ApiAs("jianwai");
        var body = "{\"name\":\"" + new string('张', 600_000) + "\"}";
        await Problem(await client.PostAsync("/api/v1/honorees", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/v1/honorees?page=abc", "page", "jianwai")]
    [InlineData("/api/v1/honorees?pageSize=1e3", "pageSize", "jianwai")]
    [InlineData("/api/v1/honorees?orgUnitId=x", "orgUnitId", "jianwai")]
    [InlineData("/api/v1/payment-cycles?orgUnitId=x", "orgUnitId", "tieling-finance")]
    [InlineData("/api/v1/honorees/1?asOf=2024-13-01", "asOf", "jianwai")]
    [InlineData("/api/v1/audit-entries?from=yesterday", "from", "auditor")]
    public async Task A_query_parameter_of_the_wrong_type_answers_422_naming_it(string path, string field, string user)
    {
        var problem = await Problem(await (await app.ApiAs(user)).GetAsync(path), HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").TryGetProperty(field, out var messages).ShouldBeTrue(problem.ToString());
        messages[0].GetString()!.ShouldContain(field);
    }

    [Fact]
    public async Task A_page_form_over_one_megabyte_answers_413_with_the_chinese_error_page()
    {
        var client = await app.BrowserAs("jianwai");
        var page = await client.GetStringAsync("/honorees/new");
        var response = await client.PostAsync("/honorees/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page), ["Input.Name"] = new string('a', 1_100_000),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("提交内容过大");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task An_unknown_page_still_answers_the_chinese_html_404_page()
    {
        var client = await app.BrowserAs("jianwai");
        var response = await client.GetAsync("/no-such-page");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("页面或记录不存在");
    }
}

/// <summary>An unhandled exception under /api/v1: a test-only endpoint that throws, behind the app's own pipeline.</summary>
public sealed class ApiServerErrorTests : IAsyncLifetime
{
    private sealed class ThrowingApp : LaurelApp
    {
        protected override bool LoadDemo => false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, Thrower>());
        }
    }

    /// <summary>Runs after the app's pipeline: a request no endpoint matched reaches it, inside the exception handler.</summary>
    private sealed class Thrower : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) => context.Request.Path.Value!.EndsWith("/boom", StringComparison.Ordinal)
                ? throw new InvalidOperationException("test failure")
                : following(context));
        };
    }

    private readonly ThrowingApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task An_unhandled_exception_under_the_api_answers_a_problem_details_500_without_the_exception()
    {
        var response = await _app.Anonymous().GetAsync("/api/v1/boom");
        var problem = await ApiErrorTests.Problem(response, HttpStatusCode.InternalServerError);
        problem.ToString().ShouldNotContain("test failure");
    }

    [Fact]
    public async Task An_unhandled_exception_on_a_page_still_answers_the_chinese_html_page()
    {
        var response = await _app.Anonymous().GetAsync("/boom");
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("系统出错了");
    }
}
