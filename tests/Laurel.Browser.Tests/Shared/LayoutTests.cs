using System.Globalization;
using System.Text.RegularExpressions;
using Laurel.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Laurel.Browser.Tests.Shared;

/// <summary>
/// The staff pages for keyboard users and large text (the layout in Features/Shared/_Layout.cshtml, the accessibility
/// section of wwwroot/css/site.css): a skip link first, a focus ring that shows on the red bar and on white, text that
/// follows the browser's font-size setting, and a menu that wraps by item at twice the size.
/// </summary>
public sealed partial class LayoutTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task From_page_load_one_Tab_reaches_the_skip_link_Enter_moves_to_the_main_content_and_the_first_honoree_is_a_few_Tabs_on()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync("jianwai");
        await session.GotoAsync("/honorees");

        await page.Keyboard.PressAsync("Tab");
        (await Focused(page, "el => el.textContent.trim()")).ShouldBe("跳到主要内容");
        (await page.Locator(".skip-link[href='#main']").BoundingBoxAsync()).ShouldNotBeNull().Y.ShouldBeGreaterThanOrEqualTo(0, "the focused skip link is on screen");
        await page.Keyboard.PressAsync("Enter");
        (await Focused(page, "el => el.tagName + '#' + el.id")).ShouldBe("MAIN#main");

        var presses = 0;
        string? href = null;
        while (presses < 30 && (href is null || !RecordPath().IsMatch(href)))
        {
            await page.Keyboard.PressAsync("Tab");
            presses++;
            href = await Focused(page, "el => el.getAttribute('href') ?? ''");
        }
        RecordPath().IsMatch(href ?? "").ShouldBeTrue("no honoree link reached by Tab");
        // The new-record and two export buttons, the search form (name/ID, employer, four filters, sort, 查询, 清空条件) and the
        // sort links come first: past the menu, never more than the page's own controls.
        presses.ShouldBeLessThanOrEqualTo(22, $"{presses} Tab presses after the skip link to the first honoree");

        // The list's own skip link, second, goes straight to the results.
        await session.GotoAsync("/honorees");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        (await Focused(page, "el => el.textContent.trim()")).ShouldBe("跳到查询结果");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        RecordPath().IsMatch(await Focused(page, "el => el.getAttribute('href') ?? ''")).ShouldBeTrue("one Tab after 跳到查询结果 is the first honoree");
    }

    [Fact]
    public async Task The_keyboard_focus_ring_has_at_least_3_to_1_contrast_on_the_red_menu_bar_and_on_the_white_page()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync("jianwai");
        await session.GotoAsync("/");

        // Skip link, brand, then the first menu item.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        (await Focused(page, "el => el.classList.contains('nav-link')")).ShouldBe("true");
        var onBar = await Ring(page);
        var bar = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('nav.navbar')).backgroundColor");
        Contrast(onBar.Color, bar).ShouldBeGreaterThanOrEqualTo(3.0, $"ring {onBar.Color} on the bar {bar}");
        onBar.Width.ShouldBeGreaterThanOrEqualTo(2.0);

        // On through the menu to the first control of the page itself.
        for (var i = 0; i < 20 && await Focused(page, "el => el.closest('main') !== null") != "true"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        (await Focused(page, "el => el.closest('main') !== null")).ShouldBe("true");
        var onPage = await Ring(page);
        Contrast(onPage.Color, "rgb(255, 255, 255)").ShouldBeGreaterThanOrEqualTo(3.0, $"ring {onPage.Color} on white");
        onPage.Width.ShouldBeGreaterThanOrEqualTo(2.0);
    }

    [Fact]
    public async Task With_the_browsers_text_size_doubled_the_text_doubles_and_the_menu_wraps_by_item_without_horizontal_scrolling()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await session.SignInAsync("nmg");
        var normal = await RootFontSize(page);

        // The browser's own setting (Chromium's default font size, 16px), as a reader who needs large text sets it.
        var cdp = await session.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object>
        {
            ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 32, ["fixed"] = 26 },
        });
        foreach (var path in new[] { "/", "/honorees", "/policies" })
        {
            await session.GotoAsync(path);
            (await RootFontSize(page)).ShouldBe(normal * 2, 0.5, "the root follows the browser's font size");
            await MenuWrapsByItem(page, path);
            await NoHorizontalScroll(page, path);
        }
    }

    [Fact]
    public async Task At_200_percent_zoom_on_a_1280_pixel_screen_the_menu_opens_whole_items_and_nothing_scrolls_sideways()
    {
        // Zooming to 200 % in a 1280-pixel window lays the page out in 640 CSS pixels at twice the density.
        await using var session = await fixture.NewSessionAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 640, Height = 450 },
            DeviceScaleFactor = 2,
        });
        var page = session.Page;
        await session.SignInAsync("nmg-finance");
        foreach (var path in new[] { "/", "/payments" })
        {
            await session.GotoAsync(path);
            await page.ClickAsync(".navbar-toggler");
            await page.Locator("#main-nav.show").WaitForAsync();
            await MenuWrapsByItem(page, path);
            await NoHorizontalScroll(page, path);
        }
    }

    /// <summary>No menu link or menu button is taller than about two lines of its own text.</summary>
    private static async Task MenuWrapsByItem(IPage page, string path)
    {
        var items = await page.Locator("header .nav-link, header .btn, header .navbar-brand").EvaluateAllAsync<ItemBox[]>(
            "els => els.map(e => ({ text: e.textContent.trim(), height: e.getBoundingClientRect().height, line: parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.5 }))");
        items.Length.ShouldBeGreaterThan(3);
        foreach (var item in items)
        {
            item.Height.ShouldBeLessThanOrEqualTo(item.Line * 2.2 + 16, $"{path}: 「{item.Text}」 is {item.Height:0} px tall for a {item.Line:0} px line");
        }
    }

    private static async Task NoHorizontalScroll(IPage page, string path)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"{path} scrolls sideways");
    }

    private sealed class ItemBox
    {
        public string Text { get; set; } = "";
        public double Height { get; set; }
        public double Line { get; set; }
    }

    private sealed record FocusRing(string Color, double Width);

    private static Task<string> Focused(IPage page, string expression) =>
        page.EvaluateAsync<string>($"() => String(({expression})(document.activeElement))");

    private static async Task<FocusRing> Ring(IPage page)
    {
        var ring = await page.EvaluateAsync<string[]>(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineColor, s.outlineWidth]; }");
        ring[0].ShouldNotBe("none", "a focused element draws an outline");
        return new FocusRing(ring[1], double.Parse(ring[2].Replace("px", ""), CultureInfo.InvariantCulture));
    }

    private static async Task<double> RootFontSize(IPage page) =>
        double.Parse((await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize")).Replace("px", ""), CultureInfo.InvariantCulture);

    /// <summary>WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored).</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string css)
        {
            var parts = ColourParts().Matches(css).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).Take(3).ToArray();
            parts.Length.ShouldBe(3, css);
            var linear = parts.Select(c => c / 255).Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
        }
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    [GeneratedRegex(@"^/honorees/\d+$")]
    private static partial Regex RecordPath();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex ColourParts();
}
