using Laurel.Rules.Identity;
using Laurel.Web.Security;

namespace Laurel.Web.Features.Honorees;

/// <summary>
/// How a resident ID is kept: ciphertext, keyed hash of the normalised number, and the masked form. The phone is kept
/// the same way but without a hash, since nothing searches by it (<see cref="Phones"/>).
/// </summary>
public sealed class ResidentIds(FieldProtector protector)
{
    public (byte[] Cipher, byte[] Hash, string Masked) Protect(ResidentId id) =>
        (protector.Encrypt(id.Value), protector.Hash(id.Value), id.Masked);

    public byte[] Hash(ResidentId id) => protector.Hash(id.Value);

    public string Reveal(byte[] cipher) => protector.Decrypt(cipher);

    public (byte[]? Cipher, string? Masked) ProtectPhone(string? phone) => Phones.Protect(protector, phone);

    public string? RevealPhone(byte[]? cipher) => Phones.Reveal(protector, cipher);
}
