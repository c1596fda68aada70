using System.Text.Json;
using Laurel.Web.Data;

namespace Laurel.Web.Security;

/// <summary>
/// Writes audit entries in the same unit of work as the change they describe, so an entry exists exactly when the
/// change does. Callers pass snapshots that are already masked: no plain resident ID reaches this table.
/// </summary>
public sealed class AuditLog(LaurelDb db, CurrentUser user, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds an entry to the pending changes; it is saved by the caller's SaveChanges.</summary>
    public void Record(string action, string entityType, object? entityId, object? before, object? after, string? summary = null,
        long? userId = null, string? userName = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = userId ?? user.Id,
            UserName = userName ?? user.UserName,
            IpAddress = user.IpAddress,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Summary = summary,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
    }

    /// <summary>Records and saves at once: for events that change nothing else (logins, sensitive reads, exports).</summary>
    public async Task RecordNowAsync(string action, string entityType, object? entityId, string? summary = null,
        long? userId = null, string? userName = null, object? after = null)
    {
        Record(action, entityType, entityId, null, after, summary, userId, userName);
        await db.SaveChangesAsync();
    }
}

/// <summary>Action codes of audit entries.</summary>
public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string LoginSucceeded = "login_succeeded";
    public const string LoginFailed = "login_failed";
    public const string ViewFullId = "view_full_id";
    public const string ViewFullAccount = "view_full_account";
    public const string ViewFullPhone = "view_full_phone";
    public const string Export = "export";

    public static string ChineseName(string action) => action switch
    {
        Create => "新增",
        Update => "修改",
        Delete => "删除",
        LoginSucceeded => "登录成功",
        LoginFailed => "登录失败",
        ViewFullId => "查看完整身份证号",
        ViewFullAccount => "查看完整银行账号",
        ViewFullPhone => "查看完整联系电话",
        Export => "导出",
        _ => action,
    };
}
