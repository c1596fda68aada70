using System.Diagnostics;

namespace Laurel.Web.Hosting;

/// <summary>
/// Named points inside the payment operations where the kill -9 tests stop the process: when the configuration key
/// Laurel:CrashAt names a point, reaching it kills the process at once with SIGKILL, exactly as `kill -9` would —
/// no finally block, no rollback sent, the transaction left for PostgreSQL to abort. Never set outside those tests.
/// </summary>
public sealed class CrashPoints(IConfiguration configuration)
{
    private readonly string? _at = configuration["Laurel:CrashAt"];

    public void Reach(string point)
    {
        if (_at == point)
        {
            Process.GetCurrentProcess().Kill();
        }
    }
}
