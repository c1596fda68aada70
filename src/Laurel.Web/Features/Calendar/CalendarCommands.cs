using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Calendar;

public sealed record CalendarDayInput(string? Kind, string? Name, string? Reason);
public sealed record CalendarRemoveInput(string? Reason);
public sealed record CalendarDayView(string Day, string Kind, string? Name, string Source);
public sealed record WindowView(string OpensOn, int WorkingDays, string ClosesOn);

/// <summary>
/// The working-day calendar's answers and corrections (ADR 20). Any staff user asks when a window closes and reads a
/// year's days; only a system administrator corrects a day (sets it as a holiday or a make-up workday) or removes one
/// (it then follows the weekday rule), with a reason, audited, and never overwritten by the next import.
/// </summary>
public sealed class CalendarCommands(WorkingCalendarStore store, UnitOfWork unitOfWork, LaurelDb db, AuditLog audit, CurrentUser user,
    TimeProvider clock)
{
    private const string AdminsOnly = "只有系统管理员可以更正节假日与调休。";

    public async Task<Outcome<WindowView>> WindowAsync(string? opensOn, string? workingDays)
    {
        var errors = new FieldErrors();
        var opens = Day(opensOn, "opensOn", "开始日期", errors);
        if (!int.TryParse(workingDays?.Trim(), out var count) || count < 1 || count > WorkingCalendar.MaxWindow)
        {
            errors.Add("workingDays", $"工作日天数应为 1 至 {WorkingCalendar.MaxWindow} 之间的整数");
        }
        if (errors.Any)
        {
            return Outcome<WindowView>.Invalid(errors);
        }
        var closes = (await store.LoadAsync()).WindowClosesOn(opens!.Value, count);
        return Outcome<WindowView>.Ok(new WindowView(Show.Date(opens), count, Show.Date(closes)));
    }

    /// <summary>A year given as 2026; null (with the message) for anything else or outside the sane range of dates.</summary>
    public int? Year(string? text, FieldErrors errors)
    {
        var today = Dates.Today(clock);
        if (text is null)
        {
            return today.Year;
        }
        if (!int.TryParse(text.Trim(), out var year) || year < DateBounds.Earliest.Year || year > DateBounds.Latest(today).Year)
        {
            errors.Add("year", $"年份应为 {DateBounds.Earliest.Year} 至 {DateBounds.Latest(today).Year} 之间的四位数字，例如 {today.Year}");
            return null;
        }
        return year;
    }

    public async Task<Outcome<CalendarDayView>> SetAsync(string? date, CalendarDayInput input)
    {
        if (!(await user.GrantsAsync()).IsSysadmin)
        {
            return Outcome<CalendarDayView>.Forbidden(AdminsOnly);
        }
        var errors = new FieldErrors();
        var day = Day(date, "day", "日期", errors);
        var kind = DayKinds.Parse(input.Kind?.Trim());
        if (kind is null)
        {
            errors.Add("kind", "类型请选择放假或调休上班");
        }
        var name = TextFields.Required(input.Name, "name", "名称", 50, errors);
        var reason = TextFields.Required(input.Reason, "reason", "更正原因", 500, errors);
        if (errors.Any)
        {
            return Outcome<CalendarDayView>.Invalid(errors);
        }
        var before = await LockAsync(day!.Value);
        await using (var command = Command("""
            INSERT INTO calendar_days (day, kind, name, source, reason, updated_by, updated_at) VALUES ($1, $2, $3, 'admin', $4, $5, $6)
            ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'admin', reason = excluded.reason,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """, day.Value, DayKinds.Code(kind!.Value), name!, reason!, user.Id!.Value, clock.GetUtcNow()))
        {
            await command.ExecuteNonQueryAsync();
        }
        var after = new { day = Show.Date(day), kind = DayKinds.Code(kind.Value), name, source = "admin", reason };
        audit.Record(before is null ? AuditActions.Create : AuditActions.Update, AuditObjectTypes.CalendarDay, Show.Date(day), before, after,
            $"将 {Show.Date(day)} 设为{DayKinds.ChineseName(kind.Value)}（{name}）：{reason}");
        await db.SaveChangesAsync();
        return Outcome<CalendarDayView>.Ok(new CalendarDayView(Show.Date(day), DayKinds.Code(kind.Value), name, "admin"));
    }

    /// <summary>
    /// Removes a holiday or make-up workday: the row stays as 'ordinary' (source admin), so that the day follows the
    /// weekday rule and the next import of the package does not bring it back.
    /// </summary>
    public async Task<Outcome<CalendarDayView>> RemoveAsync(string? date, CalendarRemoveInput input)
    {
        if (!(await user.GrantsAsync()).IsSysadmin)
        {
            return Outcome<CalendarDayView>.Forbidden(AdminsOnly);
        }
        var errors = new FieldErrors();
        var day = Day(date, "day", "日期", errors);
        var reason = TextFields.Required(input.Reason, "reason", "移除原因", 500, errors);
        if (errors.Any)
        {
            return Outcome<CalendarDayView>.Invalid(errors);
        }
        var before = await LockAsync(day!.Value);
        if (before is null || before.Kind == "ordinary")
        {
            return new Outcome<CalendarDayView>(OutcomeKind.NotFound, Message: $"{Show.Date(day)} 不是节假日或调休上班日，无需移除。");
        }
        await using (var command = Command("""
            UPDATE calendar_days SET kind = 'ordinary', name = NULL, source = 'admin', reason = $2, updated_by = $3, updated_at = $4 WHERE day = $1
            """, day.Value, reason!, user.Id!.Value, clock.GetUtcNow()))
        {
            await command.ExecuteNonQueryAsync();
        }
        audit.Record(AuditActions.Delete, AuditObjectTypes.CalendarDay, Show.Date(day), before,
            new { day = Show.Date(day), kind = "ordinary", source = "admin", reason },
            $"移除 {Show.Date(day)} 的{(before.Kind == "holiday" ? "放假" : "调休上班")}安排（{before.Name}），该日按周一至周五规则计算：{reason}");
        await db.SaveChangesAsync();
        return Outcome<CalendarDayView>.Ok(new CalendarDayView(Show.Date(day), "ordinary", null, "admin"));
    }

    private sealed record Snapshot(string Day, string Kind, string? Name, string Source, string? Reason);

    /// <summary>The day's row as it stands, locked until the request's transaction ends (two corrections of one day queue).</summary>
    private async Task<Snapshot?> LockAsync(DateOnly day)
    {
        await using var command = Command(
            "SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, reason FROM calendar_days WHERE day = $1 FOR UPDATE", day);
        return await Rows.FirstOrDefaultAsync<Snapshot>(command);
    }

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var transaction = unitOfWork.Transaction;
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    /// <summary>A date given as 2026-10-01 (or 2026年10月1日) within the sane range of dates, or null with a message naming the field.</summary>
    private DateOnly? Day(string? text, string field, string label, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"{label}不能为空");
            return null;
        }
        if (WorkingCalendar.ParseDate(text) is not { } day)
        {
            errors.Add(field, $"{label}格式不正确，应为年-月-日，例如 2026-09-28");
            return null;
        }
        var latest = DateBounds.Latest(Dates.Today(clock));
        if (day < DateBounds.Earliest || day > latest)
        {
            errors.Add(field, $"{label}应在 {Show.Date(DateBounds.Earliest)} 至 {Show.Date(latest)} 之间");
            return null;
        }
        return day;
    }
}
