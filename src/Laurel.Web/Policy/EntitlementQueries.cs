using Laurel.Rules.Calendar;
using Laurel.Rules.Identity;
using Laurel.Rules.Organisation;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Policy;

/// <summary>
/// A benefit due. <c>PackStatus</c> is the pack's (in_force or draft); a draft pack's entry is <c>Simulated</c>: what the
/// draft would give if it came into force, never a benefit owed (the consultation shows it labelled 征求意见稿·仅供模拟).
/// </summary>
public sealed record EntitlementView(string BenefitCode, string Name, string Kind, decimal? Amount, string Pack, string Document, string Clause, string Explanation,
    string PackStatus, bool Simulated);
/// <summary>A benefit not due; <c>Document</c> is the pack's source as a person reads it (《…》（文号）).</summary>
public sealed record NotEntitledView(string BenefitCode, string Name, string Pack, string Reason, string Document);
public sealed record EntitlementsView(long? HonoreeId, string Month, IReadOnlyList<EntitlementView> Entitlements, IReadOnlyList<NotEntitledView> NotEntitled);

public sealed record EvaluateEmployment(string? Status, string? EmployerType, DateOnly? Since);
public sealed record EvaluatePension(string? Scheme, decimal? MonthlyAmount, DateOnly? Since);
public sealed record EvaluatePerson(string? ResidentId, DateOnly? BirthDate, string? Gender, string? HukouRegionCode,
    EvaluateEmployment? Employment, EvaluatePension? Pension, DateOnly? DiedOn);
public sealed record EvaluateHonour(string? TitleCode, string? AwardingRegionCode, DateOnly? AwardedOn, DateOnly? RevokedOn);
public sealed record EvaluateInput(string? Month, string? RegionCode, EvaluatePerson? Person, IReadOnlyList<EvaluateHonour>? Honours);

/// <summary>The benefits due to an honoree for a month (政策咨询), from their record or from facts typed in.</summary>
public sealed class EntitlementQueries(LaurelDb db, Scope scope, PolicyPacks packs, TimeProvider clock)
{
    public async Task<Outcome<EntitlementsView>> ForHonoreeAsync(long honoreeId, string? month)
    {
        var honoree = await (await scope.HonoreesAsync()).AsNoTracking().Include(h => h.Facts).Include(h => h.Honours)
            .AsSplitQuery().FirstOrDefaultAsync(h => h.Id == honoreeId);
        if (honoree is null)
        {
            return Outcome<EntitlementsView>.NotFound();
        }
        var monthErrors = new FieldErrors();
        var first = Dates.Month(month, "month", "月份", clock, monthErrors);
        if (first is null)
        {
            return Outcome<EntitlementsView>.Invalid(monthErrors);
        }
        var approvals = await db.ApprovedPayments.AsNoTracking().Where(a => a.HonoreeId == honoree.Id).ToListAsync();
        var person = ToPerson(honoree, first.Value, await UnitRegionsAsync()) with { Approvals = approvals.Select(ApprovedPayments.ToRule).ToList() };
        var current = await packs.CurrentAsync();
        return Outcome<EntitlementsView>.Ok(View(honoree.Id, EntitlementEngine.Evaluate(current, person, first.Value, includeDrafts: false), current));
    }

    /// <summary>The same answer for facts typed in at the service window, nothing stored. Draft packs are simulated.</summary>
    public async Task<Outcome<EntitlementsView>> EvaluateAsync(EvaluateInput input)
    {
        var errors = new FieldErrors();
        var today = Dates.Today(clock);
        var first = Dates.Month(input.Month, "month", "查询月份", clock, errors);
        if (!Regions.IsValidCode(input.RegionCode))
        {
            errors.Add("regionCode", "管理单位所在地区码应为6位有效的行政区划代码");
        }
        var p = input.Person;
        DateOnly? birth = null;
        if (p is null)
        {
            errors.Add("person", "人员情况不能为空");
        }
        else if (!string.IsNullOrWhiteSpace(p.ResidentId))
        {
            if (ResidentId.TryParse(p.ResidentId, today, out var id, out var error))
            {
                birth = id.BirthDate;
            }
            else
            {
                errors.Add("person.residentId", "身份证号" + error);
            }
        }
        else if (p.BirthDate is null)
        {
            errors.Add("person.birthDate", "请填写身份证号或出生日期");
        }
        else if (DateBounds.CheckBirthDate(p.BirthDate.Value, today) is { } birthProblem)
        {
            errors.Add("person.birthDate", birthProblem);
        }
        else
        {
            birth = p.BirthDate;
        }
        CheckFactDate(p?.Employment?.Since, "person.employment.since", "起始", today, errors);
        CheckFactDate(p?.Pension?.Since, "person.pension.since", "起始", today, errors);
        CheckFactDate(p?.DiedOn, "person.diedOn", "去世", today, errors);
        var facts = new List<Fact>();
        if (p?.HukouRegionCode is { } hukou)
        {
            if (Regions.IsValidCode(hukou))
            {
                facts.Add(new HukouFact(birth ?? DateOnly.MinValue, hukou));
            }
            else
            {
                errors.Add("person.hukouRegionCode", "户籍地区码应为6位有效的行政区划代码");
            }
        }
        if (p?.Employment is { } e)
        {
            var status = FactCodes.ParseEmploymentStatus(e.Status);
            var type = e.EmployerType is null ? null : FactCodes.ParseEmployerType(e.EmployerType);
            if (status is null)
            {
                errors.Add("person.employment.status", "就业状态应为 employed、retired 或 unemployed");
            }
            if (e.EmployerType is not null && type is null)
            {
                errors.Add("person.employment.employerType", "单位性质应为 government、public_institution、enterprise 或 other");
            }
            if (status is not null)
            {
                facts.Add(new EmploymentFact(e.Since ?? birth ?? DateOnly.MinValue, status.Value, null, type));
            }
        }
        if (p?.Pension is { } pension)
        {
            var scheme = FactCodes.ParsePensionScheme(pension.Scheme);
            if (scheme is null)
            {
                errors.Add("person.pension.scheme", "养老保险类型应为 civil_service、enterprise、resident 或 none");
            }
            else if (FactRules.CheckPensionAmount(pension.MonthlyAmount ?? 0) is { } amountError)
            {
                errors.Add("person.pension.monthlyAmount", "月养老金" + amountError);
            }
            else
            {
                facts.Add(new PensionFact(pension.Since ?? birth ?? DateOnly.MinValue, scheme.Value, pension.MonthlyAmount ?? 0));
            }
        }
        if (p?.DiedOn is { } died)
        {
            facts.Add(new DeathFact(died));
        }
        var honours = new List<HonourFact>();
        var list = input.Honours ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var h = list[i];
            if (Rules.Honours.TitleCatalogue.Find(h.TitleCode) is null)
            {
                errors.Add($"honours[{i}].titleCode", string.IsNullOrWhiteSpace(h.TitleCode) ? "请选择称号" : "荣誉称号不存在，请从称号目录中选择");
            }
            if (h.AwardedOn is null)
            {
                errors.Add($"honours[{i}].awardedOn", "授予日期不能为空");
            }
            else if (DateBounds.CheckFactDate(h.AwardedOn.Value, today) is { } awardedProblem)
            {
                errors.Add($"honours[{i}].awardedOn", "授予" + awardedProblem);
            }
            else if (h.RevokedOn is { } revokedOn && DateBounds.CheckFactDate(revokedOn, today) is { } revokedProblem)
            {
                errors.Add($"honours[{i}].revokedOn", "撤销" + revokedProblem);
            }
            else if (h.RevokedOn is { } revoked && revoked < h.AwardedOn)
            {
                errors.Add($"honours[{i}].revokedOn", "撤销日期不能早于授予日期");
            }
            else if (h.TitleCode is not null)
            {
                honours.Add(new HonourFact(h.TitleCode, string.IsNullOrWhiteSpace(h.AwardingRegionCode) ? null : h.AwardingRegionCode.Trim(), h.AwardedOn.Value, h.RevokedOn));
            }
        }
        if (errors.Any)
        {
            return Outcome<EntitlementsView>.Invalid(errors);
        }
        var person = new PersonRecord(birth!.Value, input.RegionCode!, facts, honours);
        var current = await packs.CurrentAsync();
        return Outcome<EntitlementsView>.Ok(View(null, EntitlementEngine.Evaluate(current, person, first!.Value, includeDrafts: true), current));
    }

    private static void CheckFactDate(DateOnly? date, string field, string label, DateOnly today, FieldErrors errors)
    {
        if (date is { } d && DateBounds.CheckFactDate(d, today) is { } problem)
        {
            errors.Add(field, label + problem);
        }
    }

    /// <summary>An honoree as the engine sees them for a month: the managing unit of that month decides the region.</summary>
    public static PersonRecord ToPerson(Honoree honoree, DateOnly month, IReadOnlyDictionary<long, string> unitRegions)
    {
        var facts = FactMapping.InRecordingOrder(honoree.Facts).ToList();
        var unitId = PersonLoader.ManagingUnit(facts, month, honoree.OrgUnitId);
        return new PersonRecord(honoree.BirthDate, unitRegions.GetValueOrDefault(unitId, "000000"), facts,
            honoree.Honours.Select(h => new HonourFact(h.TitleCode, h.AwardingRegionCode, h.AwardedOn, h.RevokedOn)).ToList());
    }

    /// <summary>Each unit's region, or its nearest ancestor's (street and grassroots unions have none of their own).</summary>
    public async Task<IReadOnlyDictionary<long, string>> UnitRegionsAsync() =>
        UnitRegions.Resolve((await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.RegionCode }).ToListAsync())
            .Select(u => (u.Id, u.ParentId, u.RegionCode)));

    private static EntitlementsView View(long? honoreeId, Evaluation e, IReadOnlyList<PolicyPack> packs)
    {
        var drafts = packs.Where(p => p.Status == PackStatus.Draft).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var documents = packs.ToDictionary(p => p.Code, EntitlementEngine.Document, StringComparer.Ordinal);
        return new EntitlementsView(honoreeId, PayMonth.Format(e.Month),
            e.Entitlements.Select(x => new EntitlementView(x.BenefitCode, x.Name, BenefitKinds.Code(x.Kind), x.Amount, x.PackCode, x.Document, x.Clause, x.Explanation,
                drafts.Contains(x.PackCode) ? "draft" : "in_force", drafts.Contains(x.PackCode))).ToList(),
            e.NotEntitled.Select(x => new NotEntitledView(x.BenefitCode, x.Name, x.PackCode, x.Reason, documents.GetValueOrDefault(x.PackCode, x.PackCode))).ToList());
    }
}
