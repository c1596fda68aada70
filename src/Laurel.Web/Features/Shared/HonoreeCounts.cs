using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Shared;

public sealed record LevelCount(int? Level, int Count);

/// <summary>
/// Counts of the honorees in scope, for the start pages of every role (Home): not a feature of its own, so that no
/// start page reaches into the Honorees feature (docs/decisions/0010-data-access.md, Where shared code lives).
/// </summary>
public sealed class HonoreeCounts(LaurelDb db, Scope scope)
{
    /// <summary>Honorees in scope counted once each under the highest level of their active honours (null: none).</summary>
    public async Task<IReadOnlyList<LevelCount>> ByLevelAsync()
    {
        var unitIds = await scope.HonoreeUnitIdsAsync(HonoreeAccess.Read);
        var codes = TitleCatalogue.All.Select(t => t.Code).ToArray();
        var levels = TitleCatalogue.All.Select(t => (int)t.Level).ToArray();
        return await db.Database.SqlQuery<LevelCount>($"""
            SELECT x.level AS "Level", count(*)::int AS "Count"
            FROM (SELECT (SELECT min(l.level) FROM honours o
                          JOIN unnest({codes}::text[], {levels}::int[]) AS l(code, level) ON l.code = o.title_code
                          WHERE o.honoree_id = h.id AND o.status = 'active') AS level
                  FROM honorees h WHERE h.org_unit_id = ANY({unitIds})) x
            GROUP BY x.level ORDER BY x.level NULLS LAST
            """).ToListAsync();
    }
}
