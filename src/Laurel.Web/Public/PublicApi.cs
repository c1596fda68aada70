using Laurel.Rules.Honours;
using Laurel.Web.Features.Public;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Public;

/// <summary>What anyone may read without signing in. No personal data: the notices and the honour roll join here as they are decided.</summary>
public static class PublicApi
{
    public static void MapPublicEndpoints(this RouteGroupBuilder group)
    {
        // The titles Laurel knows and their levels: what a public notice or a certificate check names.
        group.MapGet("/titles", () => Results.Ok(TitleCatalogue.All.Select(t =>
            new { code = t.Code, name = t.Name, level = HonourLevels.Code(t.Level), levelName = HonourLevels.ChineseName(t.Level) })));
        // The honour roll (光荣榜) of a federation's subtree: active honours only, photo and deeds only under consent.
        group.MapGet("/honour-roll/{unitId:long}", async (long unitId, string? titleCode, int? year, int? page, int? pageSize,
                HonourRollQuery roll, CancellationToken ct) =>
            await roll.PageAsync(unitId, titleCode, year, page, pageSize, ct) is { } found
                ? Results.Ok(new { items = found.Items, total = found.Total, page = found.PageNumber, pageSize = found.PageSize })
                : Results.Problem(statusCode: 404, title: "记录不存在", detail: "该单位不存在，或不是设有光荣榜的工会。"));
        group.MapPublicNoticeApi();
        // An objection (异议) to a candidate on an open notice: 201 with the reference only, under its own per-address limit.
        group.MapPublicObjections();
    }
}
