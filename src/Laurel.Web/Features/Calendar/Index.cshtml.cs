using Laurel.Rules.Calendar;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Calendar;

/// <summary>
/// 节假日与调休: a year's holidays and make-up workdays with their source; system administrators correct or remove a day
/// with a reason (ADR 20). Every staff user may read it; the menu shows it to system and selection administrators.
/// </summary>
public sealed class IndexModel(CalendarCommands commands, WorkingCalendarStore store, CurrentUser me) : PageModel, IFormPage
{
    public sealed class DayForm
    {
        public string? Day { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Year { get; set; }

    /// <summary>The day a row's 更正 link chose: it fills both forms.</summary>
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }

    [BindProperty] public DayForm Set { get; set; } = new();
    [BindProperty] public DayForm Remove { get; set; } = new();

    [TempData] public string? Flash { get; set; }

    public int ShownYear { get; private set; }
    public bool HasTable { get; private set; }
    public int? MissingNextYear { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<CalendarDayRow> Days { get; private set; } = [];
    public bool IsSysadmin { get; private set; }
    public FormErrors Errors { get; } = new();

    public static string KindName(string kind) => DayKinds.Parse(kind) is { } k ? DayKinds.ChineseName(k) : "按平常日计算（已移除）";

    public static string SourceName(CalendarDayRow row) => row.Source == "admin"
        ? $"管理员更正（{row.UpdatedBy}，{Show.Time(row.UpdatedAt)[..10]}）"
        : $"国务院放假安排（节假日数据 {row.Source[(row.Source.LastIndexOf(' ') + 1)..]} 版）";

    public static string Weekday(DateOnly day) => "星期" + "日一二三四五六"[(int)day.DayOfWeek];

    public async Task OnGetAsync()
    {
        if (WorkingCalendar.ParseDate(Day) is { } day)
        {
            Set.Day = Remove.Day = Show.Date(day);
            Year ??= day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await LoadAsync();
        if (Set.Day is not null && Days.FirstOrDefault(d => Show.Date(d.Day) == Set.Day) is { Kind: not "ordinary" } row)
        {
            Set.Kind = row.Kind;
            Set.Name = row.Name;
        }
    }

    public async Task<IActionResult> OnPostSetAsync()
    {
        Errors.Form = "set";
        var outcome = await commands.SetAsync(Set.Day, new CalendarDayInput(Set.Kind, Set.Name, Set.Reason));
        if (outcome.IsOk)
        {
            Flash = $"已将 {outcome.Value!.Day} 设为{KindName(outcome.Value.Kind)}（{outcome.Value.Name}）。";
            return RedirectToPage(new { year = outcome.Value.Day[..4] });
        }
        return await FailedAsync(outcome);
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        Errors.Form = "remove";
        var outcome = await commands.RemoveAsync(Remove.Day, new CalendarRemoveInput(Remove.Reason));
        if (outcome.IsOk)
        {
            Flash = $"已移除 {outcome.Value!.Day} 的安排，该日按周一至周五规则计算。";
            return RedirectToPage(new { year = outcome.Value.Day[..4] });
        }
        return await FailedAsync(outcome);
    }

    private async Task<IActionResult> FailedAsync(Outcome<CalendarDayView> outcome)
    {
        if (outcome.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }
        Errors.Take(outcome);
        // The list shows the year of the day the form named, so that the row beside the message is in view.
        Year = WorkingCalendar.ParseDate(Errors.Form == "set" ? Set.Day : Remove.Day)?.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var errors = new FieldErrors();
        var year = commands.Year(string.IsNullOrWhiteSpace(Year) ? null : Year, errors);
        if (year is null)
        {
            Errors.Add("year", errors.For("year")[0]);
        }
        ShownYear = year ?? commands.Year(null, errors)!.Value;
        var calendar = await store.LoadAsync();
        HasTable = calendar.HasYear(ShownYear);
        MissingNextYear = store.MissingNextYear(calendar);
        Years = (await store.YearsAsync()).Append(ShownYear).Append(MissingNextYear ?? ShownYear).Distinct().Order().ToList();
        Days = await store.YearAsync(ShownYear);
        IsSysadmin = (await me.GrantsAsync()).IsSysadmin;
    }
}
