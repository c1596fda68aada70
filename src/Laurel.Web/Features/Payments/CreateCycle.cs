using Laurel.Rules.Calendar;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Payments;

/// <summary>Creates a draft cycle for a paying unit and month.</summary>
public sealed class CreateCycle(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CycleStatusView>> CreateAsync(CycleInput input)
    {
        var errors = new FieldErrors();
        var month = Dates.Month(input.Month, "month", "发放月份", clock, errors);
        if (input.PayingOrgUnitId is null)
        {
            errors.Add("payingOrgUnitId", "请选择发放单位");
        }
        if (errors.Any)
        {
            return Outcome<CycleStatusView>.Invalid(errors);
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == input.PayingOrgUnitId);
        if (unit is null || !await access.CanReadAtAsync(unit.Path))
        {
            return Outcome<CycleStatusView>.Invalid("payingOrgUnitId", "发放单位不存在或不在您的管理范围内");
        }
        if (!await access.CanActAtAsync(unit.Path))
        {
            return Outcome<CycleStatusView>.Forbidden("需要该单位的财务人员权限");
        }
        if (unit.RegionCode is null)
        {
            return Outcome<CycleStatusView>.Invalid("payingOrgUnitId", "发放单位应为地方总工会（有行政区划代码的单位）");
        }
        var tx = work.Transaction;
        long id;
        await using (var command = tx.Command("""
            INSERT INTO payment_cycles (paying_org_unit_id, month, created_by, created_at) VALUES (@unit, @month, @by, @at)
            ON CONFLICT (paying_org_unit_id, month) DO NOTHING RETURNING id
            """))
        {
            command.Parameters.AddWithValue("unit", unit.Id);
            command.Parameters.AddWithValue("month", month!.Value);
            command.Parameters.AddWithValue("by", (object?)user.Id ?? DBNull.Value);
            command.Parameters.AddWithValue("at", clock.GetUtcNow());
            if (await command.ExecuteScalarAsync() is not long created)
            {
                return Outcome<CycleStatusView>.Conflict($"{unit.Name} {month:yyyy-MM} 的发放批次已存在，不能重复创建");
            }
            id = created;
        }
        audit.Record(AuditActions.Create, "payment_cycle", id, null, new { payingOrgUnitId = unit.Id, month = PayMonth.Format(month.Value) },
            $"创建发放批次：{unit.Name} {PayMonth.ChineseFormat(month.Value)}");
        await db.SaveChangesAsync();
        return Outcome<CycleStatusView>.Ok(new CycleStatusView(id, PaymentCycles.Code(CycleStatus.Draft)));
    }
}
