using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// The real app process against the real PostgreSQL, killed with SIGKILL inside compute, approve, export and the bank
/// results import (Laurel:CrashAt), then started again: each operation runs again to completion, and there is no
/// duplicate, no missing item and the ledger balances.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private string _owner = "";
    private string _app = "";
    private Process? _process;
    private int _port;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _crashes = new();

    public async Task InitializeAsync() => (_owner, _app) = await TestCluster.CreateDatabaseAsync();

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task Start(string? crashAt = null)
    {
        Stop();
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{_port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Laurel"] = _app;
        start.Environment["ConnectionStrings__LaurelOwner"] = _owner;
        start.Environment["Laurel__EncryptionKey"] = LaurelApp.TestKey;
        start.Environment["Laurel__Demo"] = "true";
        // The demo accounts sign in with a password only (the app runs as Production, where two-factor is required).
        start.Environment["Laurel__RequireTwoFactor"] = "false";
        start.Environment["Laurel__CrashAt"] = crashAt ?? "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(Laurel.Web.Hosting.CrashPoints.Marker, StringComparison.Ordinal) == true)
            {
                _crashes.Enqueue(e.Data[Laurel.Web.Hosting.CrashPoints.Marker.Length..].Trim());
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await probe.GetAsync("/login")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            _process.HasExited.ShouldBeFalse("the app exited while starting");
            await Task.Delay(250);
        }
        throw new TimeoutException("The app did not start.");
    }

    private Uri Base => new($"http://127.0.0.1:{_port}");

    private async Task<HttpClient> As(string user)
    {
        using var anonymous = new HttpClient { BaseAddress = Base };
        var token = (await (await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = user, password = LaurelApp.Password }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Runs an operation in an app set to die at the point and checks that it died there: the request fails in transport
    /// (however the kill lands, the client sees a failed request or a broken socket, never an answer), the process ends by
    /// SIGKILL, and it said it reached that very point first.
    /// </summary>
    private async Task CrashAt(string point, string user, Func<HttpClient, Task<HttpResponseMessage>> operation)
    {
        await Start(point);
        var client = await As(user);
        var failure = await Should.ThrowAsync<Exception>(async () => await operation(client));
        IsTransportFailure(failure).ShouldBeTrue($"the request at {point} should fail in transport, not with {failure}");
        _process!.WaitForExit(10_000).ShouldBeTrue($"the app should have died at {point}");
        _process.ExitCode.ShouldBe(137, $"killed by SIGKILL at {point}");
        // The stderr reader may lag the exit by a moment.
        _process.WaitForExit();
        _crashes.ShouldContain(point);
    }

    private static bool IsTransportFailure(Exception e) => e switch
    {
        HttpRequestException or SocketException or IOException => true,
        // A wrapper (a cancellation, say) counts when what it wraps is a transport failure; a time-out does not.
        _ => e.InnerException is { } inner && IsTransportFailure(inner),
    };

    /// <summary>Starts the app set to die at the point, runs the operation (it dies), then starts it normally and runs it again.</summary>
    private async Task<HttpResponseMessage> CrashThenRetry(string point, string user, Func<HttpClient, Task<HttpResponseMessage>> operation)
    {
        await CrashAt(point, user, operation);
        await Start();
        return await operation(await As(user));
    }

    private async Task<T> Db<T>(string sql, params object[] args) => await TestDb.Scalar<T>(_owner, sql, args);

    private async Task AssertSound(long cycle)
    {
        (await Db<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle))
            .ShouldBe(await Db<int>("SELECT item_count FROM payment_cycles WHERE id = $1", cycle));
        (await Db<long>("SELECT count(*) - count(DISTINCT (honoree_id, pack_code, benefit_code, period, type)) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBe(0L);
        (await Db<decimal>("SELECT coalesce(sum(paid_amount), 0) FROM payment_items WHERE cycle_id = $1", cycle))
            .ShouldBe(await Db<decimal>("SELECT paid_total FROM payment_cycles WHERE id = $1", cycle));
        await using var source = NpgsqlDataSource.Create(_app);
        var report = await Laurel.Web.Features.Payments.LedgerCheck.RunAsync(source);
        report.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_at_any_point_of_compute_approve_export_or_import_the_operation_completes_on_the_next_run_exactly_once()
    {
        await Start();
        var finance = await As("nmg-finance");
        var unit = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/org-units")).EnumerateArray()
            .Single(u => u.GetProperty("name").GetString() == "内蒙古自治区总工会").GetProperty("id").GetInt64();
        var created = await finance.PostAsJsonAsync("/api/v1/payment-cycles", new { payingOrgUnitId = unit, month = "2026-07" });
        var cycle = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A clean compute of the same cycle is the reference: what a crashed one must end up as.
        (await finance.PostAsync($"/api/v1/payment-cycles/{cycle}/compute", null)).EnsureSuccessStatusCode();
        var expected = await Db<int>("SELECT item_count FROM payment_cycles WHERE id = $1", cycle);
        var expectedTotal = await Db<decimal>("SELECT total FROM payment_cycles WHERE id = $1", cycle);
        expected.ShouldBeGreaterThan(0);

        foreach (var point in new[] { "compute.deleted", "compute.copied", "compute.saved" })
        {
            (await CrashThenRetry(point, "nmg-finance", c => c.PostAsync($"/api/v1/payment-cycles/{cycle}/compute", null))).EnsureSuccessStatusCode();
            (await Db<int>("SELECT item_count FROM payment_cycles WHERE id = $1", cycle)).ShouldBe(expected);
            (await Db<decimal>("SELECT total FROM payment_cycles WHERE id = $1", cycle)).ShouldBe(expectedTotal);
            await AssertSound(cycle);
        }
        foreach (var point in new[] { "approve.accounts", "approve.posted" })
        {
            await CrashAt(point, "nmg-checker", c => c.PostAsync($"/api/v1/payment-cycles/{cycle}/approve", null));
            (await Db<string>("SELECT status FROM payment_cycles WHERE id = $1", cycle)).ShouldBe("computed");
            (await Db<long>("SELECT count(*) FROM ledger_entries WHERE cycle_id = $1", cycle)).ShouldBe(0L);
            (await Db<long>("SELECT count(*) FROM payment_accounts WHERE cycle_id = $1", cycle)).ShouldBe(0L);
        }
        (await CrashThenRetry("approve.saved", "nmg-checker", c => c.PostAsync($"/api/v1/payment-cycles/{cycle}/approve", null))).EnsureSuccessStatusCode();
        (await Db<long>("SELECT count(*) FROM ledger_entries WHERE cycle_id = $1 AND kind = 'approval'", cycle)).ShouldBe(1L);
        await AssertSound(cycle);

        var csv = Array.Empty<byte>();
        foreach (var point in new[] { "export.read", "export.saved" })
        {
            var file = await CrashThenRetry(point, "nmg-finance", c => c.GetAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv"));
            file.EnsureSuccessStatusCode();
            var bytes = await file.Content.ReadAsByteArrayAsync();
            if (csv.Length > 0)
            {
                bytes.ShouldBe(csv);
            }
            csv = bytes;
        }
        (await (await As("nmg-finance")).GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv")).ShouldBe(csv);
        (await Db<string>("SELECT status FROM payment_cycles WHERE id = $1", cycle)).ShouldBe("exported");

        var ids = System.Text.RegularExpressions.Regex.Matches(Encoding.UTF8.GetString(csv), "LM[0-9]{6}[A-Z0-9]{14}").Select(m => m.Value).ToList();
        ids.Count.ShouldBe(await Db<int>("SELECT count(*)::int FROM payment_items WHERE cycle_id = $1 AND paid_amount > 0", cycle));
        var results = "指令号,结果,原因\r\n" + string.Concat(ids.Select((id, i) => i == 0 ? $"{id},失败,账户冻结\r\n" : $"{id},成功,\r\n"));
        foreach (var point in new[] { "reconcile.updated", "reconcile.posted" })
        {
            var answer = await CrashThenRetry(point, "nmg-finance", async c =>
            {
                using var form = new MultipartFormDataContent();
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(results)), "file", "回单.csv");
                return await c.PostAsync($"/api/v1/payment-cycles/{cycle}/bank-results", form);
            });
            answer.EnsureSuccessStatusCode();
            var view = await answer.Content.ReadFromJsonAsync<JsonElement>();
            view.GetProperty("returned").GetInt32().ShouldBe(1);
            view.GetProperty("settled").GetInt32().ShouldBe(ids.Count - 1);
            view.GetProperty("missing").GetInt32().ShouldBe(0);
            (await Db<long>("SELECT count(*) FROM ledger_entries WHERE cycle_id = $1 AND kind = 'settlement'", cycle)).ShouldBe(1L);
            (await Db<long>("SELECT count(*) FROM ledger_entries WHERE cycle_id = $1 AND kind = 'return'", cycle)).ShouldBe(1L);
            await AssertSound(cycle);
        }
    }
}
