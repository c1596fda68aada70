using Laurel.Rules.Access;
using Laurel.Rules.Calendar;
using Laurel.Rules.Identity;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;
using Laurel.Rules.Text;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Policies;

public sealed record ParameterValueInput(DateOnly? EffectiveFrom, decimal? Value, string? Reference);
public sealed record WithdrawValueInput(string? Reason);
public sealed record BenefitEffect(string BenefitCode, string Name, int Gained, int Lost, decimal TotalBefore, decimal TotalAfter);
public sealed record PreviewView(string Pack, string Parameter, string Month, int Honorees, IReadOnlyList<BenefitEffect> Benefits);

/// <summary>
/// Policy administrators add dated values to the packs they administer (a policy_admin grant at a unit whose subtree
/// holds the pack's whole jurisdiction), after previewing the effect on the honorees in their scope, and withdraw a
/// value entered in error as long as no approved cycle used it (ADR 17).
/// </summary>
public sealed class ParameterCommands(LaurelDb db, Scope scope, CurrentUser user, PolicyPacks packs, EntitlementQueries entitlements,
    AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> AddAsync(string code, string name, ParameterValueInput input)
    {
        var (pack, parameter, value, outcome) = await PrepareAsync<long>(code, name, input);
        if (outcome is not null)
        {
            return outcome;
        }
        var row = new PolicyParameterValue
        {
            PackCode = pack!.Code, ParameterName = parameter!.Name, EffectiveFrom = value!.From, Value = value.Value!.Value,
            Reference = value.Reference.Clause, CreatedAt = clock.GetUtcNow(), CreatedBy = user.Id,
        };
        db.PolicyParameterValues.Add(row);
        audit.Record(AuditActions.Create, "policy_parameter_value", $"{pack.Code}/{parameter.Name}", null,
            new { pack = pack.Code, parameter = parameter.Name, row.EffectiveFrom, row.Value, row.Reference },
            $"为政策包 {pack.Code} 的参数 {parameter.Name} 添加 {row.EffectiveFrom:yyyy-MM-dd} 起的取值 {row.Value}");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<long>.Conflict("该参数在此生效日期已有取值；如需更正，请先撤回原取值（未被已审批的发放批次使用时），或以新的生效日期添加。");
        }
        return Outcome<long>.Ok(row.Id);
    }

    /// <summary>
    /// Withdraws a value entered in error: the row stays (shown as 已撤回) and evaluations ignore it from then on. A value
    /// an approved cycle computed with is refused: what was paid with it stands, and a correction is a new dated value.
    /// </summary>
    public async Task<Outcome<long>> WithdrawAsync(string code, string name, long valueId, WithdrawValueInput input)
    {
        var pack = await packs.FindAsync(code);
        if (pack?.Parameter(name) is null || !await AdministersAsync(pack))
        {
            return Outcome<long>.NotFound();
        }
        var row = await db.PolicyParameterValues.FirstOrDefaultAsync(v => v.Id == valueId && v.PackCode == pack.Code && v.ParameterName == name);
        if (row is null)
        {
            return Outcome<long>.NotFound();
        }
        var what = $"参数“{pack.Parameter(name)!.Description}”自 {row.EffectiveFrom:yyyy-MM-dd} 起的取值 {row.Value:0.##}";
        if (row.WithdrawnAt is not null)
        {
            return Outcome<long>.Conflict($"{what}已经撤回。");
        }
        var errors = new FieldErrors();
        var reason = TextFields.Required(input.Reason, "reason", "撤回原因", 500, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await UsedByAsync(row) is { } cycle)
        {
            return Outcome<long>.Conflict($"{what}已被已审批的发放批次（{cycle}）用于核算，不能撤回：已发放的金额以它为准。如需更正，请添加新的生效日期的取值。");
        }
        row.WithdrawnAt = clock.GetUtcNow();
        row.WithdrawnBy = user.Id;
        row.WithdrawalReason = reason;
        audit.Record(AuditActions.Update, "policy_parameter_value", $"{pack.Code}/{name}",
            new { id = row.Id, pack = pack.Code, parameter = name, row.EffectiveFrom, row.Value, row.Reference },
            new { id = row.Id, pack = pack.Code, parameter = name, row.EffectiveFrom, row.Value, row.Reference, row.WithdrawnAt, reason },
            $"撤回政策包 {pack.Code} 的{what}：{reason}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(row.Id);
    }

    private static readonly string[] ApprovedStatuses =
        Enum.GetValues<CycleStatus>().Where(s => s >= CycleStatus.Approved).Select(PaymentCycles.Code).ToArray();

    /// <summary>
    /// The first approved cycle (paying unit and month, in Chinese) that computed with the value: one whose frozen pack
    /// versions hold it, computed after it was added, for a month it applied to (conditions hold on the first day of a
    /// month, and a cycle corrects only months up to its own). Null when none did.
    /// </summary>
    private async Task<string?> UsedByAsync(PolicyParameterValue row)
    {
        var firstMonth = row.EffectiveFrom.Day == 1 ? row.EffectiveFrom : PayMonth.Of(row.EffectiveFrom).AddMonths(1);
        var from = row.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return await db.Database.SqlQuery<string>($"""
            SELECT u.name || ' ' || to_char(c.month, 'YYYY"年"FMMM"月"') AS "Value"
            FROM payment_cycles c JOIN org_units u ON u.id = c.paying_org_unit_id
            WHERE c.status = ANY({ApprovedStatuses}) AND c.month >= {firstMonth} AND c.computed_at >= {row.CreatedAt}
              AND c.pack_versions -> {row.PackCode} -> 'Parameters' -> {row.ParameterName}
                  @> jsonb_build_array(jsonb_build_object('From', {from}::text, 'Value', {row.Value}::numeric))
            ORDER BY c.month LIMIT 1
            """).FirstOrDefaultAsync();
    }

    /// <summary>
    /// Who gains or loses each benefit of the pack, and the cash total before and after, over the honorees in the user's
    /// scope that the pack covers, for the first month the value applies (conditions hold on the first day of a month).
    /// </summary>
    public async Task<Outcome<PreviewView>> PreviewAsync(string code, string name, ParameterValueInput input)
    {
        var (pack, parameter, value, outcome) = await PrepareAsync<PreviewView>(code, name, input);
        if (outcome is not null)
        {
            return outcome;
        }
        var month = value!.From.Day == 1 ? value.From : PayMonth.Of(value.From).AddMonths(1);
        var changed = pack!.WithValues([(parameter!.Name, value)]);
        var regions = await entitlements.UnitRegionsAsync();
        var unitIds = regions.Where(r => Regions.Contains(pack.RegionCode, r.Value)).Select(r => r.Key).ToArray();
        var honorees = await (await scope.HonoreesAsync()).AsNoTracking().Where(h => unitIds.Contains(h.OrgUnitId))
            .Include(h => h.Facts).Include(h => h.Honours).AsSplitQuery().ToListAsync();
        var effects = pack.Benefits.ToDictionary(b => b.Code, b => new BenefitEffect(b.Code, b.Name, 0, 0, 0, 0));
        var covered = 0;
        foreach (var honoree in honorees)
        {
            var person = EntitlementQueries.ToPerson(honoree, month, regions);
            if (!pack.Covers(person))
            {
                continue;
            }
            covered++;
            var before = EntitlementEngine.Evaluate([pack], person, month, includeDrafts: true).Entitlements.ToDictionary(e => e.BenefitCode);
            var after = EntitlementEngine.Evaluate([changed], person, month, includeDrafts: true).Entitlements.ToDictionary(e => e.BenefitCode);
            foreach (var benefit in pack.Benefits)
            {
                var had = before.TryGetValue(benefit.Code, out var b);
                var has = after.TryGetValue(benefit.Code, out var a);
                var effect = effects[benefit.Code];
                effects[benefit.Code] = effect with
                {
                    Gained = effect.Gained + (has && !had ? 1 : 0),
                    Lost = effect.Lost + (had && !has ? 1 : 0),
                    TotalBefore = effect.TotalBefore + (b?.Amount ?? 0),
                    TotalAfter = effect.TotalAfter + (a?.Amount ?? 0),
                };
            }
        }
        return Outcome<PreviewView>.Ok(new PreviewView(pack.Code, parameter.Name, PayMonth.Format(month), covered,
            effects.Values.Where(e => e.Gained > 0 || e.Lost > 0 || e.TotalBefore != e.TotalAfter).ToList()));
    }

    private async Task<(PolicyPack? Pack, Parameter? Parameter, DatedValue? Value, Outcome<T>? Failure)> PrepareAsync<T>(
        string code, string name, ParameterValueInput input)
    {
        var pack = await packs.FindAsync(code);
        var parameter = pack?.Parameter(name);
        if (pack is null || parameter is null || !await AdministersAsync(pack))
        {
            return (null, null, null, Outcome<T>.NotFound());
        }
        var errors = new FieldErrors();
        if (input.EffectiveFrom is null)
        {
            errors.Add("effectiveFrom", "生效日期不能为空");
        }
        else if (DateBounds.CheckValueDate(input.EffectiveFrom.Value, pack.EffectiveFrom, Dates.Today(clock)) is { } fromProblem)
        {
            errors.Add("effectiveFrom", fromProblem);
        }
        if (input.Value is not { } number)
        {
            errors.Add("value", "取值不能为空");
        }
        else if (number < 0 || number >= 100_000_000m || decimal.Round(number, 2) != number)
        {
            errors.Add("value", "取值应为不小于 0 的数，最多两位小数");
        }
        else if (parameter.Unit == "years" && (decimal.Truncate(number) != number || number > 120))
        {
            errors.Add("value", "年龄应为 0 至 120 之间的整数");
        }
        string? reference = null;
        if (TypedText.IsEmpty(input.Reference))
        {
            errors.Add("reference", "依据不能为空：请写明文件名称、文号和条款");
        }
        else
        {
            reference = TextFields.Optional(input.Reference, "reference", "依据", 500, errors);
        }
        if (errors.Any)
        {
            return (null, null, null, Outcome<T>.Invalid(errors));
        }
        return (pack, parameter, new DatedValue(input.EffectiveFrom!.Value, input.Value, new Reference(reference!)), null);
    }

    /// <summary>
    /// Whether the user administers the pack: a policy_admin grant at a unit whose subtree holds the pack's whole
    /// jurisdiction (see <see cref="PackAdministration"/>). The pack's page and the preview ask the same question.
    /// </summary>
    public async Task<bool> AdministersAsync(PolicyPack pack)
    {
        var grants = (await user.GrantsAsync()).PolicyAdminGrants;
        if (grants.Count == 0)
        {
            return false;
        }
        // The whole tree, not the user's part of it: the rule asks whether the pack's jurisdiction lies inside the grant.
        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Path, u.RegionCode }).ToListAsync();
        return PackAdministration.Administers(grants, pack.RegionCode, RegionalUnit.Resolve(units.Select(u => (u.Id, u.ParentId, u.Path, u.RegionCode))));
    }
}
