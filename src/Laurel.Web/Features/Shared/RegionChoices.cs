using Laurel.Rules.Identity;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Shared;

/// <summary>
/// The choices of a region field (户籍, 授予地区, a consultation's region): every region of the built-in table
/// (<see cref="Regions.Known"/>), those of the user's own province first, and the user's home region — the region their
/// unit acts for, from the unit or its nearest ancestor with a code — as the default and the example of the hint.
/// </summary>
public sealed class RegionChoices(LaurelDb db, CurrentUser me)
{
    public async Task<RegionList> ForCurrentUserAsync()
    {
        // A manager's grant first: the unit whose honorees the user registers.
        foreach (var grant in (await me.GrantsAsync()).Grants.OrderBy(g => g.Role == Rules.Access.Roles.Manager ? 0 : 1))
        {
            var ids = grant.OrgUnitPath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => long.TryParse(p, out var id) ? id : 0).Where(id => id > 0).ToList();
            var home = (await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id) && u.RegionCode != null)
                    .Select(u => new { u.Path, u.RegionCode }).ToListAsync())
                .OrderByDescending(u => u.Path.Length).Select(u => u.RegionCode).FirstOrDefault();
            if (home is not null)
            {
                return new RegionList(home);
            }
        }
        return new RegionList(null);
    }

    /// <summary>
    /// What a person typed or picked in a region field as a code: the code itself, the code of a name the table holds
    /// (铁岭市, 内蒙古自治区 呼和浩特市 新城区) or the code in front of a picked choice ("150102 新城区"); anything else
    /// as typed, for the handler to refuse with its message.
    /// </summary>
    public static string? ToCode(string? typed)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text) || Regions.IsValidCode(text))
        {
            return text;
        }
        if (text.Length > 6 && Regions.IsValidCode(text[..6]) && !char.IsAsciiDigit(text[6]))
        {
            return text[..6];
        }
        var byName = Regions.Known.Where(c => Regions.FullName(c) == text).Concat(Regions.Known.Where(c => Regions.NameOf(c) == text)).Distinct().ToList();
        return byName.Count == 1 ? byName[0] : text;
    }
}

/// <summary>The region choices of one page: the _RegionOptions partial prints them as a datalist the region fields name.</summary>
public sealed record RegionList(string? Home)
{
    /// <summary>The id of the datalist (<c>list="region-options"</c> on a region field).</summary>
    public const string ListId = "region-options";

    /// <summary>Every known region as (code, full name), the home province's first.</summary>
    public IEnumerable<(string Code, string Name)> Options =>
        Regions.Known.OrderBy(c => Home is not null && c[..2] == Home[..2] ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)
            .Select(c => (c, Regions.FullName(c) ?? c));

    /// <summary>The hint under a region field: how to search, with the home region as the example.</summary>
    public string Hint => Home is { } h && Regions.NameOf(h) is { } name
        ? $"输入地名或代码即可搜索选择，如“{name}”（{h}）"
        : "输入地名或代码即可搜索选择，如“呼和浩特市”（150100）";
}
