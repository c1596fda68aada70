// Types for FeatureBoundaryTests to find: namespaces shaped like the app's feature folders, one reaching into another.
#pragma warning disable CA1822, CA1812, IDE0161

namespace Laurel.Web.Tests.BoundaryFixture.Features.Beta
{
    internal sealed class Thing
    {
        public override string ToString() => "beta";
    }
}

namespace Laurel.Web.Tests.BoundaryFixture.Features.Alpha
{
    internal sealed class UsesBetaInBody
    {
        // Only the body names Beta: no field, property or parameter does.
        public string Describe() => new Beta.Thing().ToString();
    }

    internal sealed class UsesBetaInSignature
    {
        public void Take(IReadOnlyList<Beta.Thing> things) => _ = things;
    }

    internal sealed class UsesShared
    {
        public string Describe() => new Shared.Helper().ToString();
    }
}

namespace Laurel.Web.Tests.BoundaryFixture.Features.Gamma
{
    internal sealed class UsesSharedOnly
    {
        public string Describe() => new Shared.Helper().ToString();
    }
}

namespace Laurel.Web.Tests.BoundaryFixture.Features.Shared
{
    internal sealed class Helper
    {
        public override string ToString() => "shared";
    }

    internal sealed class ReachesIntoAFeature
    {
        public string Describe() => new Beta.Thing().ToString();
    }
}
