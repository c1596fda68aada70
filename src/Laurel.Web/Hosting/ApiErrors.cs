using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Laurel.Web.Hosting;

/// <summary>
/// Every error under /api answers RFC 9457 problem details with a Chinese title, never the HTML error page: a body too
/// large 413, a wrong content type 415, an unknown route 404, an unhandled exception 500 (logged); a JSON value or a
/// query parameter of the wrong type answers 422 naming the field, like any other invalid field. For the pages, a form
/// over the size limit answers 413 (the Chinese error page), not the antiforgery check's 400.
/// </summary>
public sealed partial class ApiErrors(ILogger<ApiErrors> log) : IExceptionHandler
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        IResult result;
        if (exception is BadHttpRequestException bad)
        {
            result = FromBadRequest(bad);
        }
        else if ((context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path).StartsWith("/api/", StringComparison.Ordinal))
        {
            log.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            result = Results.Problem(statusCode: 500, title: "服务器内部错误",
                detail: $"系统暂时无法完成此请求，请稍后重试；如问题持续出现，请联系系统管理员（编号 {context.TraceIdentifier}）。");
        }
        else
        {
            return false;
        }
        await result.ExecuteAsync(context);
        return true;
    }

    private static IResult FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { Length: > 1 } path } json)
        {
            var field = path.TrimStart('$', '.');
            // A converter's own message (see TypedTextJsonConverter) says what is wrong; the serializer's does not.
            var message = json.Message.StartsWith(TypedTextJsonConverter.MessageMark, StringComparison.Ordinal)
                ? field + json.Message[TypedTextJsonConverter.MessageMark.Length..]
                : $"{field} 的值格式不正确";
            return Invalid(field, message);
        }
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            var field = char.ToLowerInvariant(name[0]) + name[1..];
            return Invalid(field, $"参数 {field} 的值“{bind.Groups["value"].Value}”格式不正确");
        }
        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Results.Problem(statusCode: 413, title: "请求内容过大", detail: "请求内容超过了上限（1 MB；银行回单文件另有上限）。"),
            StatusCodes.Status415UnsupportedMediaType => Results.Problem(statusCode: 415, title: "不支持的内容类型", detail: "请以 Content-Type: application/json 提交 JSON。"),
            _ => Results.Problem(statusCode: bad.StatusCode, title: "请求格式不正确", detail: "请求内容无法解析，请检查 JSON 格式。"),
        };
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, statusCode: 422, title: "提交的数据有误");

    /// <summary>The problem details of a status code an API endpoint set without a body (an unknown route, a challenge).</summary>
    public static Task StatusCodePageAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var (title, detail) = status switch
        {
            401 => ("未登录", "请先获取令牌（POST /api/v1/tokens），并以 Authorization: Bearer 发送。"),
            403 => ("没有权限", "您没有权限进行此操作。"),
            404 => ("资源不存在", "请求的地址不存在，请检查 API 路径。"),
            405 => ("请求方法不被允许", "此地址不支持该请求方法。"),
            413 => ("请求内容过大", "请求内容超过了上限（1 MB）。"),
            415 => ("不支持的内容类型", "请以 Content-Type: application/json 提交 JSON。"),
            _ => ("请求无法处理", "请求无法处理，请检查后重试。"),
        };
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context.HttpContext);
    }

    /// <summary>
    /// A page form larger than its endpoint's limit answers 413 before the antiforgery check reads it (that check would
    /// turn the body-too-large error into a 400). Browsers always send a form's Content-Length.
    /// </summary>
    public static Task RefuseOversizedFormsAsync(HttpContext context, RequestDelegate next, long defaultLimit)
    {
        // Not on the re-execution of the error page for that 413, which carries the same request.
        if (!IsApi(context) && context.Features.Get<IStatusCodeReExecuteFeature>() is null
            && context.Request.HasFormContentType && context.Request.ContentLength is { } length)
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultLimit;
            if (length > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
            if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                return RefuseNulInFormAsync(context, next);
            }
        }
        return next(context);
    }

    /// <summary>The form field that held a NUL, for the error page (see RefuseNulInFormAsync).</summary>
    public const string NulFieldItem = "laurel.nul-field";

    /// <summary>
    /// ASP.NET Core's form reader refuses a NUL anywhere in a form, which the antiforgery check turns into a bare 400. The
    /// form is read here first: a field with a NUL answers 422 with the error page naming the field; any other form goes
    /// on, its body rewound.
    /// </summary>
    private static async Task RefuseNulInFormAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        context.Request.Body.Position = 0;
        if (body.Contains("%00", StringComparison.Ordinal))
        {
            foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
            {
                if (values.Any(Laurel.Rules.Text.TypedText.HasNul))
                {
                    context.Items[NulFieldItem] = Laurel.Rules.Text.TypedText.Escape(key);
                    context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    return;
                }
            }
        }
        await next(context);
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]*) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();
}

public static class ApiErrorsPipeline
{
    /// <summary>Status codes without a body: problem details under /api, the Chinese error page elsewhere.</summary>
    public static void UseLaurelStatusCodePages(this WebApplication app)
    {
        app.UseWhen(ApiErrors.IsApi, api => api.UseStatusCodePages(ApiErrors.StatusCodePageAsync));
        app.UseWhen(c => !ApiErrors.IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
    }

    /// <summary>After routing (it reads the endpoint's own size limit): see ApiErrors.RefuseOversizedFormsAsync.</summary>
    public static void UseOversizedFormRefusal(this WebApplication app, long defaultLimit) =>
        app.Use((context, next) => ApiErrors.RefuseOversizedFormsAsync(context, next, defaultLimit));
}
