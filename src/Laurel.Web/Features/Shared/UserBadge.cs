using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Shared;

/// <summary>The signed-in user's name and unit in the page header: the pages' one query of their own.</summary>
public sealed class UserBadgeViewComponent(CurrentUser me, LaurelDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var id = me.Id;
        var row = id is null
            ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Join(db.OrgUnits, u => u.OrgUnitId, o => o.Id, (u, o) => new { u.DisplayName, u.UserName, Unit = o.Name })
                .FirstOrDefaultAsync();
        var html = new HtmlContentBuilder();
        if (row is not null)
        {
            // Append encodes: names are user-typed data.
            html.AppendHtml("<span class=\"user-badge\" data-testid=\"user-badge\"><span class=\"user-name\">")
                .Append(string.IsNullOrEmpty(row.DisplayName) ? row.UserName ?? "" : row.DisplayName)
                .AppendHtml("</span><span class=\"user-unit\">")
                .Append(row.Unit)
                .AppendHtml("</span></span>");
        }
        return new HtmlContentViewComponentResult(html);
    }
}
