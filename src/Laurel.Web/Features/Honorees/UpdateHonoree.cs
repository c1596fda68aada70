using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

/// <summary>Changes an honoree's name, resident ID and phone, at the version the user read.</summary>
public sealed class UpdateHonoree(LaurelDb db, UnitOfWork work, Scope scope, AuditLog audit, ResidentIds ids, TimeProvider clock)
{
    public async Task<Outcome<long>> UpdateAsync(long honoreeId, HonoreeUpdateInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        var name = CheckName(input.Name, errors);
        var residentId = CheckResidentId(input.ResidentId, Dates.Today(clock), errors);
        var phone = CheckPhone(input.Phone, errors);
        if (input.Version is null)
        {
            errors.Add("version", "缺少版本号 version（请以读取到的记录版本提交修改）");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (input.Version != honoree.Version)
        {
            return Outcome<long>.Conflict("记录已被他人修改，请刷新后在最新版本上重新修改。");
        }
        var before = Snapshot(honoree);
        var id = residentId!.Value;
        var hash = ids.Hash(id);
        if (!hash.AsSpan().SequenceEqual(honoree.ResidentIdHash))
        {
            if (await db.Honorees.AnyAsync(h => h.ResidentIdHash == hash && h.Id != honoree.Id))
            {
                return Outcome<long>.Conflict(DuplicateMessage);
            }
            (honoree.ResidentIdCipher, honoree.ResidentIdHash, honoree.ResidentIdMasked) = ids.Protect(id);
            (honoree.ResidentIdTail4Hash, honoree.ResidentIdTail5Hash, honoree.ResidentIdTail6Hash) = ids.TailHashes(id);
            honoree.BirthDate = id.BirthDate;
            honoree.Gender = FactCodes.Code(id.Gender);
        }
        honoree.Name = name!;
        if (ids.RevealPhone(honoree.PhoneCipher) != phone)
        {
            (honoree.PhoneCipher, honoree.PhoneMasked) = ids.ProtectPhone(phone);
        }
        honoree.Version++;
        honoree.UpdatedAt = clock.GetUtcNow();
        audit.Record(AuditActions.Update, "honoree", honoree.Id, before, Snapshot(honoree), $"修改劳模档案 {honoree.Name}");
        try
        {
            if (!await TrySaveUniqueAsync(db, work))
            {
                return Outcome<long>.Conflict(DuplicateMessage);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("记录已被他人修改，请刷新后在最新版本上重新修改。");
        }
        return Outcome<long>.Ok(honoree.Id);
    }
}
