using System.Linq.Expressions;
using System.Security.Claims;
using Laurel.Rules.Access;
using Laurel.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Security;

/// <summary>A signed-in user with their grants, as one query loads them.</summary>
public sealed record SignedInUser(long Id, string UserName, List<Grant> Grants, bool MustChangePassword)
{
    /// <summary>The one definition of a user's grants, used by the cookie path and the token handler alike.</summary>
    public static readonly Expression<Func<LaurelUser, SignedInUser>> FromUser = u =>
        new SignedInUser(u.Id, u.UserName!, u.Grants.Select(g => new Grant(g.Role, g.OrgUnitId, g.OrgUnit!.Path)).ToList(), u.MustChangePassword);
}

/// <summary>Who is on the other end of a request; every request has one, and every audit entry records it.</summary>
public enum ActorKind { Anonymous, Staff, Honoree, PartnerClient }

public static class ActorKinds
{
    /// <summary>
    /// The claim by which an authentication scheme says which kind of actor it signed in. The staff schemes (cookie and
    /// token) need not set it; the portal's and the partners' schemes must, and the portal and partner route groups
    /// admit only principals that carry their kind, so that no staff credential opens them and no honoree's opens staff routes.
    /// </summary>
    public const string Claim = "laurel:actor";

    public static string Code(ActorKind kind) => kind switch
    {
        ActorKind.Staff => "staff",
        ActorKind.Honoree => "honoree",
        ActorKind.PartnerClient => "partner_client",
        _ => "anonymous",
    };

    public static ActorKind Of(ClaimsPrincipal? principal) => principal?.Identity?.IsAuthenticated != true
        ? ActorKind.Anonymous
        : principal.FindFirstValue(Claim) switch
        {
            "honoree" => ActorKind.Honoree,
            "partner_client" => ActorKind.PartnerClient,
            _ => ActorKind.Staff,
        };

    public static string ChineseName(string? code) => code switch
    {
        "staff" => "工作人员",
        "honoree" => "劳模本人",
        "partner_client" => "合作单位",
        "anonymous" => "未登录访问者",
        _ => "",
    };
}

/// <summary>The signed-in user of this request, with their grants loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, LaurelDb db)
{
    private AccessGrants? _grants;

    /// <summary>The staff user's id; null for every other kind of actor (an honoree's or partner's id is never a user id).</summary>
    public long? Id => Actor == ActorKind.Staff && long.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => Principal?.Identity?.Name;
    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
    private ClaimsPrincipal? Principal => http.HttpContext?.User;

    /// <summary>The kind of actor: staff for the cookie and token schemes, anonymous when nobody signed in.</summary>
    public ActorKind Actor => ActorKinds.Of(Principal);

    /// <summary>Set after a sysadmin's password reset: until a new password is set, only the password change is open.</summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>Takes grants that authentication already loaded (the session and token look-ups read them in the same query).</summary>
    public void Use(SignedInUser user)
    {
        _grants = new AccessGrants(user.Grants);
        MustChangePassword = user.MustChangePassword;
    }

    public async Task<AccessGrants> GrantsAsync()
    {
        if (_grants is not null)
        {
            return _grants;
        }
        var id = Id;
        var user = id is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == id && u.IsActive).Select(SignedInUser.FromUser).FirstOrDefaultAsync();
        _grants = new AccessGrants(user?.Grants ?? []);
        return _grants;
    }
}
