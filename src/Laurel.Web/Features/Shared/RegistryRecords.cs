using Laurel.Rules.Honours;
using Laurel.Rules.Registry;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Shared;

/// <summary>A new person record as the registry keeps it: the resident ID protected (ciphertext, keyed hash, mask, tail hashes).</summary>
public sealed record NewPerson(string Name, byte[] ResidentIdCipher, byte[] ResidentIdHash, string ResidentIdMasked,
    (long Tail4, long Tail5, long Tail6) TailHashes, DateOnly BirthDate, string Gender, long OrgUnitId, string HukouRegionCode,
    byte[]? PhoneCipher = null, string? PhoneMasked = null);

/// <summary>
/// The one way a person record (劳模档案) and an honour (荣誉) are written, for every feature that writes them: the
/// registry's own forms (Honorees) and the award decision (Nominations). A record starts with its hukou and managing
/// unit from birth and the facts given; each write is audited in the request's unit of work, and a unique constraint
/// (one person, one record; one honour once) answers false after undoing the request's work, never a 500.
/// </summary>
public static class RegistryRecords
{
    public static Honoree NewHonoree(NewPerson person, IEnumerable<HonoreeFact> facts, DateTimeOffset now)
    {
        var honoree = new Honoree
        {
            Name = person.Name, ResidentIdCipher = person.ResidentIdCipher, ResidentIdHash = person.ResidentIdHash,
            ResidentIdMasked = person.ResidentIdMasked, BirthDate = person.BirthDate, Gender = person.Gender,
            OrgUnitId = person.OrgUnitId, HukouRegionCode = person.HukouRegionCode, CreatedAt = now, UpdatedAt = now,
            PhoneCipher = person.PhoneCipher, PhoneMasked = person.PhoneMasked,
        };
        (honoree.ResidentIdTail4Hash, honoree.ResidentIdTail5Hash, honoree.ResidentIdTail6Hash) = person.TailHashes;
        // The registering unit and the hukou are taken to hold from birth until a change is recorded.
        honoree.Facts.Add(NewFact("hukou", person.BirthDate, now, f => f.RegionCode = person.HukouRegionCode));
        honoree.Facts.Add(NewFact("org_unit", person.BirthDate, now, f => f.OrgUnitId = person.OrgUnitId));
        honoree.Facts.AddRange(facts);
        foreach (var f in honoree.Facts)
        {
            f.RecordedAt = now;
        }
        ApplySnapshot(honoree);
        return honoree;
    }

    /// <summary>Adds the new record and audits it (新增劳模档案); false when the person is already registered.</summary>
    public static async Task<bool> AddHonoreeAsync(LaurelDb db, UnitOfWork work, AuditLog audit, Honoree honoree, string? summarySuffix = null)
    {
        db.Honorees.Add(honoree);
        if (!await TrySaveUniqueAsync(db, work))
        {
            return false;
        }
        audit.Record(AuditActions.Create, AuditObjectTypes.Honoree, honoree.Id, null, Snapshot(honoree), $"新增劳模档案 {honoree.Name}{summarySuffix}");
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>Adds the honour and audits it (登记荣誉); false when the same honour (title, region, date) is already there.</summary>
    public static async Task<bool> AddHonourAsync(LaurelDb db, UnitOfWork work, AuditLog audit, Honour honour, string honoreeName, string? summarySuffix = null)
    {
        db.Honours.Add(honour);
        if (!await TrySaveUniqueAsync(db, work))
        {
            return false;
        }
        var name = TitleCatalogue.Find(honour.TitleCode) is { } title ? TitleCatalogue.DisplayName(title, honour.AwardingRegionCode) : honour.TitleCode;
        audit.Record(AuditActions.Create, AuditObjectTypes.Honour, honour.Id, null, HonourSnapshot(honour), $"为 {honoreeName} 登记荣誉 {name}{summarySuffix}");
        await db.SaveChangesAsync();
        return true;
    }

    /// <summary>Brings the record's mirror columns in line with its latest facts.</summary>
    public static void ApplySnapshot(Honoree honoree)
    {
        var snapshot = FactTimeline.AsOf(FactMapping.InRecordingOrder(honoree.Facts), DateOnly.MaxValue);
        honoree.OrgUnitId = snapshot.OrgUnit?.OrgUnitId ?? honoree.OrgUnitId;
        honoree.HukouRegionCode = snapshot.Hukou?.RegionCode ?? honoree.HukouRegionCode;
        honoree.EmploymentStatus = snapshot.Employment is null ? null : FactCodes.Code(snapshot.Employment.Status);
        honoree.EmployerName = snapshot.Employment?.EmployerName;
        honoree.DiedOn = snapshot.Death?.EffectiveOn;
    }

    /// <summary>Saves; false when a unique constraint refused it (two cadres registering one person at the same moment).</summary>
    public static async Task<bool> TrySaveUniqueAsync(LaurelDb db, UnitOfWork work)
    {
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The failed statement ended the transaction's use: undo the request's work, so the answer is a clean refusal.
            await work.RollbackAsync();
            return false;
        }
    }

    public static object Snapshot(Honoree h) => new
    {
        h.Name, residentId = h.ResidentIdMasked, phone = h.PhoneMasked, h.OrgUnitId,
        h.HukouRegionCode, h.EmploymentStatus, h.DiedOn, h.Version,
    };

    public static object HonourSnapshot(Honour h) => new
    {
        h.HonoreeId, h.TitleCode, h.AwardingRegionCode, h.AwardedOn, h.AwardingBody, h.DocumentNumber, h.CertificateNumber,
        h.Status, h.RevokedOn, h.RevocationReason,
    };

    public static HonoreeFact NewFact(string kind, DateOnly effectiveOn, DateTimeOffset now, Action<HonoreeFact> fill)
    {
        var fact = new HonoreeFact { Kind = kind, EffectiveOn = effectiveOn, RecordedAt = now };
        fill(fact);
        return fact;
    }
}
