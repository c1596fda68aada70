using System.Text;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Honorees;

/// <summary>The list's filters as a CSV file (UTF-8 with BOM so that Excel reads the Chinese).</summary>
public sealed class ExportModel(HonoreeQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public HonoreeFilter Filter { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var items = await queries.ExportAsync(Filter.ToSearch());
        if (items is null)
        {
            return Content($"导出结果超过 {HonoreeQueries.ExportLimit} 条，请按单位、级别或状态缩小范围后分批导出。", "text/plain; charset=utf-8");
        }
        var csv = new StringBuilder();
        Csv.Row(csv, ["姓名", "身份证号", "性别", "出生日期", "管理单位", "就业状态", "荣誉", "去世日期"]);
        foreach (var h in items)
        {
            Csv.Row(csv, [h.Name, h.ResidentId, Show.Gender(h.Gender), Show.Date(h.BirthDate), h.OrgUnit.Name,
                Show.Employment(h.EmploymentStatus), string.Join("、", h.Titles), Show.Date(h.DiedOn)]);
        }
        var bytes = Csv.Utf8WithBom(csv);
        var name = $"劳模档案-{Dates.Today(clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}.csv";
        return File(bytes, "text/csv; charset=utf-8", name);
    }
}
