using Laurel.Rules.Calendar;
using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using static Laurel.Web.Features.Honorees.HonoreeChanges;

namespace Laurel.Web.Features.Honorees;

/// <summary>Records an honour (a title awarded) of an honoree.</summary>
public sealed class AddHonour(LaurelDb db, UnitOfWork work, Scope scope, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> AddHonourAsync(long honoreeId, HonourInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honoreeId, ReadOnly);
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        var title = TitleCatalogue.Find(input.TitleCode);
        var region = string.IsNullOrWhiteSpace(input.AwardingRegionCode) ? null : input.AwardingRegionCode.Trim();
        if (title is null)
        {
            errors.Add("titleCode", string.IsNullOrWhiteSpace(input.TitleCode) ? "请选择称号" : "荣誉称号不存在，请从称号目录中选择");
        }
        else
        {
            errors.AddIf("awardingRegionCode", "", TitleCatalogue.CheckAwardingRegion(title, region) is "地区码无效"
                ? "授予地区无效：请输入地名从列表中选择，或填写6位行政区划代码" : TitleCatalogue.CheckAwardingRegion(title, region));
        }
        if (input.AwardedOn is null)
        {
            errors.Add("awardedOn", "授予日期不能为空");
        }
        else if (DateBounds.CheckFactDate(input.AwardedOn.Value, Dates.Today(clock)) is { } awardedProblem)
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
        if (!await RegistryRecords.AddHonourAsync(db, work, audit, honour, honoree.Name))
        {
            return Outcome<long>.Conflict("该荣誉（同一称号、授予地区和授予日期）已登记。");
        }
        return Outcome<long>.Ok(honour.Id);
    }
}
