using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace Laurel.Web.Hosting;

/// <summary>
/// Makes sure the shared key ring has a usable key before the first request, under an advisory lock: instances that
/// start together against an empty key table would otherwise each create their own key, and a cookie protected by one
/// would not be readable by the other until its key ring refreshed.
/// </summary>
public static class DataProtectionKeys
{
    private const long LockKey = 0x4C4155524B45; // "LAURKE"

    public static async Task EnsureAsync(IServiceProvider services)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var keys = services.GetRequiredService<IKeyManager>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var conn = await dataSource.OpenConnectionAsync();
        await using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", conn))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        try
        {
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(7)))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
