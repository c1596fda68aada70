using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

/// <summary>Records a dated change of an honoree's facts (employment, pension, hukou, managing unit, death).</summary>
public sealed class RecordFact(LaurelDb db, Scope scope, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> RecordFactAsync(long honoreeId, FactEventInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        if (input.EffectiveOn is null)
        {
            errors.Add("effectiveOn", "生效日期不能为空");
        }
        else
        {
            errors.AddIf("effectiveOn", "", FactRules.CheckEffectiveOn(input.EffectiveOn.Value, Dates.Today(clock), honoree.BirthDate));
        }
        var effective = input.EffectiveOn ?? default;
        var now = clock.GetUtcNow();
        HonoreeFact? fact = null;
        switch (input.Type)
        {
            case "employment_changed":
                fact = CheckEmployment(new EmploymentInput(input.Status, input.EmployerName, input.EmployerType, effective),
                    honoree.BirthDate, Dates.Today(clock), errors, required: true, prefix: "");
                break;
            case "pension_changed":
                fact = CheckPension(new PensionInput(input.Scheme, input.MonthlyAmount, effective), honoree.BirthDate, Dates.Today(clock), errors, prefix: "");
                break;
            case "hukou_changed":
                if (!Regions.IsValidCode(input.RegionCode?.Trim()))
                {
                    errors.Add("regionCode", string.IsNullOrWhiteSpace(input.RegionCode) ? "请选择新户籍地区" : "新户籍地区无效：请输入地名从列表中选择，或填写6位行政区划代码");
                }
                fact = NewFact("hukou", effective, now, f => f.RegionCode = input.RegionCode?.Trim());
                break;
            case "org_unit_changed":
                if (input.OrgUnitId is null
                    || !(await scope.UnitIdsUnderAsync((await user.GrantsAsync()).HonoreeWriteRoots)).Contains(input.OrgUnitId.Value))
                {
                    errors.Add("orgUnitId", "新的管理单位不存在或不在您的管理范围内");
                }
                fact = NewFact("org_unit", effective, now, f => f.OrgUnitId = input.OrgUnitId);
                break;
            case "died":
                fact = NewFact("death", effective, now, _ => { });
                break;
            default:
                errors.Add("type", string.IsNullOrWhiteSpace(input.Type) ? "请选择事件类型" : $"事件类型应为{FactCodes.EventChoices}");
                break;
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        fact!.EffectiveOn = effective;
        fact.RecordedAt = now;
        fact.RecordedBy = user.Id;
        await db.Entry(honoree).Collection(h => h.Facts).LoadAsync();
        var before = Snapshot(honoree);
        honoree.Facts.Add(fact);
        ApplySnapshot(honoree);
        honoree.Version++;
        honoree.UpdatedAt = now;
        audit.Record(AuditActions.Create, "honoree_fact", honoree.Id, before, Snapshot(honoree),
            $"登记{FactCodes.KindName(fact.Kind)}变动（{effective:yyyy-MM-dd} 起）：{honoree.Name}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(fact.Id);
    }
}
