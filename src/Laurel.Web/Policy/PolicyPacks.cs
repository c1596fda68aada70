using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Policy;

/// <summary>
/// The packs as they stand now: the shipped YAML with the values policy administrators added merged in. Read from the
/// database on every use, so every instance evaluates with the same values.
/// </summary>
public sealed class PolicyPacks(PolicyCatalog catalog, LaurelDb db)
{
    private IReadOnlyList<PolicyPack>? _current;

    public async Task<IReadOnlyList<PolicyPack>> CurrentAsync()
    {
        if (_current is not null)
        {
            return _current;
        }
        // A withdrawn value (ADR 17) is kept for the history and counts for nothing.
        var added = (await db.PolicyParameterValues.AsNoTracking().Where(v => v.WithdrawnAt == null).ToListAsync()).ToLookup(v => v.PackCode);
        _current = catalog.Packs
            .Select(p => p.WithValues(added[p.Code].Select(v => (v.ParameterName, new DatedValue(v.EffectiveFrom, v.Value, new Reference(v.Reference))))))
            .ToList();
        return _current;
    }

    /// <summary>The values policy administrators added to a pack, withdrawn ones included (the pack page shows them as 已撤回).</summary>
    public async Task<IReadOnlyList<PolicyParameterValue>> LocalValuesAsync(string code) =>
        await db.PolicyParameterValues.AsNoTracking().Where(v => v.PackCode == code).OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Id).ToListAsync();

    public async Task<PolicyPack?> FindAsync(string code) => (await CurrentAsync()).FirstOrDefault(p => p.Code == code);

    /// <summary>The benefits' Chinese names by pack and benefit code (a benefit code alone may name different benefits in different packs).</summary>
    public async Task<IReadOnlyDictionary<(string Pack, string Benefit), string>> BenefitNamesAsync() =>
        (await CurrentAsync()).SelectMany(p => p.Benefits.Select(b => (Key: (p.Code, b.Code), b.Name))).ToDictionary(x => x.Key, x => x.Name);
}
