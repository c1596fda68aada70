namespace Laurel.Rules.Organisation;

/// <summary>
/// The region each unit acts for: its own GB/T 2260 code, or its nearest ancestor's. Street, industry and grassroots
/// unions carry no code of their own; the national root carries none, so units under no territorial federation have
/// no region and are left out.
/// </summary>
public static class UnitRegions
{
    public static Dictionary<long, string> Resolve(IEnumerable<(long Id, long? ParentId, string? RegionCode)> units)
    {
        var byId = units.ToDictionary(u => u.Id);
        var regions = new Dictionary<long, string>();
        foreach (var start in byId.Keys)
        {
            for (long? id = start; id is { } current && byId.TryGetValue(current, out var unit); id = unit.ParentId)
            {
                if (unit.RegionCode is not null)
                {
                    regions[start] = unit.RegionCode;
                    break;
                }
            }
        }
        return regions;
    }
}
