using System.Security.Cryptography;
using System.Text.Json;
using Laurel.Rules.Payments;
using Laurel.Web.Security;

namespace Laurel.Web.Data;

/// <summary>
/// The account name and number are encrypted together with the honoree's id, as a small JSON document: the id is
/// checked on opening, so a ciphertext moved onto another honoree's row cannot redirect that honoree's payments.
/// </summary>
internal static class BankAccountCipher
{
    private sealed record Sealed(long HonoreeId, string AccountName, string AccountNumber);

    public static byte[] Seal(FieldProtector protector, long honoreeId, BankAccount account) =>
        protector.Encrypt(JsonSerializer.Serialize(new Sealed(honoreeId, account.AccountName, account.AccountNumber)));

    public static BankAccount Open(FieldProtector protector, HonoreeBankAccount row) => Open(protector, row.HonoreeId, row.BankName, row.AccountCipher);

    /// <summary>Also for the copies a payment cycle keeps of the accounts as they were at its approval.</summary>
    public static BankAccount Open(FieldProtector protector, long honoreeId, string bankName, byte[] cipher)
    {
        var sealedAccount = JsonSerializer.Deserialize<Sealed>(protector.Decrypt(cipher));
        if (sealedAccount is null || sealedAccount.HonoreeId != honoreeId)
        {
            throw new CryptographicException($"The bank account ciphertext of honoree {honoreeId} belongs to another honoree.");
        }
        return new BankAccount(bankName, sealedAccount.AccountName, sealedAccount.AccountNumber);
    }
}
