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
        var (phoneCipher, phoneMasked) = ids.ProtectPhone(phone);
        var facts = new List<HonoreeFact> { employment! };
        if (pension is not null)
        {
            facts.Add(pension);
        }
        var honoree = RegistryRecords.NewHonoree(new NewPerson(name!, cipher, hash, masked, ids.TailHashes(id), id.BirthDate, FactCodes.Code(id.Gender),
            unitId, hukou!, phoneCipher, phoneMasked), facts, clock.GetUtcNow());
        if (!await RegistryRecords.AddHonoreeAsync(db, work, audit, honoree))
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        return Outcome<long>.Ok(honoree.Id);
    }
}
