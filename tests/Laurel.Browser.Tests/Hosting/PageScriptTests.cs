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
        // A 朝阳区 title: its revocation is decided by 朝阳区总工会's selection admins.
        var honour = await api.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "county_model_worker", awardingRegionCode = "110105", awardedOn = "2010-04-28", awardingBody = "朝阳区人民政府" });
        honour.EnsureSuccessStatusCode();
        var honourId = (await honour.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        var proposed = await api.PostAsJsonAsync("/api/v1/revocations", new { honourId, grounds = "fraud", evidence = "经查弄虚作假。" });
        proposed.EnsureSuccessStatusCode();
        var caseId = (await proposed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

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

        violations.ShouldBeEmpty();

        // The selection admin's decision asks first, naming the person and the title; declining leaves the honour as it
        // was and the case open (the form is not sent).
        await using var decider = await fixture.NewSessionAsync();
        var deciding = decider.Page;
        deciding.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        string? asked = null;
        deciding.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.DismissAsync();
        };
        await decider.SignInAsync("chaoyang-selection");
        await decider.GotoAsync($"/revocations/{caseId}");
        await deciding.FillAsync("#Decision_DocumentNumber", "朝工发〔2026〕3号");
        await deciding.ClickAsync("#decide-form button[data-confirm]");
        asked.ShouldNotBeNull().ShouldContain("确认决定撤销" + created.GetProperty("name").GetString() + "的“");
        asked.ShouldContain("劳动模范”");
        var detail = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/honorees/{id}");
        detail.GetProperty("honours").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("active");
        (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/revocations/{caseId}")).GetProperty("status").GetString().ShouldBe("proposed");

        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Before_an_event_type_is_chosen_no_events_fields_show_and_without_script_every_group_stays_usable()
    {
        var api = await fixture.App.ApiAs("jianwai");
        var id = (await TestData.CreateHonoree(api, "建外街道总工会", TestData.UniqueName("分组"))).GetProperty("id").GetInt64();
        const string groups = "#event-form .event-fields";

        await using (var session = await fixture.NewSessionAsync())
        {
        var page = session.Page;
        await session.SignInAsync("jianwai");
        await session.GotoAsync($"/honorees/{id}?tab=timeline");
        (await page.Locator(groups).CountAsync()).ShouldBe(4);
        (await page.Locator(groups + ":visible").CountAsync()).ShouldBe(0);
        await page.SelectOptionAsync("#Event_Type", "died");
        (await page.Locator(groups + ":visible").CountAsync()).ShouldBe(0);
        await page.SelectOptionAsync("#Event_Type", "hukou_changed");
        (await page.Locator(groups + ":visible").CountAsync()).ShouldBe(1);
        (await page.IsVisibleAsync("#Event_RegionCode")).ShouldBeTrue();
        (await page.GetAttributeAsync("#Event_RegionCode", "list")).ShouldBe("region-options");
        await page.SelectOptionAsync("#Event_Type", "");
        (await page.Locator(groups + ":visible").CountAsync()).ShouldBe(0);
        }

        // Without script axe-core cannot run in the page, so this context is a plain one.
        var noScript = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", JavaScriptEnabled = false });
        var plain = await noScript.NewPageAsync();
        var baseUrl = fixture.BaseUrl;
        await plain.GotoAsync(baseUrl + "/login");
        await plain.FillAsync("input[name='Input.UserName']", "jianwai");
        await plain.FillAsync("input[name='Input.Password']", LaurelApp.Password);
        await plain.ClickAsync("button[type=submit]");
        await plain.WaitForURLAsync(baseUrl + "/");
        await plain.GotoAsync($"{baseUrl}/honorees/{id}?tab=timeline");
        (await plain.Locator(groups + ":visible").CountAsync()).ShouldBe(4);
        await noScript.CloseAsync();
    }

    [Fact]
    public async Task The_registration_form_marks_what_is_required_and_its_hukou_field_starts_at_the_users_region_and_takes_a_name()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync("jianwai");
        await session.GotoAsync("/honorees/new");

        foreach (var required in new[] { "Input_Name", "Input_ResidentId", "Input_OrgUnitId", "Input_HukouRegionCode", "Input_EmploymentStatus", "Input_EmploymentSince" })
        {
            (await page.InnerTextAsync($"label[for={required}]")).ShouldContain("必填");
            (await page.GetAttributeAsync($"#{required}", "aria-required")).ShouldBe("true");
            (await page.GetAttributeAsync($"#{required}", "required")).ShouldNotBeNull();
        }
        (await page.InnerTextAsync("label[for=Input_Phone]")).ShouldNotContain("必填");
        (await page.InputValueAsync("#Input_HukouRegionCode")).ShouldBe("110105");
        (await page.InnerTextAsync("#Input_HukouRegionCode-hint")).ShouldContain("朝阳区");
        (await page.Locator("datalist#region-options option[value='110105']").GetAttributeAsync("value")).ShouldBe("110105");

        var name = TestData.UniqueName("海淀");
        await page.FillAsync("[data-field=name]", name);
        await page.FillAsync("[data-field=residentId]", TestData.NewResidentId());
        await page.SelectOptionAsync("[data-field=orgUnitId]", new SelectOptionValue { Label = "建外街道总工会" });
        await page.FillAsync("[data-field=hukouRegionCode]", "海淀区");
        await page.SelectOptionAsync("[data-field='employment.status']", "employed");
        await page.FillAsync("[data-field='employment.since']", "2001-09-01");
        await page.ClickAsync("[data-testid=save]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/honorees/\d+$"));
        await session.CheckAsync();
        (await page.ContentAsync()).ShouldContain("110108 海淀区");
    }
}
