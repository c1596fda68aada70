using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Shared;

/// <summary>The friendly page for status codes (re-executed as /error?code=404) and unhandled errors.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Detail { get; private set; } = "";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Fill(code);

    public void OnPost(int? code) => Fill(code);

    private void Fill(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Code = code ?? (reExecuted ? Response.StatusCode : 500);
        (Title, Detail) = Code switch
        {
            404 => ("页面或记录不存在", "您要找的页面或记录不存在，或不在您的管理范围内。请检查网址，或从首页重新进入。"),
            403 => ("没有权限", "您没有权限进行此操作。如确需办理，请联系本单位的系统管理员授权。"),
            429 when Hosting.PublicPages.IsPublicPath(HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? "")
                => ("访问过于频繁", "来自您所在地址的访问过多，已暂时限制。请稍等一两分钟后再试。"),
            429 => ("操作过于频繁", "来自您所在地址的尝试次数过多，为保护账号安全已暂时限制。请稍等一两分钟后再试。"),
            400 => ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
            422 => ("提交的内容有误", $"表单中“{HttpContext.Items[Hosting.ApiErrors.NulFieldItem]}”一项含有不允许的控制字符（U+0000），请返回上一页删除后重新提交。"),
            413 => ("提交内容过大", $"提交的内容超过了上限：表单为 1 MB，附件（照片、材料）每个 {Hosting.UploadLimits.AttachmentBytes / 1024 / 1024} MB，银行回单文件为 {Hosting.UploadLimits.BankResultFileBytes / 1024 / 1024} MB。回单过大时请分批导入。"),
            _ => ("系统出错了", "系统暂时无法完成您的操作，请稍后重试。如问题持续出现，请联系系统管理员。"),
        };
    }
}
