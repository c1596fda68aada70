using System.Security.Cryptography;
using System.Text;

namespace Laurel.Web.Security;

/// <summary>
/// Encrypts sensitive fields at rest (AES-256-GCM, random nonce) and computes the keyed hash (HMAC-SHA256) used for
/// uniqueness and exact look-up. Both sub-keys are derived from the one configured master key with HKDF, so the
/// hash cannot be recomputed from the ciphertext key or the other way round.
/// Layout of a ciphertext: version byte (1) | nonce (12) | tag (16) | cipher.
/// </summary>
public sealed class FieldProtector
{
    private const byte Version = 1;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public FieldProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("加密主密钥应为 32 字节（Base64 编码后 44 个字符）。", nameof(masterKey));
        }
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "laurel/field-encryption/v1"u8.ToArray());
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "laurel/field-hash/v1"u8.ToArray());
    }

    /// <summary>Reads the Base64 key; null when the text is not 32 bytes of Base64.</summary>
    public static FieldProtector? FromBase64(string? base64) => MasterKey(base64) is { } key ? new FieldProtector(key) : null;

    /// <summary>The 32 bytes of a Base64 master key; null when the text is not 32 bytes of Base64.</summary>
    public static byte[]? MasterKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        var buffer = new byte[32];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == 32 ? buffer : null;
    }

    public byte[] Encrypt(string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var output = new byte[1 + 12 + 16 + plainBytes.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(29), output.AsSpan(13, 16));
        return output;
    }

    public string Decrypt(byte[] cipher)
    {
        if (cipher.Length < 29 || cipher[0] != Version)
        {
            throw new CryptographicException("Unknown ciphertext format.");
        }
        var plain = new byte[cipher.Length - 29];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Decrypt(cipher.AsSpan(1, 12), cipher.AsSpan(29), cipher.AsSpan(13, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    public byte[] Hash(string normalised) => HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(normalised));

    /// <summary>
    /// The keyed hash of the last <paramref name="length"/> characters of a normalised resident ID, for the suffix
    /// search: HMAC-SHA256 under the ID hash's key of "tail{length}:{characters}" (so it never equals a whole ID's
    /// hash input), its first 8 bytes as a number. A few thousand values per length, so it is only as secret as the key.
    /// </summary>
    public long TailHash(string normalisedTail) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(
            HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes($"tail{normalisedTail.Length}:{normalisedTail}")));
}
