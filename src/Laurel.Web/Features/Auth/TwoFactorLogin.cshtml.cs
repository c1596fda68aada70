using Laurel.Web.Security;
using Microsoft.AspNetCore.RateLimiting;
using Laurel.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Auth;

/// <summary>
/// /login/two-factor: the second step after the password, for a user with two-factor sign-in enabled. Only the
/// short-lived cookie of <see cref="TwoFactorSignIn.PendingScheme"/> reaches it; the application cookie is issued here.
/// </summary>
[AllowAnonymous]
// Second-factor attempts are password-like attempts: the same per-address limit.
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class TwoFactorLoginModel(TwoFactorSignIn twoFactor) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }
    public bool HasPasskeys { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await twoFactor.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Auth/Login", new { ReturnUrl });
        }
        HasPasskeys = await twoFactor.HasPasskeysAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await twoFactor.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Auth/Login", new { ReturnUrl });
        }
        return await Outcome(user, await twoFactor.CheckCodeAsync(user, Code));
    }

    /// <summary>WebAuthn request options for the pending user's passkeys (fetched by wwwroot/js/passkeys.js).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await twoFactor.PendingUserAsync();
        return user is null ? Unauthorized() : Content(await twoFactor.PasskeyOptionsAsync(user), "application/json");
    }

    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        var user = await twoFactor.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Auth/Login", new { ReturnUrl });
        }
        return await Outcome(user, await twoFactor.CheckPasskeyAsync(user, CredentialJson));
    }

    private async Task<IActionResult> Outcome(LaurelUser user, SecondFactorCheck check)
    {
        if (check.Succeeded)
        {
            await twoFactor.CompleteAsync(user);
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        Error = check.Message;
        Code = null;
        HasPasskeys = await twoFactor.HasPasskeysAsync(user);
        return Page();
    }
}
