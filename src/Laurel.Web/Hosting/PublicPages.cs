using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;

namespace Laurel.Web.Hosting;

/// <summary>
/// The public audience's pages (ADR 15): every page under <c>Features/Public</c> (addresses <c>/public/…</c>) is
/// anonymous, under the per-address <see cref="RateLimits.Public"/> limit, and marked for search engines not to index
/// (the <c>X-Robots-Tag</c> header here, the robots meta tag in <c>Public/_PublicLayout.cshtml</c>). They use the plain
/// public layout: no staff menu, no user name, and no personal data, only what a decision published. The convention
/// is the folder's, so a page added there cannot forget any of it.
/// </summary>
public static class PublicPages
{
    /// <summary>The folder under the pages' root, and so the addresses' prefix.</summary>
    public const string Folder = "/Public";

    public static bool IsPublicPath(PathString path) => path.StartsWithSegments(Folder, StringComparison.OrdinalIgnoreCase);

    public static PageConventionCollection AddPublicPages(this PageConventionCollection conventions)
    {
        conventions.AllowAnonymousToFolder(Folder);
        conventions.AddFolderApplicationModelConvention(Folder, page =>
        {
            page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Public));
            page.Filters.Add(new NoIndexFilter());
        });
        return conventions;
    }

    /// <summary>Adds <c>X-Robots-Tag: noindex</c> to the page's answer, whichever handler (or none) runs.</summary>
    private sealed class NoIndexFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context) =>
            context.HttpContext.Response.Headers["X-Robots-Tag"] = "noindex";

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
