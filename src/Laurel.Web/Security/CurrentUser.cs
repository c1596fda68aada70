using System.Security.Claims;
using Laurel.Rules.Access;
using Laurel.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Security;

/// <summary>The signed-in user of this request, with their grants loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, LaurelDb db)
{
    private AccessGrants? _grants;

    public long? Id => long.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => Principal?.Identity?.Name;
    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
    private ClaimsPrincipal? Principal => http.HttpContext?.User;

    public async Task<AccessGrants> GrantsAsync()
    {
        if (_grants is not null)
        {
            return _grants;
        }
        var id = Id;
        var list = id is null
            ? []
            : await (from g in db.RoleGrants
                     join u in db.OrgUnits on g.OrgUnitId equals u.Id
                     join usr in db.Users on g.UserId equals usr.Id
                     where g.UserId == id && usr.IsActive
                     select new Grant(g.Role, g.OrgUnitId, u.Path)).ToListAsync();
        _grants = new AccessGrants(list);
        return _grants;
    }
}
