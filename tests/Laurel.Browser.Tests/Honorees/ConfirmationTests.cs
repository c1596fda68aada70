using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Honorees;

/// <summary>What looks irreversible asks first, naming the person: recording a death, withdrawing a fact.</summary>
public sealed class ConfirmationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Recording_a_death_asks_naming_the_person_and_declining_saves_nothing_and_so_does_withdrawing_it()
    {
        var api = await fixture.App.ApiAs("jianwai");
        var name = TestData.UniqueName("确认");
        var id = (await TestData.CreateHonoree(api, "建外街道总工会", name)).GetProperty("id").GetInt64();
        async Task<JsonElement> Record() => await api.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}");

        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync("jianwai");
        var asked = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (accept)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };

        await session.GotoAsync($"/honorees/{id}?tab=timeline");
        await page.SelectOptionAsync("#Event_Type", "died");
        await page.FillAsync("#Event_EffectiveOn", "2026-05-03");
        await page.ClickAsync("#event-form button[type=submit]");
        asked.ShouldHaveSingleItem().ShouldBe($"确认登记{name}去世？登记后将停发待遇");
        var record = await Record();
        record.GetProperty("diedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        record.GetProperty("timeline").EnumerateArray().ShouldNotContain(t => t.GetProperty("kind").GetString() == "death");

        // Another event type does not ask.
        await page.SelectOptionAsync("#Event_Type", "hukou_changed");
        await page.FillAsync("#Event_RegionCode", "110101");
        await SubmitAndReload(session, id);
        asked.Count.ShouldBe(1);

        accept = true;
        await page.SelectOptionAsync("#Event_Type", "died");
        await page.FillAsync("#Event_EffectiveOn", "2026-05-03");
        await SubmitAndReload(session, id);
        asked.Count.ShouldBe(2);
        (await Record()).GetProperty("diedOn").GetString().ShouldBe("2026-05-03");

        // Withdrawing the death asks too, naming the person and the fact; declined, it stays.
        accept = false;
        var death = (await Record()).GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "death").GetProperty("id").GetInt64();
        await page.ClickAsync("#timeline-tab");
        var form = page.Locator($"#withdraw-form-{death}");
        await form.EvaluateAsync("f => f.closest('details').open = true");
        await form.Locator("input[name='Withdraw.Reason']").FillAsync("登记在错误的档案上");
        await form.Locator("button[data-confirm]").ClickAsync();
        asked.Count.ShouldBe(3);
        asked[2].ShouldContain($"确认撤回{name}的去世记录（2026-05-03 起）");
        (await Record()).GetProperty("diedOn").GetString().ShouldBe("2026-05-03");
    }

    /// <summary>Sends the event form and waits until the page it redirects to has loaded.</summary>
    private static async Task SubmitAndReload(BrowserSession session, long id)
    {
        var page = session.Page;
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#event-form button[type=submit]"),
            r => r.Request.Method == "GET" && r.Url.Contains($"/honorees/{id}", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await session.CheckAsync();
    }
}
