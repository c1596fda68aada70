using Laurel.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Security;

/// <summary>
/// The suffix search's keys (issue 11, ADR 6): keyed hashes of a resident ID's last 4, 5 and 6 characters, so that a
/// cadre can find someone by the end of the number without the plain digits being stored anywhere.
/// </summary>
public static class ResidentIdTails
{
    public static readonly int[] Lengths = [4, 5, 6];

    public static (long Tail4, long Tail5, long Tail6) Hashes(FieldProtector protector, string normalisedId) =>
        (protector.TailHash(normalisedId[^4..]), protector.TailHash(normalisedId[^5..]), protector.TailHash(normalisedId[^6..]));

    /// <summary>4 to 6 characters, digits but for a last X (either case): the normalised tail; null for anything else.</summary>
    public static string? Parse(string q)
    {
        if (q.Length is < 4 or > 6)
        {
            return null;
        }
        for (var i = 0; i < q.Length; i++)
        {
            var c = q[i];
            if (!char.IsAsciiDigit(c) && !(i == q.Length - 1 && c is 'x' or 'X'))
            {
                return null;
            }
        }
        return q.ToUpperInvariant();
    }

    // "LAURTL" in ASCII; any constant shared by all instances.
    private const long LockKey = 0x4C415552544C;
    private const int Batch = 5_000;

    /// <summary>
    /// The one-off step after migration 0013: computes the tail hashes of the honorees stored before it (decrypting
    /// each resident ID in memory; SQL cannot, it lacks the key). Run at every start, after the migrations; once every
    /// row has them it reads one index entry and writes nothing. Under an advisory lock, one transaction per batch,
    /// only rows still without them: a start that stops halfway leaves the rest for the next. Returns the rows filled.
    /// </summary>
    public static Task<int> FillMissingAsync(NpgsqlDataSource dataSource, FieldProtector protector, CancellationToken ct = default) =>
        StartupBackfill.RunAsync(dataSource, LockKey, async (conn, tx, token) =>
        {
            var ids = new List<long>();
            var t4 = new List<long>();
            var t5 = new List<long>();
            var t6 = new List<long>();
            await using (var cmd = new NpgsqlCommand(
                "SELECT id, resident_id_cipher FROM honorees WHERE resident_id_tail4_hash IS NULL ORDER BY id LIMIT $1 FOR UPDATE", conn, tx))
            {
                cmd.Parameters.AddWithValue(Batch);
                await using var reader = await cmd.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    var (a, b, c) = Hashes(protector, protector.Decrypt(reader.GetFieldValue<byte[]>(1)));
                    ids.Add(reader.GetInt64(0));
                    t4.Add(a);
                    t5.Add(b);
                    t6.Add(c);
                }
            }
            if (ids.Count == 0)
            {
                return 0;
            }
            await using (var cmd = new NpgsqlCommand("""
                UPDATE honorees h SET resident_id_tail4_hash = t.t4, resident_id_tail5_hash = t.t5, resident_id_tail6_hash = t.t6
                FROM unnest($1, $2, $3, $4) AS t(id, t4, t5, t6) WHERE h.id = t.id
                """, conn, tx))
            {
                foreach (var values in new[] { ids, t4, t5, t6 })
                {
                    cmd.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                }
                await cmd.ExecuteNonQueryAsync(token);
            }
            return ids.Count;
        }, ct);
}
