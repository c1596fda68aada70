using System.Net.Http.Json;
using Laurel.Web.Tests.Infrastructure;
using Laurel.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Hosting;

/// <summary>The pages' behaviour comes from the site's own script file, under a policy that forbids inline script.</summary>
public sealed class PageScriptTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Under_the_content_security_policy_the_record_page_shows_the_chosen_events_fields_and_asks_before_a_revocation()
    {
        var api = await fixture.App.ApiAs("jianwai");
        var created = await TestData.CreateHonoree(api, "建外街道总工会", TestData.UniqueName("脚本"));
        var id = created.GetProperty("id").GetInt64();
        var honour = await api.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "provincial_model_worker", awardingRegionCode = "110000", awardedOn = "2010-04-28", awardingBody = "北京市人民政府" });
        honour.EnsureSuccessStatusCode();

        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await session.SignInAsync("jianwai");

        await session.GotoAsync($"/honorees/{id}");
        var employment = page.Locator("#event-form .event-fields[data-for-value=employment_changed]");
        var hukou = page.Locator("#event-form .event-fields[data-for-value=hukou_changed]");
        // Bootstrap's tabs run from its own file too.
        await page.ClickAsync("#timeline-tab");
        await page.SelectOptionAsync("#Event_Type", "hukou_changed");
        (await employment.GetAttributeAsync("hidden")).ShouldNotBeNull();
        (await hukou.GetAttributeAsync("hidden")).ShouldBeNull();
        await session.CheckAsync();
        await page.SelectOptionAsync("#Event_Type", "employment_changed");
        (await employment.GetAttributeAsync("hidden")).ShouldBeNull();
        (await hukou.GetAttributeAsync("hidden")).ShouldNotBeNull();

        // Declining the question leaves the honour as it was; the form is not sent.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.DismissAsync();
        };
        await page.ClickAsync("#honours-tab");
        var revoke = page.Locator("button[data-confirm]").First;
        await revoke.EvaluateAsync("b => b.closest('details').open = true");
        await revoke.ClickAsync();
        asked.ShouldNotBeNull().ShouldContain("确定撤销");
        var detail = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/honorees/{id}");
        detail.GetProperty("honours").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("active");

        violations.ShouldBeEmpty();
    }
}
