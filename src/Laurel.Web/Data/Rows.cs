using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Npgsql;

namespace Laurel.Web.Data;

/// <summary>
/// The one typed reader of plain SQL (docs/decisions/0010-data-access.md): maps each row to a record's constructor by
/// column name, snake_case to the parameter's name (<c>paying_org_unit_id</c> → <c>PayingOrgUnitId</c>), so a query's
/// columns and its record cannot drift apart in position. Every column must match one parameter and every parameter one
/// column; a null goes only into a nullable parameter. Any mismatch throws at the first row with the column and the
/// record named. Values are read with the reader's typed getter (long, int, decimal, DateOnly, string — jsonb as text —,
/// bool, byte[], …); the mapping of a record and a column list is compiled once.
/// </summary>
public static class Rows
{
    /// <summary>Every row of the command's result.</summary>
    public static async Task<List<T>> ListAsync<T>(NpgsqlCommand command, CancellationToken ct = default)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ListAsync<T>(reader, ct);
    }

    /// <summary>The first row of the command's result, or null when it has none.</summary>
    public static async Task<T?> FirstOrDefaultAsync<T>(NpgsqlCommand command, CancellationToken ct = default) where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Mapper<T>(reader)(reader) : null;
    }

    /// <summary>The rows as they come, for results too large to hold.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(NpgsqlCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        Func<DbDataReader, T>? map = null;
        while (await reader.ReadAsync(ct))
        {
            map ??= Mapper<T>(reader);
            yield return map(reader);
        }
    }

    public static async Task<List<T>> ListAsync<T>(DbDataReader reader, CancellationToken ct = default)
    {
        var rows = new List<T>();
        Func<DbDataReader, T>? map = null;
        while (await reader.ReadAsync(ct))
        {
            map ??= Mapper<T>(reader);
            rows.Add(map(reader));
        }
        return rows;
    }

    private static readonly ConcurrentDictionary<(Type, string), Delegate> Mappers = new();

    /// <summary>The mapping of the reader's columns to <typeparamref name="T"/>, compiled once per record and column list.</summary>
    public static Func<DbDataReader, T> Mapper<T>(DbDataReader reader)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        return (Func<DbDataReader, T>)Mappers.GetOrAdd((typeof(T), string.Join(",", columns)), _ => Compile<T>(columns));
    }

    private static Func<DbDataReader, T> Compile<T>(string[] columns)
    {
        var record = typeof(T);
        var constructor = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{record.Name} has no public constructor to map rows to.");
        var parameters = constructor.GetParameters();
        var byName = new Dictionary<string, int>();
        for (var i = 0; i < columns.Length; i++)
        {
            if (!byName.TryAdd(Key(columns[i]), i))
            {
                throw new InvalidOperationException($"Column \"{columns[i]}\" appears twice in the result mapped to {record.Name}: give each column its own name (AS ...).");
            }
        }
        var names = parameters.Select(p => Key(p.Name!)).ToHashSet();
        if (columns.FirstOrDefault(c => !names.Contains(Key(c))) is { } extra)
        {
            throw new InvalidOperationException(
                $"Column \"{extra}\" matches no parameter of {record.Name} ({string.Join(", ", parameters.Select(p => p.Name))}): rename it with AS, or add the parameter.");
        }
        var nullability = new NullabilityInfoContext();
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var arguments = parameters.Select(p =>
        {
            if (!byName.TryGetValue(Key(p.Name!), out var ordinal))
            {
                throw new InvalidOperationException(
                    $"{record.Name}.{p.Name} has no column in the result ({string.Join(", ", columns)}): select it as {Snake(p.Name!)}.");
            }
            var underlying = Nullable.GetUnderlyingType(p.ParameterType);
            var nullable = underlying is not null || (!p.ParameterType.IsValueType && nullability.Create(p).WriteState != NullabilityState.NotNull);
            var read = (underlying is not null ? OptionalValueMethod : nullable ? OptionalMethod : RequiredMethod).MakeGenericMethod(underlying ?? p.ParameterType);
            Expression value = Expression.Call(read, reader, Expression.Constant(ordinal), Expression.Constant($"{record.Name}.{p.Name}"));
            return value.Type == p.ParameterType ? value : Expression.Convert(value, p.ParameterType);
        });
        return Expression.Lambda<Func<DbDataReader, T>>(Expression.New(constructor, arguments), reader).Compile();
    }

    private static readonly MethodInfo RequiredMethod = typeof(Rows).GetMethod(nameof(Required), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo OptionalMethod = typeof(Rows).GetMethod(nameof(Optional), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo OptionalValueMethod = typeof(Rows).GetMethod(nameof(OptionalValue), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static TValue Required<TValue>(DbDataReader reader, int ordinal, string target) =>
        reader.IsDBNull(ordinal)
            ? throw new InvalidOperationException($"Column \"{reader.GetName(ordinal)}\" is null, and {target} does not allow null: make it nullable, or coalesce in SQL.")
            : Read<TValue>(reader, ordinal, target);

    private static TValue? Optional<TValue>(DbDataReader reader, int ordinal, string target) where TValue : class =>
        reader.IsDBNull(ordinal) ? null : Read<TValue>(reader, ordinal, target);

    private static TValue? OptionalValue<TValue>(DbDataReader reader, int ordinal, string target) where TValue : struct =>
        reader.IsDBNull(ordinal) ? null : Read<TValue>(reader, ordinal, target);

    private static TValue Read<TValue>(DbDataReader reader, int ordinal, string target)
    {
        try
        {
            return reader.GetFieldValue<TValue>(ordinal);
        }
        catch (InvalidCastException e)
        {
            throw new InvalidOperationException(
                $"Column \"{reader.GetName(ordinal)}\" ({reader.GetDataTypeName(ordinal)}) cannot be read as {typeof(TValue).Name} for {target}.", e);
        }
    }

    /// <summary>The name without underscores and case: a snake_case column and a PascalCase or camelCase parameter meet here.</summary>
    private static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
