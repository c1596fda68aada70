using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Honorees;

/// <summary>
/// The list's filters as a file, csv (the default) or xlsx (<c>?format=xlsx</c>): the same columns and rows, masked
/// IDs, the same scope and the same audit entry (which names the format).
/// </summary>
public sealed class ExportModel(HonoreeQueries queries, TimeProvider clock) : PageModel
{
    private static readonly string[] Columns = ["姓名", "身份证号", "性别", "出生日期", "管理单位", "就业状态", "荣誉", "去世日期"];
    private static readonly double[] Widths = [12, 22, 6, 12, 28, 10, 40, 12];

    [BindProperty(SupportsGet = true)]
    public HonoreeFilter Filter { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "format")]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (SpreadsheetExport.Parse(Format) is not { } format)
        {
            return BadRequest(SpreadsheetExport.FormatError);
        }
        var items = await queries.ExportAsync(Filter.ToSearch(), SpreadsheetExport.Code(format));
        if (items is null)
        {
            return Content($"导出结果超过 {HonoreeQueries.ExportLimit} 条，请按单位、级别或状态缩小范围后分批导出。", "text/plain; charset=utf-8");
        }
        var rows = items.Select(h => (IReadOnlyList<string?>)[h.Name, h.ResidentId, Show.Gender(h.Gender), Show.Date(h.BirthDate), h.OrgUnit.Name,
            Show.Employment(h.EmploymentStatus), string.Join("、", h.Titles), Show.Date(h.DiedOn)]);
        var file = SpreadsheetExport.Write(format, "劳模档案", Columns, Widths, rows, Dates.Today(clock));
        return File(file.Content, file.ContentType, file.FileName);
    }
}
