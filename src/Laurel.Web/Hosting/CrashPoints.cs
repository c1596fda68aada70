using System.Diagnostics;

namespace Laurel.Web.Hosting;

/// <summary>
/// Named points inside the payment operations where the kill -9 tests stop the process: when the configuration key
/// Laurel:CrashAt names a point, reaching it kills the process at once with SIGKILL, exactly as `kill -9` would —
/// no finally block, no rollback sent, the transaction left for PostgreSQL to abort. Never set outside those tests.
/// Just before, it writes <see cref="Marker"/> and the point to standard error, so a test knows where the process died.
/// </summary>
public sealed class CrashPoints(IConfiguration configuration)
{
    private readonly string? _at = configuration["Laurel:CrashAt"];

    public const string Marker = "crash point reached:";

    public void Reach(string point)
    {
        if (_at == point)
        {
            Console.Error.WriteLine($"{Marker} {point}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
