using Laurel.Web.Security;

namespace Laurel.Web.Hosting;

/// <summary>
/// The configuration Laurel cannot start without. A missing or malformed value stops the start with one line that
/// says what to set; nothing has a built-in default, so no secret lives in the repository.
/// The Data Protection key ring is encrypted with a key derived from the same master key (<see cref="KeyRingCipher"/>).
/// </summary>
public sealed record LaurelSettings(string ConnectionString, string OwnerConnectionString, FieldProtector Protector, KeyRingCipher KeyRing)
{
    /// <summary>
    /// Laurel:RequireTwoFactor: every staff user must sign in with a second factor (an authenticator app or a passkey)
    /// and is led to enrol at first sign-in. On unless configuration says false (appsettings.Development.json does,
    /// for the demo accounts of ./laurel run).
    /// </summary>
    public bool RequireTwoFactor { get; init; } = true;

    public static (LaurelSettings? Settings, string? Error) From(IConfiguration config)
    {
        var cs = config.GetConnectionString("Laurel");
        if (string.IsNullOrWhiteSpace(cs))
        {
            return (null, "Laurel 无法启动：缺少数据库连接串，请设置环境变量 ConnectionStrings__Laurel（例如 Host=db;Database=laurel;Username=laurel_app;Password=…）。");
        }
        var key = config["Laurel:EncryptionKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            return (null, "Laurel 无法启动：缺少字段加密主密钥，请设置环境变量 Laurel__EncryptionKey（32 字节随机数的 Base64，可用 openssl rand -base64 32 生成）。");
        }
        var masterKey = FieldProtector.MasterKey(key);
        if (masterKey is null)
        {
            return (null, "Laurel 无法启动：Laurel__EncryptionKey 不是 32 字节随机数的 Base64 编码（可用 openssl rand -base64 32 生成）。");
        }
        var owner = config.GetConnectionString("LaurelOwner");
        return (new LaurelSettings(cs, string.IsNullOrWhiteSpace(owner) ? cs : owner,
            new FieldProtector(masterKey), new KeyRingCipher(masterKey))
        {
            RequireTwoFactor = config.GetValue("Laurel:RequireTwoFactor", true),
        }, null);
    }
}
