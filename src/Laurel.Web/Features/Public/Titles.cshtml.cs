using Laurel.Rules.Honours;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Public;

/// <summary>称号目录: the title catalogue by level, as the public API's /titles gives it; no honoree appears.</summary>
public sealed class TitlesModel : PageModel
{
    public sealed record LevelTitles(string Code, string Name, IReadOnlyList<string> Titles);

    public IReadOnlyList<LevelTitles> Levels { get; } = TitleCatalogue.All
        .GroupBy(t => t.Level)
        .OrderBy(g => g.Key)
        .Select(g => new LevelTitles(HonourLevels.Code(g.Key), HonourLevels.ChineseName(g.Key), g.Select(t => t.Name).ToList()))
        .ToList();
}
