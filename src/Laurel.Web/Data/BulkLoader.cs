using System.Globalization;
using Laurel.Rules.Payments;
using Laurel.Rules.Text;
using Laurel.Web.Demo;
using Laurel.Web.Security;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Data;

/// <summary>
/// Writes generated honorees with PostgreSQL binary COPY: the demo's 2,000 and a benchmark's 1,000,000 go the same way.
/// Run only on a database no one else is writing to: it takes the ids after the current maximum.
/// </summary>
public static class BulkLoader
{
    public static async Task<int> LoadAsync(NpgsqlDataSource dataSource, FieldProtector protector, IEnumerable<GeneratedHonoree> honorees,
        DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long nextId;
        await using (var cmd = new NpgsqlCommand("LOCK TABLE honorees IN EXCLUSIVE MODE; SELECT coalesce(max(id), 0) + 1 FROM honorees", conn, tx))
        {
            nextId = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        var firstId = nextId;
        var facts = new List<(long HonoreeId, GeneratedFact Fact)>();
        var names = new List<string>();
        var honours = new List<(long HonoreeId, GeneratedHonour Honour)>();
        var utcNow = now.ToUniversalTime();
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY honorees (id, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender, phone_cipher, phone_masked, org_unit_id, " +
            "hukou_region_code, employment_status, died_on, created_at, updated_at, employer_name, resident_id_tail4_hash, resident_id_tail5_hash, " +
            "resident_id_tail6_hash) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var h in honorees)
            {
                var id = nextId++;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(h.Name, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(protector.Encrypt(h.ResidentId.Value), NpgsqlDbType.Bytea, ct);
                await writer.WriteAsync(protector.Hash(h.ResidentId.Value), NpgsqlDbType.Bytea, ct);
                await writer.WriteAsync(h.ResidentId.Masked, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(h.ResidentId.BirthDate, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(Rules.Registry.FactCodes.Code(h.ResidentId.Gender), NpgsqlDbType.Text, ct);
                await WriteNullable(writer, h.Phone is null ? null : Phones.Seal(protector, h.Phone), NpgsqlDbType.Bytea, ct);
                await WriteNullable(writer, h.Phone is null ? null : Masking.Phone(h.Phone), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(h.OrgUnitId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(h.HukouRegionCode, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(h.EmploymentStatus, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, h.DiedOn, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(utcNow, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(utcNow, NpgsqlDbType.TimestampTz, ct);
                await WriteNullable(writer, h.EmployerName, NpgsqlDbType.Text, ct);
                var (tail4, tail5, tail6) = ResidentIdTails.Hashes(protector, h.ResidentId.Value);
                await writer.WriteAsync(tail4, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(tail5, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(tail6, NpgsqlDbType.Bigint, ct);
                names.Add(h.Name);
                facts.AddRange(h.Facts.Select(f => (id, f)));
                honours.AddRange(h.Honours.Select(o => (id, o)));
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY honoree_facts (honoree_id, kind, effective_on, employment_status, employer_name, employer_type, pension_scheme, " +
            "pension_monthly, region_code, org_unit_id, recorded_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (honoreeId, f) in facts)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(honoreeId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(f.Kind, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(f.EffectiveOn, NpgsqlDbType.Date, ct);
                await WriteNullable(writer, f.EmploymentStatus, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, f.EmployerName, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, f.EmployerType, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, f.PensionScheme, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, f.PensionMonthly, NpgsqlDbType.Numeric, ct);
                await WriteNullable(writer, f.RegionCode, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, f.OrgUnitId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(utcNow, NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY honours (honoree_id, title_code, awarding_region_code, awarded_on, awarding_body, document_number, certificate_number, " +
            "status, revoked_on, revocation_reason, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (honoreeId, o) in honours)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(honoreeId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(o.TitleCode, NpgsqlDbType.Text, ct);
                await WriteNullable(writer, o.AwardingRegionCode, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(o.AwardedOn, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(o.AwardingBody, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(o.DocumentNumber, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(o.CertificateNumber, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(o.RevokedOn is null ? "active" : "revoked", NpgsqlDbType.Text, ct);
                await WriteNullable(writer, o.RevokedOn, NpgsqlDbType.Date, ct);
                await WriteNullable(writer, o.RevocationReason, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(utcNow, NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
        // A bank account for everyone (fictional numbers, built from the id so they are unique), so that demo and
        // benchmark payment cycles can be approved and exported.
        await using (var writer = await conn.BeginBinaryImportAsync(
            "COPY honoree_bank_accounts (honoree_id, bank_name, account_cipher, account_name_masked, account_number_masked, updated_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            var honoreeId = firstId;
            foreach (var name in names)
            {
                var account = new BankAccount(Banks[(int)(honoreeId % Banks.Length)], name, string.Create(CultureInfo.InvariantCulture, $"62220{honoreeId:D14}"));
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(honoreeId, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(account.BankName, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(BankAccountCipher.Seal(protector, honoreeId, account), NpgsqlDbType.Bytea, ct);
                await writer.WriteAsync(Masking.Name(account.AccountName), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(Masking.AccountNumber(account.AccountNumber), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(utcNow, NpgsqlDbType.TimestampTz, ct);
                honoreeId++;
            }
            await writer.CompleteAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('honorees', 'id'), (SELECT max(id) FROM honorees))", conn, tx))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (int)(nextId - firstId);
    }

    private static readonly string[] Banks = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行"];

    private static Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);
}
