using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Rules.Text;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

/// <summary>Registers an honoree with their first facts (hukou, managing unit, employment, pension); the record and its audit entry are one unit of work.</summary>
public sealed class CreateHonoree(LaurelDb db, UnitOfWork work, Scope scope, CurrentUser user, AuditLog audit, ResidentIds ids, TimeProvider clock)
{
    public async Task<Outcome<long>> CreateAsync(HonoreeCreateInput input)
    {
        var errors = new FieldErrors();
        var name = CheckName(input.Name, errors);
        var residentId = CheckResidentId(input.ResidentId, Dates.Today(clock), errors);
        var phone = CheckPhone(input.Phone, errors);
        var hukou = input.HukouRegionCode?.Trim();
        if (TypedText.IsEmpty(hukou))
        {
            errors.Add("hukouRegionCode", "请选择户籍地区");
        }
        else if (!Regions.IsValidCode(hukou))
        {
            errors.Add("hukouRegionCode", "户籍地区无效：请输入地名从列表中选择，或填写6位行政区划代码");
        }
        long unitId = 0;
        if (input.OrgUnitId is null)
        {
            errors.Add("orgUnitId", "管理单位不能为空");
        }
        else if (!(await scope.UnitIdsUnderAsync((await user.GrantsAsync()).HonoreeWriteRoots)).Contains(input.OrgUnitId.Value))
        {
            errors.Add("orgUnitId", "管理单位不存在或不在您的管理范围内");
        }
        else
        {
            unitId = input.OrgUnitId.Value;
        }
        var birth = residentId?.BirthDate;
        var employment = CheckEmployment(input.Employment, birth, Dates.Today(clock), errors, required: true);
        var pension = input.Pension is null ? null : CheckPension(input.Pension, birth, Dates.Today(clock), errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }

        var id = residentId!.Value;
        var hash = ids.Hash(id);
        if (await db.Honorees.AnyAsync(h => h.ResidentIdHash == hash))
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        var (cipher, _, masked) = ids.Protect(id);
        var now = clock.GetUtcNow();
        var honoree = new Honoree
        {
            Name = name!, ResidentIdCipher = cipher, ResidentIdHash = hash, ResidentIdMasked = masked,
            BirthDate = id.BirthDate, Gender = FactCodes.Code(id.Gender),
            OrgUnitId = unitId, HukouRegionCode = hukou!, CreatedAt = now, UpdatedAt = now,
        };
        (honoree.PhoneCipher, honoree.PhoneMasked) = ids.ProtectPhone(phone);
        (honoree.ResidentIdTail4Hash, honoree.ResidentIdTail5Hash, honoree.ResidentIdTail6Hash) = ids.TailHashes(id);
        // The registering unit and the hukou are taken to hold from birth until a change is recorded.
        honoree.Facts.Add(NewFact("hukou", id.BirthDate, now, f => f.RegionCode = hukou));
        honoree.Facts.Add(NewFact("org_unit", id.BirthDate, now, f => f.OrgUnitId = unitId));
        honoree.Facts.Add(employment!);
        if (pension is not null)
        {
            honoree.Facts.Add(pension);
        }
        foreach (var f in honoree.Facts)
        {
            f.RecordedAt = now;
        }
        ApplySnapshot(honoree);

        db.Honorees.Add(honoree);
        if (!await TrySaveUniqueAsync(db, work))
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        audit.Record(AuditActions.Create, "honoree", honoree.Id, null, Snapshot(honoree), $"新增劳模档案 {honoree.Name}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(honoree.Id);
    }
}
