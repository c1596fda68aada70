using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>
/// One Laurel instance with the demo data and a clock the tests move forward, for the procedures that wait for dates
/// (a notice's window of working days, the month an award is paid). Tests of the collection run one after another;
/// each moves the clock only forward and reads "today" from <see cref="ProcedureApp.Today"/>, never from the host.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcedureCollection : ICollectionFixture<ProcedureApp>
{
    public const string Name = "procedure";
}

public sealed class ProcedureApp : LaurelApp
{
    public MovableClock Clock { get; } = new();

    /// <summary>Today in Beijing on the app's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>
    /// Moves the clock forward to 10:00 Beijing time on <paramref name="day"/> (never back) and forgets the API tokens,
    /// which a jump of days would have expired.
    /// </summary>
    public void MoveTo(DateOnly day)
    {
        Clock.MoveTo(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));
        ForgetSignIns();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// The system clock plus an offset that only grows. It starts on 2026-06-01 at 10:00 Beijing time, so the tests have
/// the rest of 2026 (whose holiday table is installed) to move through.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private long _offsetTicks = (Start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void MoveTo(DateTimeOffset instant)
    {
        var wanted = (instant - System.GetUtcNow()).Ticks;
        if (wanted < Interlocked.Read(ref _offsetTicks))
        {
            throw new InvalidOperationException($"The clock only moves forward; {instant:O} is before {GetUtcNow():O}.");
        }
        Interlocked.Exchange(ref _offsetTicks, wanted);
    }
}
