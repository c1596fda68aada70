using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Laurel.Web.Security;

/// <summary>One per-address limit: at most <see cref="PermitLimit"/> requests in a sliding window of <see cref="WindowSeconds"/>.</summary>
public sealed class PerAddressLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
}

/// <summary>
/// Per-address rate limits with ASP.NET Core's rate limiter, each a named policy configured under
/// <c>Laurel:RateLimits:{policy}</c> (<c>PermitLimit</c>, <c>WindowSeconds</c>). An endpoint opts in with
/// <c>RequireRateLimiting(RateLimits.SignIn)</c>, a page model with <c>[EnableRateLimiting(RateLimits.SignIn)]</c>.
/// A refused request answers 429: problem details under /api, the Chinese error page elsewhere.
/// </summary>
public static class RateLimits
{
    /// <summary>Password attempts: the login page's POST, the token endpoint and the password change.</summary>
    public const string SignIn = "SignIn";

    /// <summary>Every request to the public routes (notices, honour roll, certificate checks), reads included.</summary>
    public const string Public = "Public";

    /// <summary>Objections posted to a public notice (issue 12 §4): a few per address; reading the form stays under <see cref="Public"/>'s limit.</summary>
    public const string Objections = "Objections";

    /// <summary>The built-in defaults, by policy; configuration overrides each value.</summary>
    private static readonly Dictionary<string, (PerAddressLimit Limit, Func<HttpContext, bool> Applies)> Policies = new()
    {
        // Only submissions count: fetching the login form is free.
        [SignIn] = (new PerAddressLimit { PermitLimit = 10, WindowSeconds = 60 }, c => !HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method)),
        [Public] = (new PerAddressLimit { PermitLimit = 120, WindowSeconds = 60 }, _ => true),
        [Objections] = (new PerAddressLimit { PermitLimit = 5, WindowSeconds = 600 }, c => !HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method)),
    };

    public static IServiceCollection AddLaurelRateLimits(this IServiceCollection services)
    {
        foreach (var (name, (defaults, _)) in Policies)
        {
            services.AddOptions<PerAddressLimit>(name)
                .Configure(o => (o.PermitLimit, o.WindowSeconds) = (defaults.PermitLimit, defaults.WindowSeconds))
                .BindConfiguration($"Laurel:RateLimits:{name}");
        }
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            foreach (var (name, (_, applies)) in Policies)
            {
                o.AddPolicy(name, context => PerAddress(context, name, applies));
            }
        });
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string name, Func<HttpContext, bool> applies)
    {
        if (!applies(context))
        {
            // The objection form's page is read under the public limit; only its submissions count against Objections.
            return name == Objections ? PerAddress(context, Public, Policies[Public].Applies) : RateLimitPartition.GetNoLimiter("none");
        }
        var limit = context.RequestServices.GetRequiredService<IOptionsMonitor<PerAddressLimit>>().Get(name);
        // Keyed by the limit too: the objection form's reads and its submissions are counted apart under one endpoint policy.
        var address = name + ":ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : (TimeSpan?)null;
        if (wait is { } w)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(w.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "请求过于频繁",
                detail: wait is { } seconds
                    ? $"来自您所在地址的请求过多，请 {Math.Ceiling(seconds.TotalSeconds)} 秒后再试。"
                    : "来自您所在地址的请求过多，请稍后再试。").ExecuteAsync(context);
        }
        // Pages: the status-code page re-executes /error?code=429, which explains it in Chinese.
    }
}
