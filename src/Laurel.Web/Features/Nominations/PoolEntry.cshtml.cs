using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.Nominations;

/// <summary>One pool entry: its details, the edit form and the follow-up notes (重点跟踪培养) by year.</summary>
public sealed class PoolEntryModel(PoolQueries queries, PoolCommands commands, NominationAccess access, TimeProvider clock) : PageModel, IFormPage
{
    public sealed class EditForm
    {
        public string? Workplace { get; set; }
        public string? Post { get; set; }
        public string? Category { get; set; }
        public string? SelectionKind { get; set; }
        public string? Achievements { get; set; }
        public int? Version { get; set; }
        public int? FollowUpYear { get; set; }
        public string? FollowUpNote { get; set; }
    }

    [BindProperty] public EditForm Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }
    public PoolEntryView Entry { get; private set; } = null!;
    public bool CanWrite { get; private set; }
    public List<SelectListItem> Categories { get; } = NominationCodes.Categories.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public List<SelectListItem> SelectionKinds { get; } = NominationCodes.SelectionKinds.Select(c => new SelectListItem(c.Name, c.Code)).ToList();
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Input = new EditForm
        {
            Workplace = Entry.Workplace, Post = Entry.Post, Category = Entry.Category, SelectionKind = Entry.SelectionKind,
            Achievements = Entry.Achievements, Version = Entry.Version, FollowUpYear = Dates.Today(clock).Year,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        Errors.Form = "edit";
        var outcome = await commands.UpdateAsync(id, new PoolEntryUpdate(Input.Workplace, Input.Post, Input.Category, Input.SelectionKind, Input.Achievements, Input.Version));
        return await AfterAsync(id, outcome, "信息已保存。");
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id)
    {
        Errors.Form = "follow-up";
        var outcome = await commands.AddFollowUpAsync(id, new FollowUpInput(Input.FollowUpYear, Input.FollowUpNote));
        return await AfterAsync(id, outcome, "跟踪培养记录已添加。");
    }

    private Task<IActionResult> AfterAsync(long id, Outcome<long> outcome, string done)
    {
        Flash = outcome.IsOk ? done : null;
        return NominationPages.AfterAsync(this, Errors, outcome, $"/nominations/pool/{id}", () => LoadAsync(id));
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await queries.GetAsync(id);
        if (!outcome.IsOk)
        {
            return false;
        }
        Entry = outcome.Value!;
        CanWrite = (await access.GrantsAsync()).NominationWriteRoots.Count > 0 && await WritableAsync();
        return true;
    }

    private async Task<bool> WritableAsync()
    {
        await using var connection = await access.OpenAsync();
        var unit = await NominationAccess.UnitAsync(connection, null, Entry.OrgUnitId);
        return unit is not null && await access.CanWriteAtAsync(unit.Path);
    }
}
