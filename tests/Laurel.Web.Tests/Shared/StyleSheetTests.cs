using System.Text.RegularExpressions;

namespace Laurel.Web.Tests.Shared;

/// <summary>
/// Font sizes follow the reader's own browser setting: the site's style sheet and the pages set them in rem (or %),
/// never in px, so that a larger default font enlarges every page.
/// </summary>
public sealed partial class StyleSheetTests
{
    private static DirectoryInfo WebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")))
            {
                return new DirectoryInfo(Path.Combine(dir.FullName, "src", "Laurel.Web"));
            }
        }
        throw new InvalidOperationException("no Laurel.slnx above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void No_font_size_in_the_site_style_sheet_or_in_a_page_is_given_in_pixels()
    {
        var web = WebProject();
        var files = web.GetFiles("*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(new FileInfo(Path.Combine(web.FullName, "wwwroot", "css", "site.css")))
            .ToList();
        files.Count.ShouldBeGreaterThan(10);
        var found = files
            .SelectMany(f => File.ReadAllLines(f.FullName).Select((line, i) => (f, line, i)))
            .Where(x => PixelFontSize().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(web.FullName, x.f.FullName)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        found.ShouldBeEmpty();
    }

    [Fact]
    public void The_pixel_scan_catches_the_font_declarations_it_must()
    {
        PixelFontSize().IsMatch("html { font-size: 17px; }").ShouldBeTrue();
        PixelFontSize().IsMatch("  font: 700 14.5px/1.2 sans-serif;").ShouldBeTrue();
        PixelFontSize().IsMatch("<span style=\"font-size:12PX\">").ShouldBeTrue();
        PixelFontSize().IsMatch("  font-size: 1.05rem;").ShouldBeFalse();
        PixelFontSize().IsMatch("  line-height: 60px;").ShouldBeFalse();
    }

    // font-size: …px, or the font shorthand with a px size.
    [GeneratedRegex(@"font(-size)?\s*:[^;""}]*\d(\.\d+)?px", RegexOptions.IgnoreCase)]
    private static partial Regex PixelFontSize();
}
