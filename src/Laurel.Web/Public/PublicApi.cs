using Laurel.Rules.Honours;

namespace Laurel.Web.Public;

/// <summary>What anyone may read without signing in. No personal data: the notices and the honour roll join here as they are decided.</summary>
public static class PublicApi
{
    public static void MapPublicEndpoints(this RouteGroupBuilder group) =>
        // The titles Laurel knows and their levels: what a public notice or a certificate check names.
        group.MapGet("/titles", () => Results.Ok(TitleCatalogue.All.Select(t =>
            new { code = t.Code, name = t.Name, level = HonourLevels.Code(t.Level), levelName = HonourLevels.ChineseName(t.Level) })));
}
