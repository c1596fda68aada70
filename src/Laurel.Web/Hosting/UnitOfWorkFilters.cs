using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Laurel.Web.Hosting;

/// <summary>
/// Begins the request's <see cref="UnitOfWork"/> for every request that may change data (POST, PUT, PATCH, DELETE), as
/// Contoso University's DbContextTransactionPageFilter does. Reads (GET, HEAD) run without one: their only write is the
/// audit entry of a sensitive read, which stands alone, and a search must not pay for a transaction it does not need.
/// A GET that does change data says so with <see cref="ChangesDataAttribute"/>.
/// </summary>
public static class UnitOfWorkFilters
{
    public static bool Changes(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method);

    /// <summary>The API's success: anything but an answer with an error status.</summary>
    public static bool Succeeded(object? result) => result is not IStatusCodeHttpResult { StatusCode: >= 400 };

    /// <summary>Every endpoint of the group runs in one unit of work (unless it says otherwise).</summary>
    public static TBuilder WithUnitOfWork<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var metadata = http.GetEndpoint()?.Metadata;
            if (!(Changes(http.Request) || metadata?.GetMetadata<ChangesDataAttribute>() is not null)
                || metadata?.GetMetadata<WithoutUnitOfWorkAttribute>() is not null)
            {
                return await next(context);
            }
            var work = http.RequestServices.GetRequiredService<UnitOfWork>();
            return await work.RunAsync(() => next(context).AsTask(), Succeeded, http.RequestAborted);
        });

    /// <summary>Page handlers run in one unit of work; a page that shows form errors or answers an error status rolls back.</summary>
    public sealed class PageFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (!Changes(context.HttpContext.Request) || context.HandlerInstance.GetType().IsDefined(typeof(WithoutUnitOfWorkAttribute), inherit: true))
            {
                await next();
                return;
            }
            var work = context.HttpContext.RequestServices.GetRequiredService<UnitOfWork>();
            await work.RunAsync(() => next(), executed => executed.Exception is null && !Failed(executed), context.HttpContext.RequestAborted);
        }

        private static bool Failed(PageHandlerExecutedContext executed) =>
            executed.HandlerInstance is IFormPage { Errors.Any: true } || executed.Result is IStatusCodeActionResult { StatusCode: >= 400 };
    }
}
