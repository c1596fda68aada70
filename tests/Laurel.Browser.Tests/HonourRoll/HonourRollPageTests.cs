using Laurel.Browser.Tests.Infrastructure;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.HonourRoll;

/// <summary>The public honour roll on a phone, and the consent page behind it, with axe-core on each (issue 12 §6).</summary>
public sealed class HonourRollPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_demo_roll_of_chaoyang_shows_a_consented_photo_on_a_phone_without_sideways_scrolling_and_its_consent_page_is_accessible()
    {
        var owner = fixture.App.OwnerConnectionString;
        var honoree = await TestDb.Scalar<long>(owner, "SELECT owner_id FROM attachments WHERE owner_kind = 'honoree_photo' ORDER BY id LIMIT 1");
        var title = await TestDb.Scalar<string>(owner, "SELECT title_code FROM honours WHERE honoree_id = $1 AND status = 'active' ORDER BY id LIMIT 1", honoree);
        var year = await TestDb.Scalar<int>(owner, "SELECT extract(year FROM awarded_on)::int FROM honours WHERE honoree_id = $1 AND title_code = $2 ORDER BY id LIMIT 1", honoree, title);
        var chaoyang = await TestDb.Scalar<long>(owner, "SELECT id FROM org_units WHERE name = '朝阳区总工会'");

        await using (var phone = await fixture.NewSessionAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        }))
        {
            await phone.GotoAsync($"/public/honour-roll/{chaoyang}?title={title}&year={year}");
            var page = phone.Page;
            var photo = page.Locator("img.roll-photo").First;
            await photo.WaitForAsync();
            (await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBeGreaterThan(0, "the photo loads");
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no sideways scrolling on a phone");
            await page.GetByRole(AriaRole.Link, new() { Name = "光荣榜", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/public/honour-roll");
            await phone.CheckAsync();
        }

        await using var staff = await fixture.NewSessionAsync();
        await staff.SignInAsync("chaoyang");
        await staff.GotoAsync($"/honour-roll/honorees/{honoree}");
        (await staff.Page.Locator("[data-testid=consents] tbody tr").CountAsync()).ShouldBe(2);
        await staff.GotoAsync($"/honour-roll/honorees/{honoree}/photo");
    }
}
