using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>
/// The excellent-worker pool (优秀职工信息库): a manager enters and edits the entries of a unit in their write scope and
/// adds follow-up notes (重点跟踪培养). Each change and its audit entry are one unit of work.
/// </summary>
public sealed class PoolCommands(UnitOfWork work, NominationAccess access, AuditLog audit, ResidentIds ids, LaurelDb db, TimeProvider clock)
{
    public const string DuplicateMessage = "该职工已在本单位本年度的信息库中";

    public async Task<Outcome<long>> CreateAsync(PoolEntryInput input)
    {
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        var tx = work.Transaction;
        var unit = await NominationAccess.CheckUnitAsync(tx, input.OrgUnitId, access.CanWriteAtAsync, errors, "单位");
        var year = CheckYear(input.Year, today, errors);
        var name = TextFields.Required(input.Name, "name", "姓名", 50, errors);
        var residentId = PersonFields.CheckResidentId(input.ResidentId, today, errors);
        var fields = CheckFields(input.Workplace, input.Post, input.Category, input.SelectionKind, input.Achievements, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var person = PersonFields.Protect(ids, name!, residentId!.Value);
        if (await Exists(tx, unit!.Id, year!.Value, person.Hash))
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        var honoreeId = await PersonFields.HonoreeIdAsync(tx, person.Hash);
        var now = clock.GetUtcNow();
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO pool_entries (org_unit_id, year, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender,
                honoree_id, workplace, post, category, selection_kind, achievements, created_by, created_at, updated_at)
            VALUES (@unit, @year, @name, @cipher, @hash, @masked, @birth, @gender, @honoree, @workplace, @post, @category, @kind, @achievements, @by, @now, @now)
            ON CONFLICT (org_unit_id, year, resident_id_hash) DO NOTHING
            RETURNING id
            """, ("unit", unit.Id), ("year", year.Value), ("name", person.Name), ("cipher", person.Cipher), ("hash", person.Hash),
            ("masked", person.Masked), ("birth", person.BirthDate), ("gender", person.Gender), ("honoree", honoreeId),
            ("workplace", fields.Workplace), ("post", fields.Post), ("category", fields.Category), ("kind", fields.SelectionKind),
            ("achievements", fields.Achievements), ("by", access.UserId), ("now", now));
        // Two entries of one person pressed at once: the unique key keeps one, the other is told so.
        if (await command.ExecuteScalarAsync() is not long id)
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.PoolEntry, id, null,
            new { orgUnitId = unit.Id, year, name = person.Name, residentId = person.Masked, honoreeId, fields.Workplace, fields.Post, fields.Category, fields.SelectionKind },
            $"{unit.Name}{year}年度优秀职工信息库新增 {person.Name}" + (honoreeId is null ? "" : "（已关联劳模档案）"));
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    public async Task<Outcome<long>> UpdateAsync(long id, PoolEntryUpdate input)
    {
        var tx = work.Transaction;
        var (entry, refusal) = await WritableAsync(tx, id);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new FieldErrors();
        var fields = CheckFields(input.Workplace, input.Post, input.Category, input.SelectionKind, input.Achievements, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (input.Version is { } version && version != entry!.Version)
        {
            return Outcome<long>.Conflict("该条目已被他人修改，请刷新后重试");
        }
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            UPDATE pool_entries SET workplace = @workplace, post = @post, category = @category, selection_kind = @kind,
                achievements = @achievements, updated_at = @now, version = version + 1
            WHERE id = @id
            """, ("workplace", fields.Workplace), ("post", fields.Post), ("category", fields.Category), ("kind", fields.SelectionKind),
            ("achievements", fields.Achievements), ("now", clock.GetUtcNow()), ("id", id));
        await command.ExecuteNonQueryAsync();
        audit.Record(AuditActions.Update, AuditObjectTypes.PoolEntry, id,
            new { entry!.Workplace, entry.Post, entry.Category, entry.SelectionKind, entry.Achievements },
            new { fields.Workplace, fields.Post, fields.Category, fields.SelectionKind, fields.Achievements }, $"修改优秀职工信息 {entry.Name}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    public async Task<Outcome<long>> AddFollowUpAsync(long id, FollowUpInput input)
    {
        var tx = work.Transaction;
        var (entry, refusal) = await WritableAsync(tx, id);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new FieldErrors();
        var year = CheckYear(input.Year, Dates.Today(clock), errors);
        var note = TextFields.Required(input.Note, "note", "跟踪培养记录", 500, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "INSERT INTO pool_follow_ups (pool_entry_id, year, note, recorded_by, recorded_at) VALUES (@id, @year, @note, @by, @now) RETURNING id",
            ("id", id), ("year", year!.Value), ("note", note), ("by", access.UserId), ("now", clock.GetUtcNow()));
        var followUp = (long)(await command.ExecuteScalarAsync())!;
        audit.Record(AuditActions.Create, AuditObjectTypes.PoolEntry, id, null, new { followUp, year, note }, $"记录 {entry!.Name} {year}年度重点跟踪培养情况");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(followUp);
    }

    /// <summary>
    /// A unit reports its yearly list to its parent (上报): recorded once, with the day and the number of entries then.
    /// The parent sees its descendants' pools all along (scope as for honorees); the report says the list is complete.
    /// </summary>
    public async Task<Outcome<PoolReportView>> ReportAsync(PoolReportInput input)
    {
        var errors = new FieldErrors();
        var tx = work.Transaction;
        var today = Dates.Today(clock);
        var unit = await NominationAccess.CheckUnitAsync(tx, input.OrgUnitId, access.CanWriteAtAsync, errors, "单位");
        var year = CheckYear(input.Year, today, errors);
        if (errors.Any)
        {
            return Outcome<PoolReportView>.Invalid(errors);
        }
        if (unit!.ParentId is null)
        {
            return Outcome<PoolReportView>.Conflict("该单位没有上级单位，无需上报");
        }
        var now = clock.GetUtcNow();
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            INSERT INTO pool_reports (org_unit_id, year, entry_count, reported_on, reported_by, reported_at)
            SELECT @unit, @year, count(*), @today, @by, @now FROM pool_entries WHERE org_unit_id = @unit AND year = @year
            ON CONFLICT (org_unit_id, year) DO NOTHING
            RETURNING entry_count
            """, ("unit", unit.Id), ("year", year!.Value), ("today", today), ("by", access.UserId), ("now", now));
        if (await command.ExecuteScalarAsync() is not int count)
        {
            return Outcome<PoolReportView>.Conflict($"{unit.Name}{year}年度的优秀职工信息库已上报，不能重复上报");
        }
        if (count == 0)
        {
            await work.RollbackAsync();
            return Outcome<PoolReportView>.Conflict($"{unit.Name}{year}年度的优秀职工信息库还没有条目，不能上报");
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.PoolReport, $"{unit.Id}/{year}", null, new { count, reportedOn = today },
            $"{unit.Name}向上级上报{year}年度优秀职工信息库（{count} 人）");
        await db.SaveChangesAsync();
        return Outcome<PoolReportView>.Ok(new PoolReportView(unit.Id, year.Value, count, today, now));
    }

    private sealed record EntryRow(long Id, string Name, string UnitPath, string Workplace, string Post, string Category, string SelectionKind, string Achievements, int Version);

    private async Task<(EntryRow? Entry, Outcome<long>? Refusal)> WritableAsync(NpgsqlTransaction tx, long id)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx, """
            SELECT p.id, p.name, u.path AS unit_path, p.workplace, p.post, p.category, p.selection_kind, p.achievements, p.version
            FROM pool_entries p JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = @id FOR UPDATE OF p
            """, ("id", id));
        var entry = await Rows.FirstOrDefaultAsync<EntryRow>(command);
        if (entry is null || !await access.CanReadAtAsync(entry.UnitPath))
        {
            return (null, Outcome<long>.NotFound());
        }
        return await access.CanWriteAtAsync(entry.UnitPath) ? (entry, null) : (null, Outcome<long>.Forbidden("您对该单位的信息库只有查看权限"));
    }

    private static async Task<bool> Exists(NpgsqlTransaction tx, long unitId, int year, byte[] hash)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx,
            "SELECT EXISTS (SELECT 1 FROM pool_entries WHERE org_unit_id = @unit AND year = @year AND resident_id_hash = @hash)",
            ("unit", unitId), ("year", year), ("hash", hash));
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private sealed record Fields(string? Workplace, string? Post, string? Category, string? SelectionKind, string? Achievements);

    private static Fields CheckFields(string? workplace, string? post, string? category, string? kind, string? achievements, FieldErrors errors) => new(
        TextFields.Required(workplace, "workplace", "工作单位", 100, errors),
        TextFields.Required(post, "post", "岗位", 50, errors),
        PersonFields.Code(category, NominationCodes.Categories, "category", "人选类别", errors),
        PersonFields.Code(kind, NominationCodes.SelectionKinds, "selectionKind", "入库方式", errors),
        TextFields.Required(achievements, "achievements", "主要事迹", 500, errors, multiLine: true));

    /// <summary>A year from 2000 to next year.</summary>
    public static int? CheckYear(int? year, DateOnly today, FieldErrors errors, string field = "year")
    {
        if (year is null)
        {
            errors.Add(field, "年度不能为空");
            return null;
        }
        if (year < 2000 || year > today.Year + 1)
        {
            errors.Add(field, $"年度应在 2000 至 {today.Year + 1} 之间");
            return null;
        }
        return year;
    }
}
