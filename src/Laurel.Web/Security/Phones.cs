using Laurel.Web.Data;
using Laurel.Rules.Text;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Security;

/// <summary>
/// How a phone number is kept: ciphertext (the field protector, as for the resident ID) and the masked form shown on
/// screen (138****8000). Nothing searches by phone, so there is no keyed hash.
/// </summary>
public static class Phones
{
    public static byte[] Seal(FieldProtector protector, string phone) => protector.Encrypt(phone);

    public static (byte[]? Cipher, string? Masked) Protect(FieldProtector protector, string? phone) =>
        phone is null ? (null, null) : (Seal(protector, phone), Masking.Phone(phone));

    public static string? Reveal(FieldProtector protector, byte[]? cipher) => cipher is null ? null : protector.Decrypt(cipher);

    // "LAURPH" in ASCII; any constant shared by all instances.
    private const long LockKey = 0x4C4155525048;
    private const int Batch = 5_000;

    /// <summary>
    /// The one-off step after migration 0009: encrypts the phones earlier versions stored in plain and empties the plain
    /// column. Run at every start, after the migrations; once the column is empty it reads nothing and writes nothing.
    /// Under an advisory lock, so that instances starting together do not both encrypt the same rows; each batch is a
    /// transaction of its own and only touches rows whose plain column is still set, so a start that stops halfway
    /// leaves rows either plain or encrypted, and the next start goes on. Returns the number of phones encrypted.
    /// </summary>
    public static Task<int> EncryptPlainAsync(NpgsqlDataSource dataSource, FieldProtector protector, CancellationToken ct = default) =>
        StartupBackfill.RunAsync(dataSource, LockKey, async (conn, tx, token) =>
        {
            var ids = new List<long>();
            var ciphers = new List<byte[]>();
            var masks = new List<string>();
            await using (var cmd = new NpgsqlCommand(
                "SELECT id, phone FROM honorees WHERE phone IS NOT NULL ORDER BY id LIMIT $1 FOR UPDATE", conn, tx))
            {
                cmd.Parameters.AddWithValue(Batch);
                await using var reader = await cmd.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    var phone = reader.GetString(1).Trim();
                    ids.Add(reader.GetInt64(0));
                    ciphers.Add(Seal(protector, phone));
                    masks.Add(Masking.Phone(phone));
                }
            }
            if (ids.Count == 0)
            {
                return 0;
            }
            await using (var cmd = new NpgsqlCommand("""
                UPDATE honorees h SET phone = NULL, phone_cipher = p.cipher, phone_masked = p.masked
                FROM unnest($1, $2, $3) AS p(id, cipher, masked) WHERE h.id = p.id
                """, conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                cmd.Parameters.Add(new NpgsqlParameter { Value = ciphers.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                cmd.Parameters.Add(new NpgsqlParameter { Value = masks.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                await cmd.ExecuteNonQueryAsync(token);
            }
            return ids.Count;
        }, ct);
}
