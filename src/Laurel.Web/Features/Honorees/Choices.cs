using Laurel.Rules.Registry;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Honorees;

/// <summary>The code lists of the honoree forms, in Chinese.</summary>
public static class Choices
{
    public static IReadOnlyList<SelectListItem> EmploymentStatuses { get; } =
        Enum.GetValues<EmploymentStatus>().Select(s => new SelectListItem(FactCodes.ChineseName(s), FactCodes.Code(s))).ToList();

    public static IReadOnlyList<SelectListItem> EmployerTypes { get; } =
        Enum.GetValues<EmployerType>().Select(t => new SelectListItem(FactCodes.ChineseName(t), FactCodes.Code(t))).ToList();

    public static IReadOnlyList<SelectListItem> PensionSchemes { get; } =
        Enum.GetValues<PensionScheme>().Select(p => new SelectListItem(FactCodes.ChineseName(p), FactCodes.Code(p))).ToList();

    public static IReadOnlyList<SelectListItem> EventTypes { get; } =
    [
        new("就业变动", "employment_changed"),
        new("养老保险变动", "pension_changed"),
        new("户籍迁移", "hukou_changed"),
        new("管理单位变更", "org_unit_changed"),
        new("去世", "died"),
    ];
}
