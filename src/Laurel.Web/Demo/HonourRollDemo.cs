using System.Security.Cryptography;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>
/// The honour roll's demo (issue 12 §6): two living honorees of 朝阳区 with recorded consents — one with photo and
/// deeds, one with deeds only — so that /public/honour-roll/{朝阳区总工会} shows both kinds of line beside name-only ones.
/// </summary>
public static class HonourRollDemo
{
    public static async Task LoadAsync(NpgsqlDataSource dataSource, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var ids = new List<long>();
        await using (var pick = new NpgsqlCommand("""
            SELECT h.id FROM honorees h JOIN org_units u ON u.id = h.org_unit_id
            WHERE u.path LIKE (SELECT path FROM org_units WHERE name = '朝阳区总工会') || '%' AND h.died_on IS NULL
              AND EXISTS (SELECT 1 FROM honours o WHERE o.honoree_id = h.id AND o.status = 'active')
            ORDER BY h.id LIMIT 2
            """, connection, tx))
        await using (var reader = await pick.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        if (ids.Count < 2)
        {
            return;
        }
        var photo = TinyPng.Portrait();
        await using var command = new NpgsqlCommand("""
            WITH a AS (
                INSERT INTO attachments (owner_kind, owner_id, file_name, content_type, size, sha256, bytes, uploaded_at)
                VALUES ('honoree_photo', $1, '照片.png', 'image/png', $3, $4, $5, $6) RETURNING id)
            INSERT INTO honour_roll_profiles (honoree_id, deeds, photo_attachment_id, updated_at)
            SELECT $1, '扎根一线三十年，带领班组攻克多项关键工艺难题，培养技术骨干四十余名。', a.id, $6 FROM a
            UNION ALL SELECT $2, '长期从事社区公共服务，创新“楼门长”工作法，群众满意度连续多年位居全区前列。', NULL, $6
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = ids[0] });
        command.Parameters.Add(new NpgsqlParameter { Value = ids[1] });
        command.Parameters.Add(new NpgsqlParameter { Value = photo.Length });
        command.Parameters.Add(new NpgsqlParameter { Value = SHA256.HashData(photo) });
        command.Parameters.Add(new NpgsqlParameter { Value = photo });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync();
        await using var consents = new NpgsqlCommand("""
            INSERT INTO honour_roll_consents (honoree_id, field, given_by, form, given_on, note, recorded_at) VALUES
                ($1, 'photo', 'honoree', 'written', $3, '同意书第 2026-001 号', $4),
                ($1, 'deeds', 'honoree', 'written', $3, '同意书第 2026-001 号', $4),
                ($2, 'deeds', 'honoree', 'electronic', $3, NULL, $4)
            """, connection, tx);
        consents.Parameters.Add(new NpgsqlParameter { Value = ids[0] });
        consents.Parameters.Add(new NpgsqlParameter { Value = ids[1] });
        consents.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-30) });
        consents.Parameters.Add(new NpgsqlParameter { Value = now });
        await consents.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }
}
