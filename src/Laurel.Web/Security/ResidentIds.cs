using Laurel.Rules.Identity;

namespace Laurel.Web.Security;

/// <summary>
/// How a resident ID is kept: ciphertext, keyed hash of the normalised number, and the masked form. The phone is kept
/// the same way but without a hash, since nothing searches by it (<see cref="Phones"/>).
/// </summary>
public sealed class ResidentIds(FieldProtector protector)
{
    public (byte[] Cipher, byte[] Hash, string Masked) Protect(ResidentId id) =>
        (protector.Encrypt(id.Value), protector.Hash(id.Value), id.Masked);

    public byte[] Hash(ResidentId id) => protector.Hash(id.Value);

    /// <summary>The keyed hashes of the ID's last 4, 5 and 6 characters, stored for the suffix search.</summary>
    public (long Tail4, long Tail5, long Tail6) TailHashes(ResidentId id) => ResidentIdTails.Hashes(protector, id.Value);

    /// <summary>
    /// What a search text means as the end of a resident ID: 4 to 6 digits (the last may be X), normalised; null otherwise.
    /// </summary>
    public static string? AsTail(string q) => ResidentIdTails.Parse(q);

    /// <summary>The keyed hash a typed tail is looked up by (its length chooses the column).</summary>
    public long TailHash(string normalisedTail) => protector.TailHash(normalisedTail);

    public string Reveal(byte[] cipher) => protector.Decrypt(cipher);

    public (byte[]? Cipher, string? Masked) ProtectPhone(string? phone) => Phones.Protect(protector, phone);

    public string? RevealPhone(byte[]? cipher) => Phones.Reveal(protector, cipher);
}
