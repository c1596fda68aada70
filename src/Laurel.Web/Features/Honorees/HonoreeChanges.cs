using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Rules.Text;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Honorees;

/// <summary>
/// What the changes to an honoree record share (CreateHonoree, UpdateHonoree, RecordFact, WithdrawFact, AddHonour):
/// the checks of their fields, the snapshots their audit entries record, and the save that turns a unique constraint
/// into a refusal. Each change and its audit entry are one unit of work.
/// </summary>
public static class HonoreeChanges
{
    public static IServiceCollection AddHonoreeChanges(this IServiceCollection services) => services
        .AddScoped<CreateHonoree>().AddScoped<UpdateHonoree>().AddScoped<RecordFact>().AddScoped<AddHonour>().AddScoped<WithdrawFact>();

    internal const string ReadOnly = "您对该档案只有查看权限，不能修改。";

    public const string DuplicateMessage = "该身份证号已在本系统登记（可能在其他单位），同一人只能登记一份档案。";

    internal static void ApplySnapshot(Honoree honoree) => RegistryRecords.ApplySnapshot(honoree);

    internal static Task<bool> TrySaveUniqueAsync(LaurelDb db, UnitOfWork work) => RegistryRecords.TrySaveUniqueAsync(db, work);

    internal static object Snapshot(Honoree h) => RegistryRecords.Snapshot(h);

    internal static HonoreeFact NewFact(string kind, DateOnly effectiveOn, DateTimeOffset now, Action<HonoreeFact> fill) =>
        RegistryRecords.NewFact(kind, effectiveOn, now, fill);

    internal static string? CheckName(string? input, FieldErrors errors) =>
        Required(input, "name", "姓名", 50, errors);

    internal static ResidentId? CheckResidentId(string? input, DateOnly today, FieldErrors errors) =>
        TextFields.ResidentIdNumber(input, today, errors);

    internal static string? CheckPhone(string? input, FieldErrors errors)
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

    internal static HonoreeFact? CheckEmployment(EmploymentInput? input, DateOnly? birth, DateOnly today, FieldErrors errors, bool required, string prefix = "employment.")
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
            errors.Add(prefix + "status", string.IsNullOrWhiteSpace(input.Status) ? "请选择就业状态" : $"就业状态应为{FactCodes.EmploymentStatusChoices}");
        }
        EmployerType? type = null;
        if (!string.IsNullOrWhiteSpace(input.EmployerType))
        {
            type = FactCodes.ParseEmployerType(input.EmployerType);
            if (type is null)
            {
                errors.Add(prefix + "employerType", $"单位性质应为{FactCodes.EmployerTypeChoices}");
            }
        }
        var employer = Optional(input.EmployerName, prefix + "employerName", "工作单位", 100, errors);
        if (prefix.Length > 0)
        {
            CheckSince(input.Since, birth, today, prefix + "since", errors);
        }
        return NewFact("employment", input.Since ?? default, default, f =>
        {
            f.EmploymentStatus = status is null ? null : FactCodes.Code(status.Value);
            f.EmployerName = employer;
            f.EmployerType = type is null ? null : FactCodes.Code(type.Value);
        });
    }

    internal static HonoreeFact? CheckPension(PensionInput input, DateOnly? birth, DateOnly today, FieldErrors errors, string prefix = "pension.")
    {
        var scheme = FactCodes.ParsePensionScheme(input.Scheme);
        if (scheme is null)
        {
            errors.Add(prefix + "scheme", string.IsNullOrWhiteSpace(input.Scheme) ? "请选择养老保险类型" : $"养老保险类型应为{FactCodes.PensionSchemeChoices}");
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
            CheckSince(input.Since, birth, today, prefix + "since", errors);
        }
        return NewFact("pension", input.Since ?? default, default, f =>
        {
            f.PensionScheme = scheme is null ? null : FactCodes.Code(scheme.Value);
            f.PensionMonthly = input.MonthlyAmount;
        });
    }

    private static void CheckSince(DateOnly? since, DateOnly? birth, DateOnly today, string field, FieldErrors errors)
    {
        if (since is null)
        {
            errors.Add(field, "起始日期不能为空");
            return;
        }
        errors.AddIf(field, "起始日期：", FactRules.CheckEffectiveOn(since.Value, today, birth));
    }

    internal static string? Required(string? input, string field, string label, int max, FieldErrors errors) =>
        TextFields.Required(input, field, label, max, errors);

    internal static string? Optional(string? input, string field, string label, int max, FieldErrors errors) =>
        TextFields.Optional(input, field, label, max, errors);
}
