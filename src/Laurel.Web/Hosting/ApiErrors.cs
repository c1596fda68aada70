using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Laurel.Web.Hosting;

/// <summary>
/// Turns request-reading failures into problem details: a body too large answers 413, a JSON value of the wrong
/// type answers 422 naming the field, like any other invalid field.
/// </summary>
public sealed class ApiErrors : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        IResult result;
        if (bad.InnerException is JsonException { Path: { Length: > 1 } path })
        {
            var field = path.TrimStart('$', '.');
            result = Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{field} 的值格式不正确"] },
                statusCode: 422, title: "提交的数据有误");
        }
        else if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            result = Results.Problem(statusCode: 413, title: "请求内容过大", detail: "请求内容不能超过 1 MB。");
        }
        else
        {
            result = Results.Problem(statusCode: bad.StatusCode, title: "请求格式不正确", detail: "请求内容无法解析，请检查 JSON 格式。");
        }
        await result.ExecuteAsync(context);
        return true;
    }
}
