using Laurel.Rules.Access;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Users;

/// <summary>Users and role grants; sysadmins only.</summary>
public sealed class IndexModel(UserCommands commands, GrantProposalCommands proposals, TwoFactorResets resets, Scope scope, CurrentUser me)
    : PageModel, IFormPage
{
    public sealed class CreateForm
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public long? OrgUnitId { get; set; }
        public string? Password { get; set; }
    }

    public sealed class GrantForm
    {
        public long? UserId { get; set; }
        public string? Role { get; set; }
        public long? OrgUnitId { get; set; }
    }

    [BindProperty] public CreateForm Create { get; set; } = new();
    [BindProperty] public GrantForm Grant { get; set; } = new();

    [TempData] public string? Flash { get; set; }

    /// <summary>The search: part of a user name or of a name (姓名).</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public IReadOnlyList<UserView> Users { get; private set; } = [];
    public List<SelectListItem> UnitItems { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    /// <summary>The user whose grant form was posted, to show its errors beside it.</summary>
    public long? ErrorUserId { get; private set; }

    public static IReadOnlyList<SelectListItem> RoleItems { get; } =
        Roles.All.Select(r => new SelectListItem(Roles.ChineseName(r), r)).ToList();

    public async Task<IActionResult> OnGetAsync() => await IsSysadminAsync() ? await ShowAsync() : Forbid();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "create";
        if (!Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Create.OrgUnitId"] = "orgUnitId" }))
        {
            var outcome = await commands.CreateAsync(new UserInput(Create.UserName, Create.DisplayName, Create.OrgUnitId, Create.Password));
            if (outcome.IsOk)
            {
                Flash = $"已新增用户：{Create.UserName?.Trim()}。请为其授予角色。";
                return RedirectToPage();
            }
            Errors.Take(outcome, conflictField: "userName");
        }
        Create.Password = null;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long userId, long grantId)
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "revoke";
        var outcome = await commands.RevokeGrantAsync(userId, grantId);
        if (outcome.IsOk)
        {
            Flash = "已收回角色。";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "用户或授权不存在，或不在您的管理范围内。");
        return await ShowAsync();
    }

    // Grants under maker-checker (ADR 13): the grant form proposes; another sysadmin confirms or rejects below it.

    /// <summary>Pending proposals in the caller's admin scope, with confirm and reject buttons for those they may decide.</summary>
    public IReadOnlyList<GrantProposalView> PendingProposals { get; private set; } = [];

    /// <summary>The signed-in sysadmin: no grant form on their own row, no decision buttons on their own proposals.</summary>
    public long? MyId => me.Id;

    /// <summary>The proposal whose reject form was posted, to show its errors beside it.</summary>
    public long? ErrorProposalId { get; private set; }

    public async Task<IActionResult> OnPostGrantAsync()
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "grant";
        ErrorUserId = Grant.UserId;
        var outcome = await proposals.ProposeAsync(Grant.UserId ?? 0, new GrantInput(Grant.Role, Grant.OrgUnitId));
        if (outcome.IsOk)
        {
            Flash = "已提交授权申请，须由另一名系统管理员确认后生效。";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "用户或授权不存在，或不在您的管理范围内。");
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostConfirmProposalAsync(long proposalId)
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "proposal";
        var outcome = await proposals.ConfirmAsync(proposalId);
        if (outcome.IsOk)
        {
            Flash = "已确认授权申请，角色已生效。";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "授权申请不存在，或不在您的管理范围内。");
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostRejectProposalAsync(long proposalId, string? comment)
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "reject";
        ErrorProposalId = proposalId;
        var outcome = await proposals.RejectAsync(proposalId, new RejectInput(comment));
        if (outcome.IsOk)
        {
            Flash = "已驳回授权申请。";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "授权申请不存在，或不在您的管理范围内。");
        return await ShowAsync();
    }

    /// <summary>The temporary password of the reset just made, shown on this answer only (never stored in TempData).</summary>
    public (string UserName, string Password)? Reset { get; private set; }

    public async Task<IActionResult> OnPostResetPasswordAsync(long userId, [FromServices] PasswordResets resets)
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = "reset";
        var outcome = await resets.ResetAsync(userId);
        if (outcome.IsOk)
        {
            Reset = ((await commands.AdministeredUserAsync(userId))!.UserName!, outcome.Value!);
        }
        Errors.Take(outcome, notFound: "用户不存在，或不在您的管理范围内。");
        return await ShowAsync();
    }

    // Deactivation (one sysadmin, not oneself) and second-factor resets under maker-checker (ADR 18).

    /// <summary>Pending second-factor resets of the users the caller administers.</summary>
    public IReadOnlyList<TwoFactorResetView> PendingResets { get; private set; } = [];

    /// <summary>The user or reset whose form was posted, to show its errors beside it.</summary>
    public long? ErrorResetUserId { get; private set; }
    public long? ErrorResetId { get; private set; }

    private const string UserNotFound = "用户不存在，或不在您的管理范围内。", ResetNotFound = "申请不存在，或不在您的管理范围内。";

    public Task<IActionResult> OnPostDeactivateAsync(long userId, [FromServices] UserStatus status) =>
        ActAsync("status", () => status.DeactivateAsync(userId), "已停用该账号，其现有登录和令牌已全部失效。", UserNotFound);

    public Task<IActionResult> OnPostReactivateAsync(long userId, [FromServices] UserStatus status) =>
        ActAsync("status", () => status.ReactivateAsync(userId), "已启用该账号。", UserNotFound);

    public Task<IActionResult> OnPostProposeTwoFactorResetAsync(long userId, string? reason)
    {
        ErrorResetUserId = userId;
        return ActAsync("two-factor-reset", () => resets.ProposeAsync(userId, new TwoFactorResetInput(reason)),
            "已提交双因素认证重置申请，须由另一名系统管理员确认后生效。", UserNotFound);
    }

    public Task<IActionResult> OnPostConfirmTwoFactorResetAsync(long resetId) =>
        ActAsync("two-factor-decision", () => resets.ConfirmAsync(resetId),
            "已确认重置双因素认证：该用户的身份验证器、通行密钥和恢复码均已作废，现有登录和令牌已全部失效。", ResetNotFound);

    public Task<IActionResult> OnPostRejectTwoFactorResetAsync(long resetId, string? comment)
    {
        ErrorResetId = resetId;
        return ActAsync("two-factor-reject", () => resets.RejectAsync(resetId, new RejectInput(comment)), "已驳回双因素认证重置申请。", ResetNotFound);
    }

    /// <summary>A sysadmin's action from one of the page's forms: on success back to the list with the message, else the page with the errors.</summary>
    private async Task<IActionResult> ActAsync<T>(string form, Func<Task<Outcome<T>>> action, string done, string notFound)
    {
        if (!await IsSysadminAsync())
        {
            return Forbid();
        }
        Errors.Form = form;
        var outcome = await action();
        if (outcome.IsOk)
        {
            Flash = done;
            return RedirectToPage(new { Q });
        }
        Errors.Take(outcome, notFound: notFound);
        return await ShowAsync();
    }

    private async Task<bool> IsSysadminAsync() => (await me.GrantsAsync()).IsSysadmin;

    private async Task<IActionResult> ShowAsync()
    {
        Users = await commands.ListAsync(Q);
        PendingResets = (await resets.ListAsync(GrantProposals.Code(GrantProposalStatus.Pending))).Value ?? [];
        PendingProposals = (await proposals.ListAsync(GrantProposals.Code(GrantProposalStatus.Pending))).Value ?? [];
        UnitItems = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.AdminRoots)));
        return Page();
    }
}
