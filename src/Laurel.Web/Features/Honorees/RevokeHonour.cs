using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

/// <summary>Revokes an honour with its date and reason.</summary>
public sealed class RevokeHonour(LaurelDb db, Scope scope, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> RevokeHonourAsync(long honoreeId, long honourId, RevokeInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var honour = await db.Honours.FirstOrDefaultAsync(h => h.Id == honourId && h.HonoreeId == honoreeId);
        if (honour is null)
        {
            return Outcome<long>.NotFound();
        }
        if (honour.Status == "revoked")
        {
            return Outcome<long>.Conflict("该荣誉已被撤销。");
        }
        var errors = new FieldErrors();
        if (input.RevokedOn is null)
        {
            errors.Add("revokedOn", "撤销日期不能为空");
        }
        else if (input.RevokedOn < honour.AwardedOn)
        {
            errors.Add("revokedOn", "撤销日期不能早于授予日期");
        }
        else if (DateBounds.CheckFactDate(input.RevokedOn.Value, Dates.Today(clock)) is { } revokedProblem)
        {
            errors.Add("revokedOn", "撤销" + revokedProblem);
        }
        var reason = Required(input.Reason, "reason", "撤销原因", 500, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var before = HonourSnapshot(honour);
        honour.Status = "revoked";
        honour.RevokedOn = input.RevokedOn;
        honour.RevocationReason = reason;
        honour.Version++;
        audit.Record(AuditActions.Update, "honour", honour.Id, before, HonourSnapshot(honour), $"撤销 {honoree!.Name} 的荣誉");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(honour.Id);
    }

}
