namespace Laurel.Web.Features.Shared;

/// <summary>Field errors keyed by the API field name (camelCase, dotted for nested: "employment.status").</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    /// <summary>Adds "label + message" when message is not null; for rule checks that return null when fine.</summary>
    public void AddIf(string field, string label, string? message)
    {
        if (message is not null)
        {
            Add(field, label + message);
        }
    }

    public IEnumerable<string> Fields => _errors.Keys;

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>Adds every message of another set (a handler's errors shown on a page).</summary>
    public void AddAll(FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

public enum OutcomeKind { Ok, NotFound, Invalid, Conflict, Forbidden }

/// <summary>What a handler answers: a value, or why not. The API and the pages turn it into a response each their own way.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value = default, FieldErrors? Errors = null, string? Message = null)
{
    public bool IsOk => Kind == OutcomeKind.Ok;
    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value);
    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound, Message: "记录不存在");
    public static Outcome<T> Invalid(FieldErrors errors) => new(OutcomeKind.Invalid, Errors: errors, Message: "提交的数据有误");
    public static Outcome<T> Invalid(string field, string message) => Invalid(new FieldErrors().Add(field, message));
    public static Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, Message: message);
    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, Message: message);
}

public static class OutcomeResults
{
    /// <summary>The API's rendering of an outcome: RFC 9457 problem details for everything but success.</summary>
    public static IResult ToApi<T>(this Outcome<T> outcome, Func<T, IResult> ok) => outcome.Kind switch
    {
        OutcomeKind.Ok => ok(outcome.Value!),
        OutcomeKind.NotFound => Results.Problem(statusCode: 404, title: "记录不存在", detail: outcome.Message),
        OutcomeKind.Invalid => Results.ValidationProblem(outcome.Errors!.ToDictionary(), statusCode: 422, title: "提交的数据有误"),
        OutcomeKind.Conflict => Results.Problem(statusCode: 409, title: "操作冲突", detail: outcome.Message),
        OutcomeKind.Forbidden => Results.Problem(statusCode: 403, title: "没有权限", detail: outcome.Message),
        _ => throw new InvalidOperationException(outcome.Kind.ToString()),
    };
}

/// <summary>A page of a list. When TotalIsExact is false there are more than Total matches (the count stopped there).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize, bool TotalIsExact = true);

public static class Paging
{
    public const int DefaultSize = 20;
    public const int MaxSize = 200;

    /// <summary>
    /// Lists over hundreds of thousands of records count matches up to this many and then say "more than": an exact
    /// count of a broad filter costs more than the page itself, and nobody pages past it; a search narrows instead.
    /// </summary>
    public const int CountLimit = 1000;

    public static (int Page, int Size) Normalise(int? page, int? size) =>
        (Math.Max(1, page ?? 1), Math.Clamp(size ?? DefaultSize, 1, MaxSize));
}
