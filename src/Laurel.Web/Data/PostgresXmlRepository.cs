using System.Xml.Linq;
using Laurel.Web.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// Keeps the Data Protection key ring in PostgreSQL, so that every instance behind a load balancer reads
/// the same keys and accepts the others' cookies and antiforgery tokens. The keys are stored encrypted
/// (<see cref="KeyRingEncryptor"/>, set on KeyManagementOptions); the runtime login may only read and add rows.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource, ILogger<PostgresXmlRepository>? logger = null) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = dataSource.CreateCommand("SELECT id, xml FROM data_protection_keys ORDER BY id");
        using var reader = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            var element = XElement.Parse(reader.GetString(1));
            if (IsTrusted(element))
            {
                elements.Add(element);
            }
            else
            {
                logger?.LogWarning("Data Protection key row {Id} is not encrypted with Laurel's key ring key and is ignored.", reader.GetInt32(0));
            }
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = dataSource.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        cmd.Parameters.AddWithValue(friendlyName);
        cmd.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// A key is used only when each of its secrets was sealed by <see cref="KeyRingEncryptor"/>. A key stored in plain
    /// (as versions before ADR 14 stored them, or written by anyone who can add a row), or one naming another
    /// decryptor (Data Protection's NullXmlDecryptor would accept a plain key in disguise), could let whoever wrote it
    /// forge a login cookie; it is ignored. Revocations and other elements carry no secret and pass.
    /// </summary>
    public static bool IsTrusted(XElement element)
    {
        if (element.Name != "key")
        {
            return true;
        }
        // Data Protection marks a secret to encrypt with a namespaced requiresEncryption="true"; once encrypted the mark
        // is gone with the element.
        if (element.Descendants().Any(e => e.Attributes().Any(a => a.Name.LocalName == "requiresEncryption" && a.Value == "true")))
        {
            return false;
        }
        // Data Protection writes encryptedSecret in its own XML namespace.
        var secrets = element.Descendants().Where(e => e.Name.LocalName == "encryptedSecret").ToList();
        return secrets.Count > 0 && secrets.All(s => DecryptorName(s) == typeof(KeyRingDecryptor).FullName);
    }

    private static string? DecryptorName(XElement secret) => ((string?)secret.Attribute("decryptorType"))?.Split(',')[0].Trim();
}
