using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Payments;

/// <summary>Sets a paying unit's special fund for a year (finance staff of the unit).</summary>
public sealed class SetSpecialFund(LaurelDb db, UnitOfWork work, PaymentAccess access, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<SpecialFundInput>> SetAsync(long unitId, int year, SpecialFundInput input)
    {
        // As for a cycle (PaymentAccess): a unit outside what the user reads of payments answers 404 as if it did not
        // exist; one they read (an auditor's) but may not fund, 403.
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId);
        if (unit is null || !await access.CanReadAtAsync(unit.Path))
        {
            return Outcome<SpecialFundInput>.NotFound();
        }
        if (!await access.CanActAtAsync(unit.Path))
        {
            return Outcome<SpecialFundInput>.Forbidden("需要该单位的财务人员权限");
        }
        var errors = new FieldErrors();
        // Special funds start in 2000 (as the table's check says) and reach as far ahead as a month may.
        var lastYear = DateBounds.Latest(Dates.Today(clock)).Year;
        if (year < 2000 || year > lastYear)
        {
            errors.Add("year", $"年度应在 2000 至 {lastYear} 之间");
        }
        if (input.Amount is not { } amount || amount < 0 || decimal.Round(amount, 2) != amount || amount >= 100_000_000_000_000m)
        {
            errors.Add("amount", "专项经费金额应为不小于 0 的金额，最多两位小数");
        }
        if (errors.Any)
        {
            return Outcome<SpecialFundInput>.Invalid(errors);
        }
        var tx = work.Transaction;
        var before = await tx.ScalarAsync<decimal?>(
            "SELECT amount FROM payment_budgets WHERE org_unit_id = @unit AND year = @year FOR UPDATE", ("unit", unitId), ("year", year));
        await tx.ExecuteAsync("""
            INSERT INTO payment_budgets (org_unit_id, year, amount, updated_at, updated_by) VALUES (@unit, @year, @amount, @at, @by)
            ON CONFLICT (org_unit_id, year) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, default, ("unit", unitId), ("year", year), ("amount", input.Amount!.Value), ("at", clock.GetUtcNow()), ("by", (object?)user.Id ?? DBNull.Value));
        audit.Record(before is null ? AuditActions.Create : AuditActions.Update, "payment_budget", $"{unitId}/{year}",
            before is null ? null : new { amount = before }, new { amount = input.Amount },
            $"设置 {unit.Name} {year} 年度劳模专项经费：{input.Amount:0.00} 元");
        await db.SaveChangesAsync();
        return Outcome<SpecialFundInput>.Ok(new SpecialFundInput(input.Amount));
    }
}
