using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Rules.Text;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Honorees;

/// <summary>Every change to an honoree record, its dated facts and its honours. Each change and its audit entry are one unit of work.</summary>
public sealed class HonoreeCommands(LaurelDb db, UnitOfWork work, Scope scope, CurrentUser user, AuditLog audit, ResidentIds ids, TimeProvider clock)
{
    private const string ReadOnly = "您对该档案只有查看权限，不能修改。";

    public const string DuplicateMessage = "该身份证号已在本系统登记（可能在其他单位），同一人只能登记一份档案。";

    private DateOnly Today => Dates.Today(clock);

    public async Task<Outcome<long>> CreateAsync(HonoreeCreateInput input)
    {
        var errors = new FieldErrors();
        var name = CheckName(input.Name, errors);
        var residentId = CheckResidentId(input.ResidentId, errors);
        var phone = CheckPhone(input.Phone, errors);
        var hukou = input.HukouRegionCode?.Trim();
        if (TypedText.IsEmpty(hukou))
        {
            errors.Add("hukouRegionCode", "户籍地区码不能为空");
        }
        else if (!Regions.IsValidCode(hukou))
        {
            errors.Add("hukouRegionCode", "户籍地区码应为6位有效的行政区划代码（GB/T 2260）");
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
        var employment = CheckEmployment(input.Employment, birth, errors, required: true);
        var pension = input.Pension is null ? null : CheckPension(input.Pension, birth, errors);
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
        if (!await TrySaveUnique())
        {
            return Outcome<long>.Conflict(DuplicateMessage);
        }
        audit.Record(AuditActions.Create, "honoree", honoree.Id, null, Snapshot(honoree), $"新增劳模档案 {honoree.Name}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(honoree.Id);
    }

    public async Task<Outcome<long>> UpdateAsync(long honoreeId, HonoreeUpdateInput input)
    {
        var honoree = await scope.FindHonoreeAsync(honoreeId, HonoreeAccess.Write);
        if (honoree is null)
        {
            return await scope.NotWritableAsync<long>(honoreeId, ReadOnly);
        }
        var errors = new FieldErrors();
        var name = CheckName(input.Name, errors);
        var residentId = CheckResidentId(input.ResidentId, errors);
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
            if (!await TrySaveUnique())
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

    public async Task<Outcome<long>> RecordFactAsync(long honoreeId, FactEventInput input)
    {
        var honoree = await scope.FindHonoreeAsync(honoreeId, HonoreeAccess.Write);
        if (honoree is null)
        {
            return await scope.NotWritableAsync<long>(honoreeId, ReadOnly);
        }
        var errors = new FieldErrors();
        if (input.EffectiveOn is null)
        {
            errors.Add("effectiveOn", "生效日期不能为空");
        }
        else
        {
            errors.AddIf("effectiveOn", "", FactRules.CheckEffectiveOn(input.EffectiveOn.Value, Today, honoree.BirthDate));
        }
        var effective = input.EffectiveOn ?? default;
        var now = clock.GetUtcNow();
        HonoreeFact? fact = null;
        switch (input.Type)
        {
            case "employment_changed":
                fact = CheckEmployment(new EmploymentInput(input.Status, input.EmployerName, input.EmployerType, effective),
                    honoree.BirthDate, errors, required: true, prefix: "");
                break;
            case "pension_changed":
                fact = CheckPension(new PensionInput(input.Scheme, input.MonthlyAmount, effective), honoree.BirthDate, errors, prefix: "");
                break;
            case "hukou_changed":
                if (!Regions.IsValidCode(input.RegionCode?.Trim()))
                {
                    errors.Add("regionCode", "户籍地区码应为6位有效的行政区划代码（GB/T 2260）");
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
                errors.Add("type", "事件类型应为 employment_changed、pension_changed、hukou_changed、org_unit_changed 或 died");
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

    public async Task<Outcome<long>> AddHonourAsync(long honoreeId, HonourInput input)
    {
        var honoree = await scope.FindHonoreeAsync(honoreeId, HonoreeAccess.Write);
        if (honoree is null)
        {
            return await scope.NotWritableAsync<long>(honoreeId, ReadOnly);
        }
        var errors = new FieldErrors();
        var title = TitleCatalogue.Find(input.TitleCode);
        var region = string.IsNullOrWhiteSpace(input.AwardingRegionCode) ? null : input.AwardingRegionCode.Trim();
        if (title is null)
        {
            errors.Add("titleCode", "荣誉称号不存在，请从称号目录中选择");
        }
        else
        {
            errors.AddIf("awardingRegionCode", "授予地区", TitleCatalogue.CheckAwardingRegion(title, region));
        }
        if (input.AwardedOn is null)
        {
            errors.Add("awardedOn", "授予日期不能为空");
        }
        else if (DateBounds.CheckFactDate(input.AwardedOn.Value, Today) is { } awardedProblem)
        {
            errors.Add("awardedOn", "授予" + awardedProblem);
        }
        else if (input.AwardedOn < honoree.BirthDate)
        {
            errors.Add("awardedOn", "授予日期不能早于出生日期");
        }
        var body = Required(input.AwardingBody, "awardingBody", "授予机关", 100, errors);
        var doc = Optional(input.DocumentNumber, "documentNumber", "文号", 100, errors);
        var cert = Optional(input.CertificateNumber, "certificateNumber", "证书编号", 100, errors);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var honour = new Honour
        {
            HonoreeId = honoree.Id, TitleCode = title!.Code, AwardingRegionCode = title.Level == HonourLevel.National ? null : region,
            AwardedOn = input.AwardedOn!.Value, AwardingBody = body!, DocumentNumber = doc, CertificateNumber = cert,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Honours.Add(honour);
        const string duplicate = "该荣誉（同一称号、授予地区和授予日期）已登记。";
        if (!await TrySaveUnique())
        {
            return Outcome<long>.Conflict(duplicate);
        }
        audit.Record(AuditActions.Create, "honour", honour.Id, null, HonourSnapshot(honour),
            $"为 {honoree.Name} 登记荣誉 {TitleCatalogue.DisplayName(title, honour.AwardingRegionCode)}");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(honour.Id);
    }

    public async Task<Outcome<long>> RevokeHonourAsync(long honoreeId, long honourId, RevokeInput input)
    {
        var honoree = await scope.FindHonoreeAsync(honoreeId, HonoreeAccess.Write);
        if (honoree is null)
        {
            return await scope.NotWritableAsync<long>(honoreeId, ReadOnly);
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
        else if (DateBounds.CheckFactDate(input.RevokedOn.Value, Today) is { } revokedProblem)
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

    /// <summary>A record the user can read but not change is forbidden; one they cannot read does not exist for them.</summary>
    /// <summary>Brings the record's mirror columns in line with its latest facts.</summary>
    private void ApplySnapshot(Honoree honoree)
    {
        var snapshot = FactTimeline.AsOf(FactMapping.InRecordingOrder(honoree.Facts), DateOnly.MaxValue);
        honoree.OrgUnitId = snapshot.OrgUnit?.OrgUnitId ?? honoree.OrgUnitId;
        honoree.HukouRegionCode = snapshot.Hukou?.RegionCode ?? honoree.HukouRegionCode;
        honoree.EmploymentStatus = snapshot.Employment is null ? null : FactCodes.Code(snapshot.Employment.Status);
        honoree.DiedOn = snapshot.Death?.EffectiveOn;
    }

    /// <summary>Saves; false when a unique constraint refused it (two cadres registering one person at the same moment).</summary>
    private async Task<bool> TrySaveUnique()
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

    internal static object Snapshot(Honoree h) => new
    {
        h.Name, residentId = h.ResidentIdMasked, phone = h.PhoneMasked, h.OrgUnitId,
        h.HukouRegionCode, h.EmploymentStatus, h.DiedOn, h.Version,
    };

    private static object HonourSnapshot(Honour h) => new
    {
        h.HonoreeId, h.TitleCode, h.AwardingRegionCode, h.AwardedOn, h.AwardingBody, h.DocumentNumber, h.CertificateNumber,
        h.Status, h.RevokedOn, h.RevocationReason,
    };

    private static HonoreeFact NewFact(string kind, DateOnly effectiveOn, DateTimeOffset now, Action<HonoreeFact> fill)
    {
        var fact = new HonoreeFact { Kind = kind, EffectiveOn = effectiveOn, RecordedAt = now };
        fill(fact);
        return fact;
    }

    private static string? CheckName(string? input, FieldErrors errors) =>
        Required(input, "name", "姓名", 50, errors);

    private ResidentId? CheckResidentId(string? input, FieldErrors errors)
    {
        if (TypedText.IsEmpty(input))
        {
            errors.Add("residentId", "身份证号不能为空");
            return null;
        }
        if (ResidentId.TryParse(input, Today, out var id, out var error))
        {
            return id;
        }
        errors.Add("residentId", "身份证号" + error);
        return null;
    }

    private static string? CheckPhone(string? input, FieldErrors errors)
    {
        var phone = input?.Trim();
        if (string.IsNullOrEmpty(phone))
        {
            return null;
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(phone, @"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"))
        {
            errors.Add("phone", "联系电话格式不正确（手机号11位，或区号-座机号）");
            return null;
        }
        return phone;
    }

    private HonoreeFact? CheckEmployment(EmploymentInput? input, DateOnly? birth, FieldErrors errors, bool required, string prefix = "employment.")
    {
        if (input is null)
        {
            if (required)
            {
                errors.Add("employment", "就业状况不能为空");
            }
            return null;
        }
        var status = FactCodes.ParseEmploymentStatus(input.Status);
        if (status is null)
        {
            errors.Add(prefix + "status", "就业状态应为 employed（在职）、retired（退休）或 unemployed（失业）");
        }
        EmployerType? type = null;
        if (!string.IsNullOrWhiteSpace(input.EmployerType))
        {
            type = FactCodes.ParseEmployerType(input.EmployerType);
            if (type is null)
            {
                errors.Add(prefix + "employerType", "单位性质应为 government（机关）、public_institution（事业单位）、enterprise（企业）或 other（其他）");
            }
        }
        var employer = Optional(input.EmployerName, prefix + "employerName", "工作单位", 100, errors);
        if (prefix.Length > 0)
        {
            CheckSince(input.Since, birth, prefix + "since", errors);
        }
        return NewFact("employment", input.Since ?? default, default, f =>
        {
            f.EmploymentStatus = status is null ? null : FactCodes.Code(status.Value);
            f.EmployerName = employer;
            f.EmployerType = type is null ? null : FactCodes.Code(type.Value);
        });
    }

    private HonoreeFact? CheckPension(PensionInput input, DateOnly? birth, FieldErrors errors, string prefix = "pension.")
    {
        var scheme = FactCodes.ParsePensionScheme(input.Scheme);
        if (scheme is null)
        {
            errors.Add(prefix + "scheme", "养老保险类型应为 civil_service、enterprise、resident 或 none");
        }
        if (input.MonthlyAmount is null)
        {
            errors.Add(prefix + "monthlyAmount", "月养老金不能为空（没有请填 0）");
        }
        else
        {
            errors.AddIf(prefix + "monthlyAmount", "月养老金", FactRules.CheckPensionAmount(input.MonthlyAmount.Value));
        }
        if (prefix.Length > 0)
        {
            CheckSince(input.Since, birth, prefix + "since", errors);
        }
        return NewFact("pension", input.Since ?? default, default, f =>
        {
            f.PensionScheme = scheme is null ? null : FactCodes.Code(scheme.Value);
            f.PensionMonthly = input.MonthlyAmount;
        });
    }

    private void CheckSince(DateOnly? since, DateOnly? birth, string field, FieldErrors errors)
    {
        if (since is null)
        {
            errors.Add(field, "起始日期不能为空");
            return;
        }
        errors.AddIf(field, "起始日期：", FactRules.CheckEffectiveOn(since.Value, Today, birth));
    }

    private static string? Required(string? input, string field, string label, int max, FieldErrors errors) =>
        TextFields.Required(input, field, label, max, errors);

    private static string? Optional(string? input, string field, string label, int max, FieldErrors errors) =>
        TextFields.Optional(input, field, label, max, errors);
}
