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

/// <summary>The signed-in user of this request, with their grants loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, LaurelDb db)
{
    private AccessGrants? _grants;

    public long? Id => long.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => Principal?.Identity?.Name;
    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
    private ClaimsPrincipal? Principal => http.HttpContext?.User;

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
