using Laurel.Web.Data;
using Laurel.Web.Security;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Laurel.Web.Tests.Security;

/// <summary>
/// An installation upgraded to migration 0009: the keys it stored in plain are gone, and the phones it stored in plain
/// are encrypted once at the next start, however many instances start together.
/// </summary>
public sealed class AtRestUpgradeTests
{
    private static string MigrationsBefore(int version)
    {
        var dir = Path.Combine(Path.GetTempPath(), "laurel-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "migrations"));
        File.Copy(Path.Combine(MigrationRunner.DefaultDirectory, "grants.sql"), Path.Combine(dir, "grants.sql"));
        foreach (var file in Directory.GetFiles(Path.Combine(MigrationRunner.DefaultDirectory, "migrations"), "*.sql")
            .Where(f => int.Parse(Path.GetFileName(f)[..4], System.Globalization.CultureInfo.InvariantCulture) < version))
        {
            File.Copy(file, Path.Combine(dir, "migrations", Path.GetFileName(file)));
        }
        return dir;
    }

    [Fact]
    public async Task Upgrading_removes_the_plain_keys_and_the_first_starts_encrypt_every_plain_phone_once()
    {
        var (owner, app) = await TestCluster.CreateDatabaseAsync();
        var dir = MigrationsBefore(9);
        try
        {
            await MigrationRunner.ApplyAsync(owner, app, dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        await using var ownerSource = NpgsqlDataSource.Create(owner);
        // A key as earlier versions stored it: Data Protection without an encryptor writes the master key in plain.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Laurel");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(ownerSource));
        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        }
        (await TestDb.Scalar<long>(owner, "SELECT count(*) FROM data_protection_keys WHERE xml LIKE '%<masterKey%'")).ShouldBe(1L);
        // Phones as earlier versions stored them.
        await TestDb.Scalar<object>(owner, """
            INSERT INTO org_units (id, path, name, kind) VALUES (1, '/1/', '中华全国总工会', 'national');
            INSERT INTO honorees (name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender, phone, org_unit_id, hukou_region_code)
            SELECT '旧' || n, '\x00'::bytea, decode(md5(n::text), 'hex'), 'masked', '1960-01-01', 'male',
                   CASE WHEN n % 3 = 0 THEN NULL ELSE '1380013' || lpad(n::text, 4, '0') END, 1, '110105'
            FROM generate_series(1, 12000) n
            """);

        await MigrationRunner.ApplyAsync(owner, app, MigrationRunner.DefaultDirectory);
        (await TestDb.Scalar<long>(owner, "SELECT count(*) FROM data_protection_keys WHERE xml LIKE '%<masterKey%'")).ShouldBe(0L);

        var protector = FieldProtector.FromBase64(LaurelApp.TestKey)!;
        await using var one = NpgsqlDataSource.Create(app);
        await using var two = NpgsqlDataSource.Create(app);
        var counts = await Task.WhenAll(Phones.EncryptPlainAsync(one, protector), Phones.EncryptPlainAsync(two, protector));
        counts.Sum().ShouldBe(8000);
        (await Phones.EncryptPlainAsync(one, protector)).ShouldBe(0);
        (await TestDb.Scalar<long>(owner, "SELECT count(*) FROM honorees WHERE phone IS NOT NULL")).ShouldBe(0L);
        (await TestDb.Scalar<long>(owner, "SELECT count(*) FROM honorees WHERE phone_cipher IS NOT NULL")).ShouldBe(8000L);
        (await TestDb.Scalar<string>(owner, "SELECT phone_masked FROM honorees WHERE name = '旧8000'")).ShouldBe("138****8000");
        protector.Decrypt(await TestDb.Scalar<byte[]>(owner, "SELECT phone_cipher FROM honorees WHERE name = '旧8000'")).ShouldBe("13800138000");
        (await TestDb.Scalar<bool>(owner, "SELECT phone_cipher IS NULL AND phone_masked IS NULL FROM honorees WHERE name = '旧3'")).ShouldBeTrue();
    }
}
