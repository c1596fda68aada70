using System.Globalization;
using Laurel.Web.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Shared;

/// <summary>A page with a form: when its errors are not empty after a handler, the request's unit of work rolls back.</summary>
public interface IFormPage
{
    FormErrors Errors { get; }
}

/// <summary>
/// The errors of the form a page just received, keyed by the handlers' field names ("residentId", "employment.since"),
/// which the views print in <c>data-error-for</c> spans. Conflict and not-found messages go to <see cref="Message"/>
/// unless the page names the field they belong to.
/// </summary>
public sealed class FormErrors
{
    private readonly FieldErrors _fields = new();

    /// <summary>Which form on the page was posted (pages with several forms).</summary>
    public string? Form { get; set; }

    public string? Message { get; set; }

    public bool Any => _fields.Any || Message is not null;

    public IEnumerable<string> Fields => _fields.Fields;

    public void Add(string field, string message) => _fields.Add(field, message);

    public IReadOnlyList<string> For(string field) => _fields.For(field);

    /// <summary>True when <paramref name="form"/> was posted and has an error on the field.</summary>
    public bool Has(string field, string? form = null) => (form is null || form == Form) && _fields.For(field).Count > 0;

    /// <summary>Messages for fields the view does not show next to an input.</summary>
    public IEnumerable<string> Others(params string[] shown) =>
        _fields.Fields.Where(f => !shown.Contains(f)).SelectMany(_fields.For);

    /// <summary>Takes the errors of a failed outcome; a conflict goes under <paramref name="conflictField"/> when given.</summary>
    public void Take<T>(Outcome<T> outcome, string? conflictField = null, string? notFound = null)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Invalid:
                _fields.AddAll(outcome.Errors!);
                break;
            case OutcomeKind.Conflict when conflictField is not null:
                Add(conflictField, outcome.Message ?? "操作冲突");
                break;
            case OutcomeKind.Ok:
                break;
            case OutcomeKind.NotFound when notFound is not null:
                Message = notFound;
                break;
            default:
                Message = outcome.Message ?? "操作失败";
                break;
        }
    }

    /// <summary>
    /// Values the form could not even bind (a date or number in the wrong format) become Chinese messages under the
    /// field; <paramref name="fields"/> maps the bound property ("Input.Since") to the field name ("employment.since").
    /// Returns true when there were any.
    /// </summary>
    public bool TakeBindingErrors(ModelStateDictionary modelState, IReadOnlyDictionary<string, string> fields)
    {
        var any = false;
        foreach (var (key, entry) in modelState)
        {
            if (entry.Errors.Count == 0)
            {
                continue;
            }
            any = true;
            var field = fields.TryGetValue(key, out var f) ? f : key;
            Add(field, string.IsNullOrEmpty(entry.AttemptedValue) ? "请填写此项" : "填写的格式不正确，请检查（日期如 2024-05-01，金额如 3500.00）");
        }
        return any;
    }
}

/// <summary>An org unit in a select list or tree, with its depth under the visible roots.</summary>
public sealed record UnitOption(long Id, long? ParentId, string Name, int Depth)
{
    public string Indented => new string('\u3000', Depth) + Name;
}

public static class UnitTree
{
    /// <summary>Orders units as a tree (parents before their children, siblings by id) and computes depths.</summary>
    public static IReadOnlyList<UnitOption> Arrange(IEnumerable<(long Id, long? ParentId, string Name)> units)
    {
        var list = units.ToList();
        var ids = list.Select(u => u.Id).ToHashSet();
        var children = list.Where(u => u.ParentId is { } p && ids.Contains(p)).ToLookup(u => u.ParentId!.Value);
        var result = new List<UnitOption>(list.Count);
        void Walk((long Id, long? ParentId, string Name) u, int depth)
        {
            result.Add(new UnitOption(u.Id, u.ParentId, u.Name, depth));
            foreach (var c in children[u.Id].OrderBy(c => c.Id))
            {
                Walk(c, depth + 1);
            }
        }
        foreach (var root in list.Where(u => u.ParentId is not { } p || !ids.Contains(p)).OrderBy(u => u.Id))
        {
            Walk(root, 0);
        }
        return result;
    }

    /// <summary>Loads the units of a scoped query (from <c>Scope</c>) as a tree.</summary>
    public static async Task<IReadOnlyList<UnitOption>> LoadAsync(IQueryable<OrgUnit> scoped) =>
        Arrange((await scoped.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Name }).ToListAsync())
            .Select(u => (u.Id, u.ParentId, u.Name)));

    public static List<SelectListItem> Select(IEnumerable<UnitOption> units) =>
        units.Select(u => new SelectListItem(u.Indented, u.Id.ToString(CultureInfo.InvariantCulture))).ToList();
}

/// <summary>Display formats shared by the pages.</summary>
public static class Show
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Time(DateTimeOffset t) => t.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A month the API writes as 2026-03, as a person reads it: 2026年3月 (anything else as it is).</summary>
    public static string Month(string? month) =>
        Laurel.Rules.Calendar.PayMonth.Parse(month) is { } m ? Laurel.Rules.Calendar.PayMonth.ChineseFormat(m) : month ?? "";

    public static string Money(decimal? m) => m?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Digits in groups of four, as a bank card or passbook prints an account number.</summary>
    public static string Grouped(string? digits) =>
        string.Join(' ', (digits ?? "").Chunk(4).Select(c => new string(c)));

    public static string Gender(string? g) => Laurel.Rules.Registry.FactCodes.ParseGender(g) is { } gender ? Laurel.Rules.Registry.FactCodes.ChineseName(gender) : g ?? "";

    public static string Employment(string? status) =>
        Laurel.Rules.Registry.FactCodes.ParseEmploymentStatus(status) is { } s ? Laurel.Rules.Registry.FactCodes.ChineseName(s) : status ?? "";

    public static string Region(string? code) =>
        string.IsNullOrEmpty(code) ? "" : $"{code} {Laurel.Rules.Identity.Regions.NameOf(code)}".Trim();
}

/// <summary>The model of the _FieldErrors partial: one field's messages, when its form was the one posted.</summary>
public sealed record FieldErrorsView(FormErrors Errors, string Field, string? Form = null)
{
    public IReadOnlyList<string> Messages => Form is null || Form == Errors.Form ? Errors.For(Field) : [];
}
