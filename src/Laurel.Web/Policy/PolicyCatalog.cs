using Laurel.Rules.Policies;

namespace Laurel.Web.Policy;

/// <summary>
/// The policy packs in force in this deployment, read once at start from the YAML shipped beside the app
/// (policies/*.yaml). A pack that fails validation stops the start: a half-read policy must not pay.
/// </summary>
public sealed class PolicyCatalog(IReadOnlyList<PolicyPack> packs)
{
    public IReadOnlyList<PolicyPack> Packs { get; } = packs;

    public static PolicyCatalog Load() => new(PolicyPackLoader.LoadDirectory(PolicyPackLoader.DefaultDirectory));
}
