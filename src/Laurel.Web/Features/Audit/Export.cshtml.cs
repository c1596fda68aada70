using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Audit;

/// <summary>
/// The audit log's filtered entries as a file, xlsx (<c>?format=xlsx</c>) or csv, in Chinese: names of actions and
/// object types, details as labelled text. Auditors only; each export is audited.
/// </summary>
public sealed class ExportModel(AuditQueries queries, TimeProvider clock) : PageModel
{
    private static readonly string[] Columns =
        ["时间（北京时间）", "操作者", "操作者类别", "IP 地址", "操作", "对象类型", "对象编号", "摘要", "变更前", "变更后"];
    private static readonly double[] Widths = [20, 16, 12, 16, 18, 16, 16, 40, 50, 50];

    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "format")]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            return BadRequest("日期格式不正确，请按 2024-05-01 的格式填写。");
        }
        if (SpreadsheetExport.Parse(Format) is not { } format)
        {
            return BadRequest(SpreadsheetExport.FormatError);
        }
        var export = await queries.ExportAsync(Filter.ToSearch(), SpreadsheetExport.Code(format));
        if (export is null)
        {
            return Forbid();
        }
        if (export.Entries is not { } entries)
        {
            return Content($"导出结果超过 {AuditQueries.ExportLimit} 条，请按日期、用户或操作缩小范围后分批导出。", "text/plain; charset=utf-8");
        }
        var rows = entries.Select(a => (IReadOnlyList<string?>)[Show.Time(a.OccurredAt), a.Actor, a.ActorName, a.IpAddress, a.ActionName,
            a.EntityTypeName, a.EntityId, a.Summary, AuditDetails.Text(a.Before), AuditDetails.Text(a.After)]);
        var file = SpreadsheetExport.Write(format, "审计日志", Columns, Widths, rows, Dates.Today(clock));
        return File(file.Content, file.ContentType, file.FileName);
    }
}
