using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Security;

/// <summary>
/// The Data Protection key ring in the database: encrypted with a key derived from Laurel:EncryptionKey, only read and
/// added to by the runtime login, and a key someone wrote there in plain is not used to read cookies.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class KeyRingTests(LaurelApp app)
{
    private static readonly KeyRingCipher TestCipher = new(Convert.FromBase64String(LaurelApp.TestKey));

    /// <summary>The keys the application stored (not the forgeries another test adds).</summary>
    private async Task<List<string>> StoredKeys() => await TestDb.Column<string>(app.OwnerConnectionString,
        "SELECT xml FROM data_protection_keys WHERE xml LIKE '<key %' AND friendly_name IS DISTINCT FROM 'forged' ORDER BY id");

    private static XElement SealedSecret(XElement key) => key.Descendants().Single(e => e.Name.LocalName == "encryptedSecret").Elements().Single();

    [Fact]
    public async Task The_stored_keys_hold_only_ciphertext_that_opens_with_the_configured_key_and_no_other()
    {
        var keys = await StoredKeys();
        keys.ShouldNotBeEmpty();
        foreach (var xml in keys)
        {
            xml.ShouldNotContain("<masterKey");
            xml.ShouldNotContain("<value>");
            xml.ShouldContain("<encryptedKey");
            xml.ShouldContain(typeof(KeyRingDecryptor).FullName!);
        }
        var secret = SealedSecret(XElement.Parse(keys[0]));
        var opened = new KeyRingDecryptor(TestCipher).Decrypt(secret);
        opened.Name.LocalName.ShouldBe("masterKey");
        opened.Element("value")!.Value.Length.ShouldBeGreaterThan(40);

        var otherKey = new KeyRingCipher(RandomNumberGenerator.GetBytes(32));
        Should.Throw<CryptographicException>(() => new KeyRingDecryptor(otherKey).Decrypt(secret));
        // A changed ciphertext does not open either.
        var tampered = new XElement(secret);
        var bytes = Convert.FromBase64String(tampered.Value.Trim());
        bytes[^1] ^= 1;
        tampered.ReplaceNodes(Convert.ToBase64String(bytes));
        Should.Throw<CryptographicException>(() => new KeyRingDecryptor(TestCipher).Decrypt(tampered));
    }

    [Fact]
    public async Task The_runtime_login_may_read_and_add_keys_but_not_change_or_delete_them()
    {
        (await TestDb.Scalar<long>(app.AppConnectionString, "SELECT count(*) FROM data_protection_keys")).ShouldBeGreaterThan(0);
        foreach (var sql in new[]
        {
            "UPDATE data_protection_keys SET xml = xml WHERE id = -1",
            "DELETE FROM data_protection_keys WHERE id = -1",
            "TRUNCATE data_protection_keys",
        })
        {
            var refused = await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString, sql));
            refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, sql);
        }
    }

    [Fact]
    public async Task A_key_added_in_plain_or_naming_another_decryptor_is_ignored()
    {
        // What an earlier version stored, and what anyone who can add a row could store: the master key in plain.
        var plain = XElement.Parse((await StoredKeys())[0]);
        plain.SetAttributeValue("id", Guid.NewGuid().ToString());
        var secretHolder = plain.Descendants().Single(e => e.Name.LocalName == "encryptedSecret");
        var masterKey = new KeyRingDecryptor(TestCipher).Decrypt(SealedSecret(plain));
        secretHolder.ReplaceWith(masterKey);
        plain.ToString().ShouldContain("<masterKey");
        // The same secret in plain, dressed as encrypted for Data Protection's NullXmlDecryptor.
        var disguised = new XElement(plain);
        disguised.SetAttributeValue("id", Guid.NewGuid().ToString());
        var plainMaster = disguised.Descendants().Single(e => e.Name.LocalName == "masterKey");
        plainMaster.Attributes().Where(a => a.Name.LocalName == "requiresEncryption").Remove();
        plainMaster.ReplaceWith(new XElement(XName.Get("encryptedSecret", "http://schemas.asp.net/2015/03/dataProtection"),
            new XAttribute("decryptorType", "Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlDecryptor, Microsoft.AspNetCore.DataProtection"),
            new XElement("unencryptedKey", new XElement(plainMaster))));

        foreach (var forged in new[] { plain, disguised })
        {
            await TestDb.Scalar<object>(app.AppConnectionString, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('forged', $1)",
                forged.ToString(SaveOptions.DisableFormatting));
        }
        await using var dataSource = NpgsqlDataSource.Create(app.AppConnectionString);
        var ids = new PostgresXmlRepository(dataSource).GetAllElements().Select(e => (string?)e.Attribute("id")).ToList();
        ids.ShouldNotContain((string?)plain.Attribute("id"));
        ids.ShouldNotContain((string?)disguised.Attribute("id"));
        ids.ShouldNotBeEmpty();
        PostgresXmlRepository.IsTrusted(XElement.Parse((await StoredKeys())[0])).ShouldBeTrue();
    }

    [Fact]
    public async Task A_login_cookie_stays_valid_when_the_application_restarts()
    {
        var cookies = new CookieContainer();
        Uri before;
        await using (var first = LaurelApp.SharingDatabaseWith(app))
        {
            await first.InitializeAsync();
            await first.BrowserAs("chaoyang", cookies);
            before = first.BaseAddress;
        }
        await using var restarted = LaurelApp.SharingDatabaseWith(app);
        await restarted.InitializeAsync();
        // The cookie was issued for the first instance's address; the restarted one listens elsewhere.
        foreach (Cookie cookie in cookies.GetCookies(before))
        {
            cookies.Add(restarted.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        }
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = restarted.BaseAddress };
        var response = await browser.GetAsync("/honorees");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Signed in as chaoyang, whose demo name the header shows.
        (await response.Content.ReadAsStringAsync()).ShouldContain("陈志刚");
    }
}
