using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Laurel.Web.Security;

/// <summary>
/// The key that encrypts the Data Protection key ring at rest (AES-256-GCM, random nonce). It is derived from the
/// configured master key (Laurel:EncryptionKey) with HKDF under a label of its own, so it is neither the key of the
/// field ciphertexts nor their hash key, and the key ring needs no setting of its own.
/// Layout of a ciphertext: version byte (1) | nonce (12) | tag (16) | cipher.
/// </summary>
public sealed class KeyRingCipher
{
    private const byte Version = 1;
    // Bound into every ciphertext: a field ciphertext (another key anyway) or any other blob cannot pass for a key.
    private static readonly byte[] AssociatedData = "laurel/data-protection-key/v1"u8.ToArray();
    private readonly byte[] _key;

    public KeyRingCipher(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("加密主密钥应为 32 字节（Base64 编码后 44 个字符）。", nameof(masterKey));
        }
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "laurel/data-protection-keys/v1"u8.ToArray());
    }

    public byte[] Seal(byte[] plain)
    {
        var output = new byte[1 + 12 + 16 + plain.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(29), output.AsSpan(13, 16), AssociatedData);
        return output;
    }

    /// <summary>The plain bytes; throws <see cref="CryptographicException"/> for another key or a changed ciphertext.</summary>
    public byte[] Open(byte[] cipher)
    {
        if (cipher.Length < 29 || cipher[0] != Version)
        {
            throw new CryptographicException("Unknown key ring ciphertext format.");
        }
        var plain = new byte[cipher.Length - 29];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(cipher.AsSpan(1, 12), cipher.AsSpan(29), cipher.AsSpan(13, 16), plain, AssociatedData);
        return plain;
    }
}

/// <summary>
/// Data Protection's hook for encrypting a key before it is stored: the element that holds the master key
/// (&lt;masterKey&gt;&lt;value&gt;…) is replaced by &lt;encryptedKey&gt; holding the Base64 of its AES-GCM ciphertext.
/// </summary>
public sealed class KeyRingEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public const string ElementName = "encryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(ElementName,
            new XComment(" AES-256-GCM under a key derived from Laurel:EncryptionKey (ADR 14) "),
            Convert.ToBase64String(cipher.Seal(plain)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>
/// Opens what <see cref="KeyRingEncryptor"/> sealed. Data Protection creates it by the type name stored with the key,
/// through the constructor taking the service provider.
/// </summary>
public sealed class KeyRingDecryptor : IXmlDecryptor
{
    private readonly KeyRingCipher _cipher;

    public KeyRingDecryptor(IServiceProvider services) : this(services.GetRequiredService<LaurelSettings>().KeyRing)
    {
    }

    public KeyRingDecryptor(KeyRingCipher cipher) => _cipher = cipher;

    public XElement Decrypt(XElement encryptedElement)
    {
        if (encryptedElement.Name != KeyRingEncryptor.ElementName)
        {
            throw new CryptographicException("Not a Laurel key ring ciphertext.");
        }
        var cipher = Convert.FromBase64String(string.Concat(encryptedElement.Nodes().OfType<XText>().Select(t => t.Value)).Trim());
        return XElement.Parse(Encoding.UTF8.GetString(_cipher.Open(cipher)));
    }
}
