using Laurel.Rules.Identity;
using Laurel.Rules.Organisation;

namespace Laurel.Rules.Access;

/// <summary>An org unit with the region it acts for (its own code or its nearest ancestor's; null for none).</summary>
public sealed record RegionalUnit(long Id, string Path, string? RegionCode)
{
    /// <summary>Every unit of the tree with its resolved region (see <see cref="UnitRegions.Resolve"/>).</summary>
    public static IReadOnlyList<RegionalUnit> Resolve(IEnumerable<(long Id, long? ParentId, string Path, string? RegionCode)> units)
    {
        var list = units.ToList();
        var regions = UnitRegions.Resolve(list.Select(u => (u.Id, u.ParentId, u.RegionCode)));
        return list.Select(u => new RegionalUnit(u.Id, u.Path, regions.GetValueOrDefault(u.Id))).ToList();
    }
}

/// <summary>
/// Who administers a policy pack (adds its dated parameter values). A pack's jurisdiction is every unit acting for a
/// region inside the pack's region (the units whose honorees the pack covers). A policy_admin grant at a unit
/// administers the pack only when that unit's subtree holds the pack's whole jurisdiction, and the unit acts for a
/// region that contains the pack's (the root, acting for the whole country, for every pack).
/// </summary>
/// <remarks>
/// So a street union, which acts for its district's region without holding the district's other streets, administers
/// none of the district's packs; the district federation does, and so do the city and province above it.
/// A unit under no territorial federation (an industry union directly under the root) acts for no region and
/// administers nothing. A pack whose region has no unit in the tree is administered from the units whose region
/// contains it. Grants of other roles count for nothing here.
/// </remarks>
public static class PackAdministration
{
    public static bool Administers(IEnumerable<Grant> grants, string packRegionCode, IReadOnlyList<RegionalUnit> units)
    {
        var policyGrants = grants.Where(g => g.Role == Roles.PolicyAdmin).ToList();
        if (policyGrants.Count == 0 || !Regions.IsValidCode(packRegionCode))
        {
            return false;
        }
        var jurisdiction = units.Where(u => u.RegionCode is not null && Regions.Contains(packRegionCode, u.RegionCode)).ToList();
        return policyGrants.Any(g => ActsFor(g, packRegionCode, units) && jurisdiction.All(u => OrgPath.IsWithin(u.Path, g.OrgUnitPath)));
    }

    private static bool ActsFor(Grant grant, string packRegionCode, IReadOnlyList<RegionalUnit> units)
    {
        if (!OrgPath.IsWellFormed(grant.OrgUnitPath))
        {
            return false;
        }
        if (OrgPath.Depth(grant.OrgUnitPath) == 0)
        {
            return true;
        }
        var unit = units.FirstOrDefault(u => u.Id == grant.OrgUnitId);
        return unit?.RegionCode is { } region && Regions.Contains(region, packRegionCode);
    }
}
