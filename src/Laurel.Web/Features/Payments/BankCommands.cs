using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Policy;
using Laurel.Web.Features.Shared;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Laurel.Web.Features.Payments;

public sealed record BankFileView(string FileName, string ContentType, byte[] Content);
/// <summary>An uploaded bank result file: its name as sent and its content.</summary>
public sealed record BankUpload(string FileName, Stream Content);
public sealed record ReconciliationView(int Settled, int Returned, int Unknown, int Missing, IReadOnlyList<string> UnknownInstructionIds);

/// <summary>
/// The cycle's side of the bank: the batch file of its instructions (one line per item sent to the bank, with the
/// account as it was at approval), and the import of the bank's results. Exporting again gives the same bytes.
/// </summary>
public sealed class BankCommands(LaurelDb db, UnitOfWork work, PaymentAccess access, PolicyPacks packs, AuditLog audit, FieldProtector protector,
    CrashPoints crash, TimeProvider clock, NpgsqlDataSource dataSource)
{
    public async Task<Outcome<BankFileView>> ExportAsync(long id, string? format, CancellationToken ct = default)
    {
        BankFileFormat? parsed = format switch { null or "xlsx" => BankFileFormat.Xlsx, "csv" => BankFileFormat.Csv, _ => null };
        if (parsed is not { } fileFormat)
        {
            return Outcome<BankFileView>.Invalid("format", "文件格式应为 csv 或 xlsx");
        }
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Export);
        if (cycle is null)
        {
            return refusal!.As<BankFileView>();
        }
        var tx = work.Transaction;
        var names = await packs.BenefitNamesAsync();
        var lines = new List<BankLine>();
        await using (var command = tx.Command("""
            SELECT i.honoree_id, i.pack_code, i.benefit_code, i.period, i.type, i.paid_amount, i.instruction_id, a.bank_name, a.account_cipher
            FROM payment_items i JOIN payment_accounts a ON a.cycle_id = i.cycle_id AND a.honoree_id = i.honoree_id
            WHERE i.cycle_id = @id AND i.paid_amount > 0 ORDER BY i.id
            """))
        {
            command.Parameters.AddWithValue("id", id);
            await foreach (var item in Rows.StreamAsync<InstructionRow>(command, ct))
            {
                var account = BankAccountCipher.Open(protector, item.HonoreeId, item.BankName, item.AccountCipher);
                var benefit = names.GetValueOrDefault((item.PackCode, item.BenefitCode), item.BenefitCode);
                var type = PaymentItems.Parse(item.Type)!.Value;
                var period = PayMonth.Format(item.Period);
                var purpose = type == ItemType.Regular ? $"{benefit} {period}" : $"{PaymentItems.ChineseName(type)}{benefit} {period}";
                lines.Add(new BankLine(lines.Count + 1, account.AccountName, account.AccountNumber, account.BankName, item.PaidAmount, purpose, item.InstructionId));
            }
        }
        crash.Reach("export.read");
        var header = new BankBatchHeader(cycle.UnitName, cycle.Month, cycle.Id);
        var content = BankBatchFile.Write(header, lines, fileFormat);
        await tx.ExecuteAsync(
            "UPDATE payment_cycles SET status = @status, exported_at = coalesce(exported_at, @at) WHERE id = @id",
            ct, ("at", clock.GetUtcNow()), ("id", id), ("status", cycle.StatusAfter(CycleAction.Export)));
        audit.Record(AuditActions.Export, "payment_cycle", id, null,
            new { format = fileFormat == BankFileFormat.Csv ? "csv" : "xlsx", lines = lines.Count, total = lines.Sum(l => l.Amount) },
            $"导出银行发放文件：{cycle.UnitName} {PayMonth.ChineseFormat(cycle.Month)}，{lines.Count} 笔，合计 {lines.Sum(l => l.Amount):0.00} 元");
        await db.SaveChangesAsync(ct);
        crash.Reach("export.saved");
        return Outcome<BankFileView>.Ok(new BankFileView(BankBatchFile.FileName(header, fileFormat), BankBatchFile.ContentType(fileFormat), content));
    }

    /// <summary>
    /// Imports the bank's result file: lines matched by instruction ID settle or return pending payments (posted to the
    /// ledger); a line for no payment of this cycle, or contradicting a result already recorded, is unknown; payments
    /// the file does not mention stay pending and are reported missing. Importing the same file again changes nothing.
    /// The upload is read only once the user is known to be allowed to reconcile the cycle now: a cycle they may not see,
    /// or that does not exist, answers 404 with the request body unread.
    /// </summary>
    /// <param name="upload">Reads the request's file; null when it has none. Called at most once, after the checks.</param>
    public async Task<Outcome<ReconciliationView>> ReconcileAsync(long id, Func<CancellationToken, Task<BankUpload?>> upload, CancellationToken ct = default)
    {
        if (await access.CheckAsync(dataSource, id, CycleAction.Reconcile, ct) is { } early)
        {
            return early.As<ReconciliationView>();
        }
        if (await upload(ct) is not { } file)
        {
            return Outcome<ReconciliationView>.Invalid("file", "请上传银行回单文件（xlsx 或 csv）");
        }
        var fileName = file.FileName;
        Outcome<IReadOnlyList<BankResult>> read;
        await using (file.Content)
        {
            read = BankResultFile.Read(fileName, file.Content);
        }
        if (!read.IsOk)
        {
            return new Outcome<ReconciliationView>(read.Kind, Errors: read.Errors, Message: read.Message);
        }
        var results = read.Value!;
        var (cycle, refusal) = await access.LockAsync(id, CycleAction.Reconcile);
        if (cycle is null)
        {
            return refusal!.As<ReconciliationView>();
        }
        var tx = work.Transaction;
        var status = cycle.StatusAfter(CycleAction.Reconcile);
        await tx.ExecuteAsync(
            "CREATE TEMP TABLE bank_results (instruction_id text PRIMARY KEY, succeeded boolean NOT NULL, reason text) ON COMMIT DROP", ct);
        await using (var writer = await tx.Connection!.BeginBinaryImportAsync("COPY bank_results (instruction_id, succeeded, reason) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in results)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r.InstructionId, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r.Succeeded, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(r.Reason, NpgsqlDbType.Text, ct);
            }
            await writer.CompleteAsync(ct);
        }
        // Unknown: no payment of this cycle has the ID, or the bank now says the opposite of what it said before.
        var unknown = new List<string>();
        await using (var command = tx.Command("""
            SELECT r.instruction_id FROM bank_results r
            LEFT JOIN payment_items i ON i.instruction_id = r.instruction_id AND i.cycle_id = @id AND i.paid_amount > 0
            WHERE i.id IS NULL OR (i.status = 'settled' AND NOT r.succeeded) OR (i.status = 'returned' AND r.succeeded)
            ORDER BY r.instruction_id
            """))
        {
            command.Parameters.AddWithValue("id", id);
            unknown.AddRange((await Rows.ListAsync<UnknownLine>(command, ct)).Select(u => u.InstructionId));
        }
        decimal settled = 0, returned = 0;
        await using (var command = tx.Command("""
            WITH changed AS (
                UPDATE payment_items i SET status = CASE WHEN r.succeeded THEN 'settled' ELSE 'returned' END, result_reason = r.reason, result_at = @at
                FROM bank_results r WHERE i.instruction_id = r.instruction_id AND i.cycle_id = @id AND i.status = 'pending'
                RETURNING i.status, i.paid_amount)
            SELECT coalesce(sum(paid_amount) FILTER (WHERE status = 'settled'), 0) AS settled,
                   coalesce(sum(paid_amount) FILTER (WHERE status = 'returned'), 0) AS returned FROM changed
            """))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("at", clock.GetUtcNow());
            var sums = (await Rows.FirstOrDefaultAsync<ResultSums>(command, ct))!;
            (settled, returned) = (sums.Settled, sums.Returned);
        }
        crash.Reach("reconcile.updated");
        var month = PayMonth.Format(cycle.Month);
        if (settled > 0)
        {
            await tx.PostLedgerEntryAsync(id, "settlement", $"银行发放成功：{cycle.UnitName} {month}", Ledger.Settlement(settled), ct);
        }
        if (returned > 0)
        {
            await tx.PostLedgerEntryAsync(id, "return", $"银行退回：{cycle.UnitName} {month}", Ledger.Return(returned), ct);
        }
        crash.Reach("reconcile.posted");
        var missing = await tx.ScalarAsync<long?>("SELECT count(*) FROM payment_items WHERE cycle_id = @id AND status = 'pending'", ("id", id)) ?? 0;
        await tx.ExecuteAsync("UPDATE payment_cycles SET status = @status, version = version + 1 WHERE id = @id", ct, ("id", id), ("status", status));
        var unknownSet = unknown.ToHashSet();
        var view = new ReconciliationView(
            results.Count(r => r.Succeeded && !unknownSet.Contains(r.InstructionId)),
            results.Count(r => !r.Succeeded && !unknownSet.Contains(r.InstructionId)),
            unknown.Count, (int)missing, unknown.Take(100).ToList());
        audit.Record(AuditActions.Update, "payment_cycle", id, new { status = cycle.Status },
            new { status, file = fileName, view.Settled, view.Returned, view.Unknown, view.Missing, settledAmount = settled, returnedAmount = returned },
            $"导入银行回单：{cycle.UnitName} {month}，成功 {view.Settled}，退回 {view.Returned}，无法匹配 {view.Unknown}，未回 {view.Missing}");
        await db.SaveChangesAsync(ct);
        return Outcome<ReconciliationView>.Ok(view);
    }

    private sealed record InstructionRow(long HonoreeId, string PackCode, string BenefitCode, DateOnly Period, string Type, decimal PaidAmount,
        string InstructionId, string BankName, byte[] AccountCipher);

    private sealed record UnknownLine(string InstructionId);

    private sealed record ResultSums(decimal Settled, decimal Returned);
}
