using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Audit;

/// <summary>
/// The audit log's filter. User matches part of the user name or of the user's display name; From and To are Beijing
/// days, both included (To reaches to the end of that day in Asia/Shanghai).
/// </summary>
public sealed record AuditSearch(string? User, string? EntityType, string? EntityId, string? Action, DateOnly? From, DateOnly? To, int? Page, int? PageSize);

/// <summary>One entry as the auditor reads it; <see cref="Actor"/> is the user's display name with the login in brackets (王建国（jianwai）).</summary>
public sealed record AuditView(long Id, DateTimeOffset OccurredAt, string? UserName, string Actor, string? ActorKind, string ActorName, string? IpAddress, string Action, string ActionName,
    string? EntityType, string EntityTypeName, string? EntityId, string? Summary, string? Before, string? After);

/// <summary>The audit log, readable by auditors only (an auditor's grant anywhere reads the whole log of the deployment).</summary>
public sealed class AuditQueries(LaurelDb db, CurrentUser user, AuditLog audit)
{
    /// <summary>At most this many entries go into one export; a larger selection is refused, to be narrowed.</summary>
    public const int ExportLimit = 100_000;

    public async Task<Page<AuditView>?> SearchAsync(AuditSearch search)
    {
        if (!(await user.GrantsAsync()).IsAuditor)
        {
            return null;
        }
        var (page, size) = Paging.Normalise(search.Page, search.PageSize);
        var q = Filter(search);
        var total = await q.CountAsync();
        var rows = await Newest(q).Skip((page - 1) * size).Take(size).ToListAsync();
        return new Page<AuditView>(await ViewsAsync(rows), total, page, size);
    }

    /// <summary>
    /// Every entry matching the search, newest first, for a file; the export is itself audited (a sensitive read of
    /// the log). Forbidden (null) for anyone but an auditor; <see cref="AuditExport.TooMany"/> over <see cref="ExportLimit"/>.
    /// </summary>
    public async Task<AuditExport?> ExportAsync(AuditSearch search, string format)
    {
        if (!(await user.GrantsAsync()).IsAuditor)
        {
            return null;
        }
        var rows = await Newest(Filter(search)).Take(ExportLimit + 1).ToListAsync();
        if (rows.Count > ExportLimit)
        {
            return AuditExport.TooMany;
        }
        await audit.RecordNowAsync(AuditActions.Export, AuditObjectTypes.AuditEntry, null, $"导出审计日志 {rows.Count} 条（{format}）",
            after: new { search.User, search.EntityType, search.EntityId, search.Action, from = Show.Date(search.From), to = Show.Date(search.To), format, count = rows.Count });
        return new AuditExport(await ViewsAsync(rows));
    }

    private IQueryable<AuditEntry> Filter(AuditSearch search)
    {
        var q = db.AuditEntries.AsNoTracking();
        // PostgreSQL cannot compare text holding a NUL: such a search matches nothing, as no stored value holds one.
        if (new[] { search.User, search.EntityType, search.EntityId, search.Action }.Any(Laurel.Rules.Text.TypedText.HasNul))
        {
            return q.Where(_ => false);
        }
        if (!string.IsNullOrWhiteSpace(search.User))
        {
            var pattern = "%" + LikeEscaped(search.User.Trim()) + "%";
            q = q.Where(a => EF.Functions.ILike(a.UserName!, pattern, "\\")
                || db.Users.Any(u => u.Id == a.UserId && EF.Functions.ILike(u.DisplayName, pattern, "\\")));
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
        // years); taking it as it is would overflow the conversion to an instant. PostgreSQL takes instants in UTC
        // only, so each Beijing day is turned into the UTC instant it starts at.
        if (search.From is { } from && from >= DateBounds.Earliest)
        {
            var start = DateBounds.BeijingDayStart(from);
            q = q.Where(a => a.OccurredAt >= start);
        }
        if (search.To is { } to && to < new DateOnly(9999, 12, 31))
        {
            var end = DateBounds.BeijingDayStart(to.AddDays(1));
            q = q.Where(a => a.OccurredAt < end);
        }
        return q;
    }

    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> q) => q.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);

    private static string LikeEscaped(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    // The display names of the entries' users, read once for the whole page or file.
    private async Task<List<AuditView>> ViewsAsync(List<AuditEntry> rows)
    {
        var ids = rows.Where(a => a.UserId is not null).Select(a => a.UserId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        return rows.Select(a => View(a, a.UserId is { } id && names.TryGetValue(id, out var name) ? name : null)).ToList();
    }

    private static AuditView View(AuditEntry a, string? displayName) => new(a.Id, a.OccurredAt, a.UserName, Actor(a.UserName, displayName), a.ActorKind,
        ActorKinds.ChineseName(a.ActorKind), a.IpAddress, a.Action, AuditActions.ChineseName(a.Action), a.EntityType,
        AuditObjectTypes.ChineseName(a.EntityType), a.EntityId, a.Summary, a.Before, a.After);

    private static string Actor(string? userName, string? displayName) => (userName, displayName) switch
    {
        (null or "", null or "") => "",
        (null or "", _) => displayName,
        (_, null or "") => userName,
        _ when displayName == userName => userName,
        _ => $"{displayName}（{userName}）",
    };
}

/// <summary>The entries of an export, or too many of them (<see cref="AuditQueries.ExportLimit"/>).</summary>
public sealed record AuditExport(IReadOnlyList<AuditView>? Entries)
{
    public static AuditExport TooMany { get; } = new((IReadOnlyList<AuditView>?)null);
}

public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api) =>
        api.MapGet("/audit-entries", async ([AsParameters] AuditSearch search, AuditQueries audit) =>
            await audit.SearchAsync(search) is { } page
                ? Results.Ok(new { page.Items, page.Total, page = page.PageNumber, page.PageSize })
                : Results.Problem(statusCode: 403, title: "没有权限", detail: "只有审计员可以查看审计日志。"));
}
