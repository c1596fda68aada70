using System.Globalization;
using System.Text;
using Laurel.Web.Data;
using Laurel.Web.Hosting;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Laurel.Web.Features.Account;

public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// /account/two-factor: enrolment and self-service of the second factor (ADR 12). An authenticator app (TOTP, the key
/// shown as text and as a QR code, confirmed with a code) or a passkey; recovery codes are shown once when two-factor
/// sign-in is switched on and when renewed. Disabling is possible only while Laurel:RequireTwoFactor is off.
/// </summary>
public sealed class TwoFactorModel(
    UserManager<LaurelUser> users, SignInManager<LaurelUser> signIn, AuditLog audit, LaurelSettings settings) : PageModel
{
    public const string Issuer = "劳模工匠服务管理平台";

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? CredentialJson { get; set; }
    [BindProperty] public string? PasskeyName { get; set; }
    [BindProperty] public string? PasskeyId { get; set; }

    public bool Required => settings.RequireTwoFactor;
    public bool Enabled { get; private set; }
    public bool AuthenticatorReady { get; private set; }
    public string? SharedKey { get; private set; }
    public string? AuthenticatorUri { get; private set; }
    public string? QrSvg { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public IReadOnlyList<PasskeyRow> Passkeys { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await Show(await Me());

    /// <summary>Confirms the authenticator app with a code computed from the key shown.</summary>
    public async Task<IActionResult> OnPostAuthenticatorAsync()
    {
        var user = await Me();
        var digits = new string((Code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, digits))
        {
            await audit.RecordNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, $"绑定身份验证器时验证码错误：{user.UserName}");
            return await Show(user, error: "验证码不正确。请确认手机时间准确，并输入应用当前显示的 6 位数字。", field: "code");
        }
        await users.SetAuthenticationTokenAsync(user, TwoFactorTokens.LaurelProvider, TwoFactorTokens.AuthenticatorConfirmed, "true");
        await audit.RecordNowAsync(AuditActions.TwoFactorEnabled, "user", user.Id, $"绑定身份验证器应用：{user.UserName}");
        return await Show(user, message: "身份验证器应用已绑定。", codes: await SwitchOnAsync(user));
    }

    /// <summary>WebAuthn creation options for a new passkey of the signed-in user (fetched by wwwroot/js/passkeys.js).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await Me();
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(CultureInfo.InvariantCulture),
            Name = user.UserName!,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName,
        });
        return Content(options, "application/json");
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync()
    {
        var user = await Me();
        var name = (PasskeyName ?? "").Trim();
        if (name.Length > 50 || name.Any(char.IsControl))
        {
            return await Show(user, error: "通行密钥名称最多 50 个字，且不能含控制字符。", field: "passkeyName");
        }
        if (string.IsNullOrWhiteSpace(CredentialJson))
        {
            return await Show(user, error: "没有收到通行密钥。请使用支持通行密钥的浏览器，并在弹出的提示中确认。", field: "passkey");
        }
        PasskeyAttestationResult result;
        try
        {
            result = await signIn.PerformPasskeyAttestationAsync(CredentialJson);
        }
        catch (InvalidOperationException)
        {
            result = PasskeyAttestationResult.Fail(new PasskeyException("no attestation under way"));
        }
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString(CultureInfo.InvariantCulture))
        {
            await audit.RecordNowAsync(AuditActions.TwoFactorFailed, "user", user.Id, $"添加通行密钥未通过验证：{user.UserName}");
            return await Show(user, error: "通行密钥未能添加，请重试。", field: "passkey");
        }
        result.Passkey.Name = name.Length > 0 ? name : "通行密钥";
        var added = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!added.Succeeded)
        {
            return await Show(user, error: "通行密钥未能保存（可能已添加过），请重试。", field: "passkey");
        }
        await audit.RecordNowAsync(AuditActions.PasskeyAdded, "user", user.Id, $"添加通行密钥“{result.Passkey.Name}”：{user.UserName}");
        return await Show(user, message: "通行密钥已添加。", codes: await SwitchOnAsync(user));
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync()
    {
        var user = await Me();
        var passkeys = await users.GetPasskeysAsync(user);
        var passkey = passkeys.FirstOrDefault(p => Base64Url(p.CredentialId) == PasskeyId);
        if (passkey is null)
        {
            return await Show(user, error: "找不到该通行密钥。", field: "passkey");
        }
        var lastFactor = passkeys.Count == 1 && !await users.IsAuthenticatorConfirmedAsync(user);
        if (lastFactor && Required)
        {
            return await Show(user, error: "系统要求双因素认证：请先绑定身份验证器应用或添加另一个通行密钥，再删除这一个。", field: "passkey");
        }
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await audit.RecordNowAsync(AuditActions.PasskeyRemoved, "user", user.Id, $"删除通行密钥“{passkey.Name}”：{user.UserName}");
        if (lastFactor)
        {
            await SwitchOffAsync(user, "删除了最后一种第二因素");
        }
        await signIn.RefreshSignInAsync(user);
        return await Show(user, message: lastFactor ? "通行密钥已删除，双因素认证已停用。" : "通行密钥已删除。");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await Me();
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return await Show(user, error: "请先启用双因素认证。", field: "recoveryCodes");
        }
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await audit.RecordNowAsync(AuditActions.RecoveryCodesRenewed, "user", user.Id, $"重新生成恢复码，旧恢复码作废：{user.UserName}");
        return await Show(user, message: "已生成新的恢复码，旧恢复码全部作废。", codes: codes);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await Me();
        if (Required)
        {
            return await Show(user, error: "系统要求所有工作人员使用双因素认证，不能停用。", field: "disable");
        }
        foreach (var passkey in await users.GetPasskeysAsync(user))
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
        }
        await users.RemoveAuthenticationTokenAsync(user, TwoFactorTokens.LaurelProvider, TwoFactorTokens.AuthenticatorConfirmed);
        await users.RemoveAuthenticationTokenAsync(user, TwoFactorTokens.StoreProvider, TwoFactorTokens.AuthenticatorKey);
        await SwitchOffAsync(user, "本人停用");
        await signIn.RefreshSignInAsync(user);
        return await Show(user, message: "双因素认证已停用，身份验证器、通行密钥和恢复码均已作废。");
    }

    /// <summary>Turns two-factor sign-in on at the first factor enrolled; returns the recovery codes to show once.</summary>
    private async Task<IReadOnlyList<string>?> SwitchOnAsync(LaurelUser user)
    {
        IReadOnlyList<string>? codes = null;
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
            await audit.RecordNowAsync(AuditActions.TwoFactorEnabled, "user", user.Id, $"启用双因素认证并生成恢复码：{user.UserName}");
        }
        // Enabling changes the security stamp: the browser's own cookie is reissued so that it stays valid.
        await signIn.RefreshSignInAsync(user);
        return codes;
    }

    private async Task SwitchOffAsync(LaurelUser user, string why)
    {
        await users.RemoveAuthenticationTokenAsync(user, TwoFactorTokens.StoreProvider, TwoFactorTokens.RecoveryCodes);
        await users.SetTwoFactorEnabledAsync(user, false);
        await audit.RecordNowAsync(AuditActions.TwoFactorDisabled, "user", user.Id, $"停用双因素认证（{why}）：{user.UserName}");
    }

    private async Task<LaurelUser> Me() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");

    private async Task<IActionResult> Show(LaurelUser user, string? message = null, string? error = null, string? field = null,
        IReadOnlyList<string>? codes = null)
    {
        Message = message;
        Error = error;
        ErrorField = field;
        NewRecoveryCodes = codes;
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        AuthenticatorReady = await users.IsAuthenticatorConfirmedAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        Passkeys = (await users.GetPasskeysAsync(user))
            .Select(p => new PasskeyRow(Base64Url(p.CredentialId), p.Name ?? "通行密钥", p.CreatedAt)).ToList();
        if (!AuthenticatorReady)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                await signIn.RefreshSignInAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }
            SharedKey = Grouped(key!);
            AuthenticatorUri = OtpAuthUri(user.UserName!, key!);
            using var qr = QRCodeGenerator.GenerateQrCode(AuthenticatorUri, QRCodeGenerator.ECCLevel.M);
            QrSvg = new SvgQRCode(qr).GetGraphic(6);
        }
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        Code = null;
        CredentialJson = null;
        return Page();
    }

    public static string OtpAuthUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    private static string Grouped(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
