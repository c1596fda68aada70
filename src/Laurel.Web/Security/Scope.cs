using Laurel.Rules.Access;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Security;

public enum HonoreeAccess { Read, Write }

/// <summary>
/// The one place where the tiered-management scope is applied. Every list, count, search, export, detail, lookup and
/// update of honorees and org units starts from these queries; a record outside them answers 404 as if it did not exist.
/// </summary>
public sealed class Scope(LaurelDb db, CurrentUser user)
{
    /// <summary>Honorees whose managing unit lies in a subtree where the user holds the access asked for.</summary>
    public async Task<IQueryable<Honoree>> HonoreesAsync(HonoreeAccess access = HonoreeAccess.Read)
    {
        var grants = await user.GrantsAsync();
        var roots = access == HonoreeAccess.Write ? grants.HonoreeWriteRoots : grants.HonoreeReadRoots;
        if (roots.Any(r => OrgPath.Depth(r) == 0))
        {
            // A grant at the root covers every unit (the tree has one root, db/migrations/0001): the filter would be true
        // for every row and only mislead the planner.
            return db.Honorees;
        }
        return Under(db.Honorees, roots);
    }

    /// <summary>
    /// The honorees of the query whose managing unit lies under one of the unit paths, as part of the query itself: a
    /// semi-join on the unit's materialised path (EXISTS over org_units), not a separate query for the unit ids followed
    /// by <c>org_unit_id = ANY(ids)</c>. One round trip less per request, and the planner still sees the path prefix
    /// (ADR 6, issue 11). Also the subtree filter of a search (单位（含下级）) within the scope.
    /// </summary>
    public IQueryable<Honoree> Under(IQueryable<Honoree> query, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return query.Where(_ => false);
        }
        // Paths hold only digits and slashes, so they need no LIKE escaping.
        if (paths.Count == 1)
        {
            var pattern = paths[0] + "%";
            return query.Where(h => db.OrgUnits.Any(u => u.Id == h.OrgUnitId && EF.Functions.Like(u.Path, pattern)));
        }
        var patterns = paths.Select(r => r + "%").ToArray();
        return query.Where(h => db.OrgUnits.Any(u => u.Id == h.OrgUnitId && patterns.Any(p => EF.Functions.Like(u.Path, p))));
    }


    /// <summary>The ids of the units whose honorees the user may access: for queries written in SQL.</summary>
    public async Task<long[]> HonoreeUnitIdsAsync(HonoreeAccess access)
    {
        var grants = await user.GrantsAsync();
        return await UnitIdsUnderAsync(access == HonoreeAccess.Write ? grants.HonoreeWriteRoots : grants.HonoreeReadRoots);
    }

    public async Task<Honoree?> FindHonoreeAsync(long id, HonoreeAccess access = HonoreeAccess.Read) =>
        await (await HonoreesAsync(access)).FirstOrDefaultAsync(h => h.Id == id);

    /// <summary>
    /// The honoree a change is for, when the user may write it; otherwise the refusal (<see cref="NotWritableAsync"/>).
    /// The one opening of every change to an honoree record.
    /// </summary>
    public async Task<(Honoree? Honoree, Outcome<T>? Refusal)> WritableHonoreeAsync<T>(long honoreeId, string readOnlyMessage) =>
        await FindHonoreeAsync(honoreeId, HonoreeAccess.Write) is { } honoree
            ? (honoree, null)
            : (null, await NotWritableAsync<T>(honoreeId, readOnlyMessage));

    /// <summary>
    /// The answer to a change of an honoree the user may not write: outside their scope it does not exist (404, as for
    /// every other record); where they may only read it, 403 with the message.
    /// </summary>
    public async Task<Outcome<T>> NotWritableAsync<T>(long honoreeId, string readOnlyMessage) =>
        await FindHonoreeAsync(honoreeId) is null ? Outcome<T>.NotFound() : Outcome<T>.Forbidden(readOnlyMessage);

    /// <summary>Org units under any of the user's grants: the part of the tree they can see.</summary>
    public async Task<IQueryable<OrgUnit>> VisibleOrgUnitsAsync()
    {
        var grants = await user.GrantsAsync();
        return UnitsUnder(grants.VisibleRoots);
    }

    /// <summary>Org units under the user's grants of the given roles.</summary>
    public async Task<IQueryable<OrgUnit>> OrgUnitsWhereAsync(Func<AccessGrants, IReadOnlyList<string>> roots)
    {
        var grants = await user.GrantsAsync();
        return UnitsUnder(roots(grants));
    }

    public async Task<long[]> UnitIdsUnderAsync(IReadOnlyList<string> roots) =>
        roots.Count == 0 ? [] : await UnitsUnder(roots).Select(u => u.Id).ToArrayAsync();

    private IQueryable<OrgUnit> UnitsUnder(IReadOnlyList<string> roots)
    {
        if (roots.Count == 0)
        {
            return db.OrgUnits.Where(_ => false);
        }
        // Paths hold only digits and slashes, so they need no LIKE escaping.
        var patterns = roots.Select(r => r + "%").ToArray();
        return db.OrgUnits.Where(u => patterns.Any(p => EF.Functions.Like(u.Path, p)));
    }
}
