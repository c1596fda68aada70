using System.Net;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.Public;

/// <summary>The public audience's pages (Hosting/PublicPages, ADR 15): anonymous, not indexed, nothing of the staff's.</summary>
[Collection(DemoCollection.Name)]
public sealed class PublicPageTests(LaurelApp app)
{
    [Fact]
    public async Task The_title_catalogue_answers_anyone_without_a_staff_cookie_and_asks_not_to_be_indexed()
    {
        var response = await app.Anonymous().GetAsync("/public/titles");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Robots-Tag").ShouldBe(["noindex"]);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("""<meta name="robots" content="noindex" />""");
        html.ShouldContain("称号目录");
        html.ShouldContain("全国劳动模范");
        html.ShouldNotContain("退出");
    }

    [Fact]
    public async Task A_signed_in_cadre_sees_the_public_layout_there_without_the_staff_menu_or_their_name()
    {
        var html = await (await app.BrowserAs("jianwai")).GetStringAsync("/public/titles");
        html.ShouldContain("称号目录");
        html.ShouldNotContain("退出");
        html.ShouldNotContain("href=\"/honorees\"");
        html.ShouldNotContain("jianwai");
    }

    [Fact]
    public async Task No_staff_page_is_reachable_without_signing_in()
    {
        var anonymous = app.Anonymous();
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/').ToLowerInvariant())
            .Distinct().ToList();
        pages.ShouldContain("/public/titles");
        pages.Count.ShouldBeGreaterThan(15);
        var open = new List<string>();
        foreach (var page in pages)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(page, @"\{[^}]+\}", "1");
            var response = await anonymous.GetAsync(path);
            var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal);
            if (!toLogin)
            {
                open.Add($"{path} {(int)response.StatusCode}");
            }
        }
        // Only signing in, the error page and the public pages answer someone not signed in.
        open.Where(p => !p.StartsWith("/public/", StringComparison.Ordinal) && !p.StartsWith("/login ", StringComparison.Ordinal)
                && !p.StartsWith("/login/two-factor ", StringComparison.Ordinal) && !p.StartsWith("/error ", StringComparison.Ordinal))
            .ShouldBeEmpty();
        open.ShouldContain("/public/titles 200");
    }
}

/// <summary>The public pages' per-address limit; an app of its own with a low limit (the suite's is high).</summary>
public sealed class PublicPageLimitTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new()
    {
        Settings =
        {
            ["Laurel:RateLimits:Public:PermitLimit"] = "3",
            // An hour, so that no window ends during the test.
            ["Laurel:RateLimits:Public:WindowSeconds"] = "3600",
        },
    };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Public_pages_over_the_limit_answer_429_with_a_chinese_page_while_staff_pages_go_on()
    {
        var anonymous = _app.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            (await anonymous.GetAsync("/public/titles")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var limited = await anonymous.GetAsync("/public/titles");
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await limited.Content.ReadAsStringAsync();
        html.ShouldContain("访问过于频繁");
        html.ShouldContain("请稍等");
        // The honour roll's page and API (issue 12) count against the same per-address limit.
        (await anonymous.GetAsync("/public/honour-roll/1")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var roll = await anonymous.GetAsync("/api/public/v1/honour-roll/1");
        roll.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        roll.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        // The limit is the public audience's: a cadre's pages are not counted against it.
        (await (await _app.BrowserAs("jianwai")).GetAsync("/honorees")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
