using Laurel.Web.Data;
using Laurel.Web.Security;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Laurel.Web.Features.Account;

/// <summary>The signed-in user's own password change (/account/password); after a sysadmin's reset, the only page open.</summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class PasswordModel(PasswordChanges changes, SignInManager<LaurelUser> signIn, CurrentUser me) : PageModel, IFormPage
{
    public sealed class PasswordForm
    {
        public string? OldPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty] public PasswordForm Input { get; set; } = new();

    [TempData] public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();

    public bool MustChange => me.MustChangePassword;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.NewPassword != Input.ConfirmPassword)
        {
            Errors.Add("confirmPassword", "两次输入的新密码不一致");
        }
        else
        {
            var outcome = await changes.ChangeAsync(me.Id ?? 0, new PasswordInput(Input.OldPassword, Input.NewPassword));
            if (outcome.IsOk)
            {
                // Every session of the user has ended, this one too: sign in afresh.
                await signIn.SignInAsync(outcome.Value!, isPersistent: false);
                Flash = "密码已修改。您在其他地方的登录和令牌已全部失效。";
                return RedirectToPage();
            }
            Errors.Take(outcome);
        }
        Input = new PasswordForm();
        return Page();
    }
}
