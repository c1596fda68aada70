using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations.Objections;

/// <summary>登记异议: a cadre enters an objection taken by phone, letter or visit against a candidate, on one of the notices they are on.</summary>
public sealed class NewModel(ObjectionQueries queries, ObjectionCommands commands) : PageModel, IFormPage
{
    public sealed class EntryForm
    {
        public long? NoticeId { get; set; }
        public string? Channel { get; set; }
        public DateOnly? ReceivedOn { get; set; }
        public string? Text { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "candidate")] public long CandidateId { get; set; }
    [BindProperty] public EntryForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public FormErrors Errors { get; } = new();
    public IReadOnlyList<CandidateNotice> Notices { get; private set; } = [];

    public static IReadOnlyList<(string Code, string Name)> Channels { get; } = [("phone", "电话"), ("letter", "来信"), ("visit", "来访")];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Input.ReceivedOn"] = "receivedOn", ["Input.NoticeId"] = "noticeId" }))
        {
            return await LoadAsync() ? Page() : NotFound();
        }
        var outcome = await commands.EnterAsync(new ObjectionEntryInput(Input.NoticeId, CandidateId, Input.Channel, Input.Text, Input.Name, Input.Phone, Input.ReceivedOn));
        Flash = outcome.IsOk ? $"异议已登记，编号 {outcome.Value!.Reference}。" : null;
        return await NominationPages.AfterAsync(this, Errors, outcome, outcome.IsOk ? $"/nominations/objections/{outcome.Value!.Id}" : "", LoadAsync);
    }

    private async Task<bool> LoadAsync()
    {
        Notices = await queries.NoticesOfAsync(CandidateId);
        return Notices.Count > 0;
    }
}
