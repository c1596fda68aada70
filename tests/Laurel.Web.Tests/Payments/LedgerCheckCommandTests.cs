using System.Diagnostics;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Payments;

/// <summary>`Laurel.Web.dll ledger-check` (what `./laurel ledger-check` runs) on a sound and on a broken ledger.</summary>
public sealed class LedgerCheckCommandTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<(int ExitCode, string Output)> RunCheck()
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "ledger-check"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Laurel"] = _app.AppConnectionString;
        start.Environment["Laurel__EncryptionKey"] = LaurelApp.TestKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output);
    }

    [Fact]
    public async Task The_check_passes_on_a_sound_ledger_and_names_an_unbalanced_entry_with_exit_code_1()
    {
        var (code, output) = await RunCheck();
        code.ShouldBe(0, output);
        output.ShouldContain("台账核对通过");

        // A manual entry with one line, as a DBA's hand-written posting might be.
        var entry = await TestDb.Scalar<long>(_app.OwnerConnectionString,
            "INSERT INTO ledger_entries (kind, description) VALUES ('approval', '手工分录') RETURNING id");
        await TestDb.Scalar<int>(_app.OwnerConnectionString,
            "INSERT INTO ledger_lines (entry_id, line_no, account, debit) VALUES ($1, 1, 'fund_expense', 100) RETURNING 1", entry);
        (code, output) = await RunCheck();
        code.ShouldBe(1, output);
        output.ShouldContain($"分录 {entry}（手工分录）借贷不平");
    }
}
