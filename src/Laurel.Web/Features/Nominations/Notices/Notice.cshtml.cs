using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>One notice as the staff see it: window, contact, candidates, snapshot hash, certificate; close-out and withdrawal.</summary>
public sealed class NoticeModel(NoticeQueries queries, NoticeCommands commands) : PageModel, IFormPage
{
    [BindProperty] public string? WithdrawReason { get; set; }
    [TempData] public string? Flash { get; set; }
    public NoticeView Notice { get; private set; } = null!;
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCloseAsync(long id)
    {
        Errors.Form = "close";
        var outcome = await commands.CloseAsync(id);
        if (outcome.IsOk)
        {
            var v = outcome.Value!;
            Flash = $"公示已结束：{v.Certificate}。进入下一环节 {v.Advanced.Count} 人"
                + (v.Held.Count == 0 ? "。" : "；暂不能进入下一环节：" + string.Join("；", v.Held.Select(h => $"{h.Name}（{h.Reason}）")) + "。");
        }
        return await AfterAsync(id, outcome);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id)
    {
        Errors.Form = "withdraw";
        var outcome = await commands.WithdrawAsync(id, new NoticeReasonInput(WithdrawReason));
        if (outcome.IsOk)
        {
            Flash = $"公示已撤回，{outcome.Value!.SentBack.Count} 名人选退回上一环节。";
        }
        return await AfterAsync(id, outcome);
    }

    private Task<IActionResult> AfterAsync<T>(long id, Outcome<T> outcome) =>
        NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/notices/{id}", () => LoadAsync(id));

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        Notice = outcome.Value!;
        return outcome.IsOk;
    }
}
