using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Laurel.Web.Features.Auth;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(SignInChecks checks, SignInManager<LaurelUser> signIn, TwoFactorSignIn twoFactor) : PageModel
{
    public sealed class LoginInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var check = await checks.CheckAsync(Input.UserName, Input.Password);
        if (check.User is null)
        {
            Error = check.Message;
            Input.Password = null;
            return Page();
        }
        if (await twoFactor.IsEnabledAsync(check.User))
        {
            await twoFactor.BeginAsync(check.User);
            return RedirectToPage("/Auth/TwoFactorLogin", new { ReturnUrl });
        }
        await signIn.SignInAsync(check.User, isPersistent: false);
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
