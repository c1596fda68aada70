using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Audit;

public sealed record AuditSearch(string? User, string? EntityType, string? EntityId, string? Action, DateOnly? From, DateOnly? To, int? Page, int? PageSize);

public sealed record AuditView(long Id, DateTimeOffset OccurredAt, string? UserName, string? ActorKind, string ActorName, string? IpAddress, string Action, string ActionName,
    string? EntityType, string? EntityId, string? Summary, string? Before, string? After);

/// <summary>The audit log, readable by auditors only (an auditor's grant anywhere reads the whole log of the deployment).</summary>
public sealed class AuditQueries(LaurelDb db, CurrentUser user)
{
    public async Task<Page<AuditView>?> SearchAsync(AuditSearch search)
    {
        if (!(await user.GrantsAsync()).IsAuditor)
        {
            return null;
        }
        var q = db.AuditEntries.AsNoTracking();
        // PostgreSQL cannot compare text holding a NUL: such a search matches nothing, as no stored value holds one.
        if (new[] { search.User, search.EntityType, search.EntityId, search.Action }.Any(Laurel.Rules.Text.TypedText.HasNul))
        {
            return new Page<AuditView>([], 0, 1, Paging.Normalise(search.Page, search.PageSize).Size);
        }
        if (!string.IsNullOrWhiteSpace(search.User))
        {
            q = q.Where(a => a.UserName == search.User.Trim());
        }
        if (!string.IsNullOrWhiteSpace(search.EntityType))
        {
            q = q.Where(a => a.EntityType == search.EntityType.Trim());
        }
        if (!string.IsNullOrWhiteSpace(search.EntityId))
        {
            q = q.Where(a => a.EntityId == search.EntityId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(search.Action))
        {
            q = q.Where(a => a.Action == search.Action.Trim());
        }
        // A bound outside the sane range selects nothing away (no entry is older than 1949 or newer than today + 2
        // years); taking it as it is would overflow the conversion to an instant.
        if (search.From is { } from && from >= Laurel.Rules.Calendar.DateBounds.Earliest)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
            q = q.Where(a => a.OccurredAt >= start);
        }
        if (search.To is { } to && to < new DateOnly(9999, 12, 31))
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
            q = q.Where(a => a.OccurredAt < end);
        }
        var total = await q.CountAsync();
        var (page, size) = Paging.Normalise(search.Page, search.PageSize);
        var rows = await q.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync();
        return new Page<AuditView>(rows.Select(a => new AuditView(a.Id, a.OccurredAt, a.UserName, a.ActorKind, ActorKinds.ChineseName(a.ActorKind), a.IpAddress, a.Action,
            AuditActions.ChineseName(a.Action), a.EntityType, a.EntityId, a.Summary, a.Before, a.After)).ToList(), total, page, size);
    }
}

public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api) =>
        api.MapGet("/audit-entries", async ([AsParameters] AuditSearch search, AuditQueries audit) =>
            await audit.SearchAsync(search) is { } page
                ? Results.Ok(new { page.Items, page.Total, page = page.PageNumber, page.PageSize })
                : Results.Problem(statusCode: 403, title: "没有权限", detail: "只有审计员可以查看审计日志。"));
}
