using System.Text.Json;
using Laurel.Web.Data;
using Npgsql;

namespace Laurel.Web.Security;

/// <summary>
/// Writes audit entries in the same unit of work as the change they describe, so an entry exists exactly when the
/// change does. Callers pass snapshots that are already masked: no plain resident ID reaches this table.
/// </summary>
public sealed class AuditLog(LaurelDb db, CurrentUser user, TimeProvider clock, NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds an entry to the pending changes; it is saved by the caller's SaveChanges.</summary>
    public void Record(string action, string entityType, object? entityId, object? before, object? after, string? summary = null,
        long? userId = null, string? userName = null) =>
        db.AuditEntries.Add(Entry(action, entityType, entityId, before, after, summary, userId, userName));

    private AuditEntry Entry(string action, string entityType, object? entityId, object? before, object? after, string? summary,
        long? userId, string? userName) =>
        new()
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = userId ?? user.Id,
            UserName = userName ?? user.UserName,
            IpAddress = user.IpAddress,
            ActorKind = ActorKinds.Code(user.Actor),
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Summary = summary,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };

    /// <summary>
    /// Records a refused attempt (someone granting or resetting something for themselves) on a connection of its own:
    /// the refusal answers 403, which rolls the request's unit of work back, and the entry must stand all the same.
    /// </summary>
    public async Task RecordRefusalAsync(string entityType, object? entityId, string summary, object? after = null)
    {
        var e = Entry(AuditActions.Refused, entityType, entityId, null, after, summary, null, null);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit_entries (occurred_at, user_id, user_name, ip_address, actor_kind, action, entity_type, entity_id, summary, after)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
            """);
        foreach (var value in new object?[] { e.OccurredAt, e.UserId, e.UserName, e.IpAddress, e.ActorKind, e.Action, e.EntityType, e.EntityId, e.Summary, e.After })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        await command.ExecuteNonQueryAsync();
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
    public const string ViewAttachment = "view_attachment";
    public const string Export = "export";
    public const string Logout = "logout";
    public const string TokenRevoked = "token_revoked";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string TwoFactorEnabled = "two_factor_enabled";
    public const string TwoFactorDisabled = "two_factor_disabled";
    public const string TwoFactorFailed = "two_factor_failed";
    public const string RecoveryCodeUsed = "recovery_code_used";
    public const string RecoveryCodesRenewed = "recovery_codes_renewed";
    public const string PasskeyAdded = "passkey_added";
    public const string PasskeyRemoved = "passkey_removed";
    public const string Deactivated = "user_deactivated";
    public const string Reactivated = "user_reactivated";
    public const string TwoFactorReset = "two_factor_reset";
    /// <summary>An attempt refused because it would grant or reset something for the actor themselves.</summary>
    public const string Refused = "refused";

    /// <summary>Every action code above, in the order declared: the audit page's filter is made from it.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!).ToArray();

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
        ViewAttachment => "下载附件",
        Export => "导出",
        Logout => "退出登录",
        TokenRevoked => "注销令牌",
        PasswordChanged => "修改密码",
        PasswordReset => "重置密码",
        TwoFactorEnabled => "启用双因素认证",
        TwoFactorDisabled => "停用双因素认证",
        TwoFactorFailed => "双因素认证失败",
        RecoveryCodeUsed => "使用恢复码",
        RecoveryCodesRenewed => "重新生成恢复码",
        PasskeyAdded => "添加通行密钥",
        PasskeyRemoved => "删除通行密钥",
        Deactivated => "停用账号",
        Reactivated => "启用账号",
        TwoFactorReset => "重置双因素认证",
        Refused => "拒绝操作",
        _ => action,
    };
}
