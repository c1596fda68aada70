using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Auth;

/// <summary>Failed sign-ins are each counted and audited however many arrive at once, and answer one neutral message.</summary>
[Collection(DemoCollection.Name)]
public sealed class LockoutTests(LaurelApp app)
{
    [Fact]
    public async Task Thirty_parallel_wrong_passwords_never_answer_500_are_each_audited_and_lock_the_account()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "par");
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => TestUsers.RequestTokenAsync(app, name, "Wrong@" + i)));

        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        (await TestUsers.AuditCount(app, "login_failed", id)).ShouldBe(30);
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT lockout_end > now() + interval '14 minutes' FROM users WHERE id = $1", id)).ShouldBeTrue();
        // The attempt that reached five locked the account; all the others were refused as locked.
        var reasons = await TestDb.Column<string>(app.OwnerConnectionString,
            "SELECT after->>'reason' FROM audit_entries WHERE action = 'login_failed' AND entity_id = $1 ORDER BY id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        reasons.Count(r => r.Contains("锁定", StringComparison.Ordinal)).ShouldBe(26, string.Join(" / ", reasons));

        (await TestUsers.RequestTokenAsync(app, name, TestUsers.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await TestUsers.AuditCount(app, "login_failed", id)).ShouldBe(31);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_lock_is_audited_but_not_disclosed()
    {
        var (id, name) = await TestUsers.CreateAsync(app, "five");
        await TestUsers.TokenAsync(app, name);
        (await TestUsers.AuditCount(app, "login_succeeded", id)).ShouldBe(1);
        for (var i = 0; i < 5; i++)
        {
            (await TestUsers.RequestTokenAsync(app, name, "wrong-" + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var locked = await TestUsers.RequestTokenAsync(app, name, TestUsers.Password);
        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await locked.Content.ReadAsStringAsync()).ShouldNotContain("已锁定");
        (await TestUsers.AuditCount(app, "login_failed", id)).ShouldBe(6);
        (await TestDb.Scalar<string>(app.OwnerConnectionString,
            "SELECT summary FROM audit_entries WHERE action = 'login_failed' AND entity_id = $1 ORDER BY id DESC LIMIT 1", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldContain("账号已锁定");
    }

    [Fact]
    public async Task A_locked_account_an_unknown_account_and_a_wrong_password_get_the_same_answer()
    {
        var (_, lockedName) = await TestUsers.CreateAsync(app, "lck");
        var (_, otherName) = await TestUsers.CreateAsync(app, "oth");
        for (var i = 0; i < 5; i++)
        {
            await TestUsers.RequestTokenAsync(app, lockedName, "wrong-" + i);
        }
        var answers = new[]
        {
            await TestUsers.RequestTokenAsync(app, lockedName, TestUsers.Password),
            await TestUsers.RequestTokenAsync(app, "nobody-" + Guid.NewGuid().ToString("N")[..6], TestUsers.Password),
            await TestUsers.RequestTokenAsync(app, otherName, "Wrong@2026"),
        };
        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        var bodies = new List<string>();
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
            bodies.Add($"{body.GetProperty("status")}|{body.GetProperty("title")}|{body.GetProperty("detail")}|{(body.TryGetProperty("type", out var t) ? t.ToString() : "")}");
        }
        bodies.Distinct().Count().ShouldBe(1, string.Join(" / ", bodies));
        bodies[0].ShouldContain("用户名或密码错误");

        // The login page says the same for all three.
        var pages = new List<string>();
        foreach (var (user, password) in new[] { (lockedName, TestUsers.Password), ("nobody-x1", TestUsers.Password), (otherName, "Wrong@2026") })
        {
            var client = app.Anonymous();
            var form = await client.GetAsync("/login");
            var cookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            var request = new HttpRequestMessage(HttpMethod.Post, "/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.UserName"] = user, ["Input.Password"] = password,
                    ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
                }),
            };
            request.Headers.Add("Cookie", cookie);
            var page = await client.SendAsync(request);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await page.Content.ReadAsStringAsync();
            pages.Add(System.Text.RegularExpressions.Regex.Match(html, "data-error-for=\"login\">([^<]*)<").Groups[1].Value);
        }
        pages.ShouldAllBe(p => p == pages[0]);
        pages[0].ShouldContain("用户名或密码错误");
    }
}
