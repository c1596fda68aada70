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

    /// <summary>The events that record a new fact, one per fact kind (names and codes from <see cref="FactCodes"/>).</summary>
    public static IReadOnlyList<SelectListItem> EventTypes { get; } =
        Enum.GetValues<FactKind>().Select(k => new SelectListItem(FactCodes.EventName(k), FactCodes.EventCode(k))).ToList();
}
