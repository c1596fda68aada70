using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.OutputCaching;

namespace Laurel.Web.Hosting;

/// <summary>
/// The public notice page from memory (ADR 27): a published notice never changes (its content and window are fixed by a
/// trigger), and what the page shows of its status depends only on Beijing today. So the rendered page is kept per notice
/// and Beijing day for a minute, and a withdrawal evicts every kept notice at once. Only anonymous GETs answered 200 are
/// kept (the output cache's default), and the per-address rate limit runs before the cache.
/// </summary>
public static class PublicNoticeCache
{
    public const string Policy = "public-notice";
    public const string Tag = "public-notices";

    /// <summary>How long a kept page is served: the bound on a withdrawal that races with a read of the page.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPublicNoticeCache(this IServiceCollection services) => services.AddOutputCache(o =>
        o.AddPolicy(Policy, b => b.Expire(Lifetime).SetVaryByRouteValue("id").Tag(Tag)
            .VaryByValue(context => new KeyValuePair<string, string>("day",
                Dates.Today(context.RequestServices.GetRequiredService<TimeProvider>()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>Drops every kept notice page: after a withdrawal the public page comes down at once.</summary>
    public static Task EvictAsync(IOutputCacheStore store, CancellationToken ct = default) => store.EvictByTagAsync(Tag, ct).AsTask();
}
