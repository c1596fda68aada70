using Laurel.Web.Features.Payments;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.Payments;

/// <summary>The compute's hot path run at start (ADR 9): it reads and evaluates real honorees and writes nothing.</summary>
[Collection(DemoCollection.Name)]
public sealed class ComputeWarmUpTests(LaurelApp app)
{
    [Fact]
    public async Task The_warm_up_reads_and_evaluates_the_first_honorees_and_writes_nothing()
    {
        const string Written = "SELECT (SELECT count(*) FROM payment_items) + (SELECT count(*) FROM audit_entries) + (SELECT count(*) FROM payment_cycles)";
        var before = await TestDb.Scalar<long>(app.OwnerConnectionString, Written);
        var warmUp = ActivatorUtilities.CreateInstance<ComputeWarmUp>(app.Services);

        var read = await warmUp.RunAsync(CancellationToken.None);

        read.ShouldBeGreaterThan(0);
        read.ShouldBeLessThanOrEqualTo(ComputeWarmUp.Honorees);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, Written)).ShouldBe(before);
    }
}
