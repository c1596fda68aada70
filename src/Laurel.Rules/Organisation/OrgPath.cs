using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Laurel.Rules.Organisation;

/// <summary>
/// Materialised path of an org unit: the ids from the root down, each followed by a slash, with a leading slash
/// ("/1/", "/1/5/", "/1/5/23/"). A subtree is then one prefix query (<c>path LIKE '/1/5/%'</c>).
/// </summary>
/// <remarks>
/// The trailing slash is what makes prefix tests safe: "/1/50/" does not start with "/1/5/".
/// Ids are positive. Predicates (<see cref="IsWithin"/>, <see cref="IsValidMove"/>) answer false for a malformed
/// path so that scope checks fail closed; functions that build or take paths apart throw on one.
/// </remarks>
public static class OrgPath
{
    /// <summary>"/{id}/".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not positive.</exception>
    public static string Root(long id)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        return "/" + id.ToString(CultureInfo.InvariantCulture) + "/";
    }

    /// <summary>parentPath + id + "/".</summary>
    /// <exception cref="ArgumentException">The parent path is malformed or the id not positive.</exception>
    public static string Child(string parentPath, long id)
    {
        EnsureWellFormed(parentPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        return parentPath + id.ToString(CultureInfo.InvariantCulture) + "/";
    }

    /// <summary>True for "/" followed by one or more positive ids each ending in "/", with no leading zeros.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? path)
    {
        if (path is null || path.Length < 3 || path[0] != '/' || path[^1] != '/')
            return false;
        foreach (var segment in path[1..^1].Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '0' || segment.AsSpan().ContainsAnyExceptInRange('0', '9')
                || !long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestorPath"/> or lies in its subtree. Equal paths count as within.</summary>
    public static bool IsWithin(string path, string ancestorPath) =>
        IsWellFormed(path) && IsWellFormed(ancestorPath) && path.StartsWith(ancestorPath, StringComparison.Ordinal);

    /// <summary>Id of the parent unit; null for a root.</summary>
    /// <exception cref="ArgumentException">The path is malformed.</exception>
    public static long? ParentId(string path)
    {
        var ids = Ids(path);
        return ids.Length > 1 ? ids[^2] : null;
    }

    /// <summary>Id of the unit the path ends in.</summary>
    /// <exception cref="ArgumentException">The path is malformed.</exception>
    public static long UnitId(string path) => Ids(path)[^1];

    /// <summary>The ids from the root down to the unit itself.</summary>
    /// <exception cref="ArgumentException">The path is malformed.</exception>
    public static long[] Ids(string path)
    {
        EnsureWellFormed(path);
        return [.. path[1..^1].Split('/').Select(s => long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture))];
    }

    /// <summary>Number of ancestors: "/1/" → 0, "/1/5/" → 1.</summary>
    /// <exception cref="ArgumentException">The path is malformed.</exception>
    public static int Depth(string path)
    {
        EnsureWellFormed(path);
        return path.Count(c => c == '/') - 2;
    }

    /// <summary>
    /// The new path of <paramref name="path"/> when the subtree whose root had path <paramref name="oldPrefix"/>
    /// now has path <paramref name="newPrefix"/>: "/1/5/23/" rebased from "/1/5/" to "/1/7/5/" is "/1/7/5/23/".
    /// Applied to every path within oldPrefix, including the moved unit itself.
    /// </summary>
    /// <exception cref="ArgumentException">A path is malformed, or <paramref name="path"/> is not within <paramref name="oldPrefix"/>.</exception>
    public static string Rebase(string path, string oldPrefix, string newPrefix)
    {
        EnsureWellFormed(path);
        EnsureWellFormed(oldPrefix);
        EnsureWellFormed(newPrefix);
        if (!IsWithin(path, oldPrefix))
            throw new ArgumentException($"'{path}' is not within '{oldPrefix}'.", nameof(path));
        return newPrefix + path[oldPrefix.Length..];
    }

    /// <summary>
    /// False when the new parent is the unit itself or one of its descendants (the tree would become a cycle),
    /// or when either path is malformed. Moving under the current parent is a valid no-op.
    /// </summary>
    public static bool IsValidMove(string unitPath, string newParentPath) =>
        IsWellFormed(unitPath) && IsWellFormed(newParentPath) && !IsWithin(newParentPath, unitPath);

    private static void EnsureWellFormed(string path, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(path))] string? name = null)
    {
        if (!IsWellFormed(path))
            throw new ArgumentException($"'{path}' is not an org path like \"/1/5/\".", name);
    }
}
