using Laurel.Web.Security;

namespace Laurel.Web.Hosting;

/// <summary>
/// The route groups by audience (shared/design/architecture.md, Audiences). Each group fixes who may call it and how;
/// a feature maps its endpoints into the group of the audience it serves, never into another's.
/// </summary>
public static class Audiences
{
    public const string StaffApi = "/api/v1";
    public const string PublicApi = "/api/public/v1";
    public const string PartnerApi = "/api/partner/v1";
    public const string PortalApi = "/api/portal/v1";

    private const string PartnerPolicy = "partner";
    private const string PortalPolicy = "portal";

    /// <summary>The policies of the partner and portal groups: only a principal of their own kind passes.</summary>
    public static IServiceCollection AddAudiences(this IServiceCollection services) => services.AddAuthorizationBuilder()
        .AddPolicy(PartnerPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ActorKinds.Claim, ActorKinds.Code(ActorKind.PartnerClient)))
        .AddPolicy(PortalPolicy, p => p.RequireAuthenticatedUser().RequireClaim(ActorKinds.Claim, ActorKinds.Code(ActorKind.Honoree)))
        .Services;

    /// <summary>
    /// Cadres, finance staff, auditors and administrators: a bearer token (ADR 5), then scope and role. The sign-in cookie
    /// serves the staff pages only, so that no cross-site form can call the API with a cadre's cookie.
    /// </summary>
    public static RouteGroupBuilder MapStaffApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(StaffApi)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => ActorKinds.Of(c.User) == ActorKind.Staff))
            .WithUnitOfWork();

    /// <summary>The public: nobody signs in, every address is rate-limited, and answers carry only what a decision published.</summary>
    public static RouteGroupBuilder MapPublicApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(PublicApi).AllowAnonymous().RequireRateLimiting(RateLimits.Public).WithUnitOfWork();

    /// <summary>Partner counters and systems (issue 14 adds their client-credential scheme); no staff or honoree credential opens it.</summary>
    public static RouteGroupBuilder MapPartnerApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(PartnerApi).RequireAuthorization(PartnerPolicy).WithUnitOfWork();

    /// <summary>Honorees in their own portal (劳模之家; the portal issue adds their sign-in); no staff credential opens it.</summary>
    public static RouteGroupBuilder MapPortalApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(PortalApi).RequireAuthorization(PortalPolicy).WithUnitOfWork();
}
