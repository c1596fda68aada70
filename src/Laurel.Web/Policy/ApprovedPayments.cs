using Laurel.Rules.Calendar;
using Laurel.Rules.Identity;
using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Policy;

public sealed record ApprovedPaymentInput(string? PackCode, string? BenefitCode, string? Month, decimal? Amount, string? Reference);
public sealed record ApprovedPaymentView(long Id, string PackCode, string BenefitCode, string BenefitName, string Month, decimal Amount, string Reference, DateTimeOffset ApprovedAt);

/// <summary>
/// Applications approved for payment (困难补助, 临时救助, awards on evidence): a manager of the honoree records the
/// approval — benefit, month, amount and the approval's reference — and the payment cycle of that month pays it, once.
/// </summary>
public sealed class ApprovedPayments(LaurelDb db, Scope scope, CurrentUser user, PolicyPacks packs, EntitlementQueries entitlements, AuditLog audit,
    TimeProvider clock)
{
    public const decimal MaxAmount = 1_000_000m;

    public async Task<Outcome<ApprovedPaymentView>> RecordAsync(long honoreeId, ApprovedPaymentInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<ApprovedPaymentView>(honoreeId, "您对该档案只有查看权限，不能登记待遇审批。");
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        var pack = input.PackCode is null ? null : await packs.FindAsync(input.PackCode);
        var benefit = pack?.Benefits.FirstOrDefault(b => b.Code == input.BenefitCode);
        if (pack is null || pack.Status != PackStatus.InForce)
        {
            errors.Add("packCode", "政策包不存在或未施行");
        }
        else if (benefit is null)
        {
            errors.Add("benefitCode", "该政策包没有此项待遇");
        }
        else if (benefit.Formula != FormulaKind.OnApplication)
        {
            errors.Add("benefitCode", $"“{benefit.Name}”不是依申请发放的待遇，无需登记审批");
        }
        var month = Dates.Month(input.Month, "month", "发放月份", clock, errors);
        if (input.Amount is not { } amount || amount <= 0 || decimal.Round(amount, 2) != amount || amount > MaxAmount)
        {
            errors.Add("amount", $"批准金额应大于 0、不超过 {MaxAmount:0} 元，最多两位小数");
        }
        var reference = TextFields.Required(input.Reference, "reference", "审批依据（如审批表编号）", 200, errors);
        if (pack is { Status: PackStatus.InForce } && month is { } m && !await CoversAsync(pack, honoree, m))
        {
            errors.Add("packCode", $"该劳模{PayMonth.ChineseFormat(m)}的管理单位不在政策包“{pack.Name}”的适用地区（{Regions.NameOf(pack.RegionCode) ?? pack.RegionCode}）内，不能按此政策包登记");
        }
        if (errors.Any)
        {
            return Outcome<ApprovedPaymentView>.Invalid(errors);
        }
        var row = new ApprovedPaymentRow
        {
            HonoreeId = honoree.Id, PackCode = pack!.Code, BenefitCode = benefit!.Code, Month = month!.Value, Amount = input.Amount!.Value,
            Reference = reference!, ApprovedAt = clock.GetUtcNow(), ApprovedBy = user.Id,
        };
        db.ApprovedPayments.Add(row);
        audit.Record(AuditActions.Create, "approved_payment", honoree.Id, null,
            new { row.PackCode, row.BenefitCode, month = PayMonth.Format(row.Month), row.Amount, row.Reference },
            $"登记 {honoree.Name} {PayMonth.ChineseFormat(row.Month)} {benefit.Name} 批准发放 {row.Amount:0.00} 元（{row.Reference}）");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<ApprovedPaymentView>.Conflict($"{honoree.Name} {PayMonth.ChineseFormat(row.Month)} 的{benefit.Name}已有批准记录，不能重复登记");
        }
        return Outcome<ApprovedPaymentView>.Ok(View(row, benefit.Name));
    }

    public async Task<Outcome<IReadOnlyList<ApprovedPaymentView>>> ForHonoreeAsync(long honoreeId)
    {
        if (await scope.FindHonoreeAsync(honoreeId) is null)
        {
            return Outcome<IReadOnlyList<ApprovedPaymentView>>.NotFound();
        }
        var names = await packs.BenefitNamesAsync();
        var rows = await db.ApprovedPayments.AsNoTracking().Where(a => a.HonoreeId == honoreeId).OrderByDescending(a => a.Month).ThenByDescending(a => a.Id).ToListAsync();
        return Outcome<IReadOnlyList<ApprovedPaymentView>>.Ok(rows.Select(r => View(r, names.GetValueOrDefault((r.PackCode, r.BenefitCode), r.BenefitCode))).ToList());
    }

    /// <summary>Whether the pack applies to the honoree in the month, as the engine decides it (their managing unit of that month).</summary>
    private async Task<bool> CoversAsync(PolicyPack pack, Honoree honoree, DateOnly month)
    {
        await db.Entry(honoree).Collection(h => h.Facts).LoadAsync();
        return pack.Covers(EntitlementQueries.ToPerson(honoree, month, await entitlements.UnitRegionsAsync()));
    }

    /// <summary>The approvals as the engine reads them (with the person's other facts).</summary>
    public static ApprovedPayment ToRule(ApprovedPaymentRow r) => new(r.PackCode, r.BenefitCode, r.Month, r.Amount, r.Reference);

    private static ApprovedPaymentView View(ApprovedPaymentRow r, string name) =>
        new(r.Id, r.PackCode, r.BenefitCode, name, PayMonth.Format(r.Month), r.Amount, r.Reference, r.ApprovedAt);
}
