using Laurel.Rules.Honours;
using Laurel.Rules.Identity;
using Laurel.Rules.Registry;
using Laurel.Rules.Text;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Honorees;

/// <summary>Reads of honoree records; every one starts from the scoped query.</summary>
public sealed class HonoreeQueries(LaurelDb db, Scope scope, CurrentUser user, AuditLog audit, ResidentIds ids, TimeProvider clock)
{
    private DateOnly Today => Dates.Today(clock);

    /// <summary>
    /// The record with its facts as of a date (today when null). The full resident ID, and the full phone, are shown
    /// only when asked for and the user holds view_full_id over the record's unit; each such view is audited.
    /// </summary>
    public async Task<Outcome<HonoreeView>> GetAsync(long id, DateOnly? asOf = null, bool revealFullId = false, bool revealPhone = false)
    {
        var honoree = await (await scope.HonoreesAsync()).AsNoTracking()
            .Include(h => h.Honours).Include(h => h.Facts)
            .AsSplitQuery()
            .FirstOrDefaultAsync(h => h.Id == id);
        if (honoree is null)
        {
            return Outcome<HonoreeView>.NotFound();
        }
        var grants = await user.GrantsAsync();
        var unitPaths = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.Path, u.Name));
        var path = unitPaths[honoree.OrgUnitId].Path;
        var canSeeFull = grants.CanSeeFullIdAt(path);
        var residentId = honoree.ResidentIdMasked;
        var shown = false;
        if (revealFullId && canSeeFull)
        {
            residentId = ids.Reveal(honoree.ResidentIdCipher);
            shown = true;
            await audit.RecordNowAsync(AuditActions.ViewFullId, "honoree", honoree.Id, $"查看 {honoree.Name} 的完整身份证号");
        }
        var phone = honoree.PhoneMasked;
        var phoneShown = false;
        if (revealPhone && canSeeFull && honoree.PhoneCipher is not null)
        {
            phone = ids.RevealPhone(honoree.PhoneCipher);
            phoneShown = true;
            await audit.RecordNowAsync(AuditActions.ViewFullPhone, "honoree", honoree.Id, $"查看 {honoree.Name} 的完整联系电话");
        }

        var date = asOf ?? Today;
        var snapshot = FactTimeline.AsOf(FactMapping.InRecordingOrder(honoree.Facts), date);
        OrgUnitRef? Unit(long? unitId) => unitId is { } u && unitPaths.TryGetValue(u, out var x) ? new OrgUnitRef(u, x.Name) : null;
        var facts = new FactsView(
            date,
            snapshot.Employment is { } e
                ? new EmploymentView(FactCodes.Code(e.Status), FactCodes.ChineseName(e.Status), e.EmployerName,
                    e.EmployerType is { } t ? FactCodes.Code(t) : null, e.EmployerType is { } t2 ? FactCodes.ChineseName(t2) : null, e.EffectiveOn)
                : null,
            snapshot.Pension is { } p
                ? new PensionView(FactCodes.Code(p.Scheme), FactCodes.ChineseName(p.Scheme), p.MonthlyAmount, p.EffectiveOn)
                : null,
            snapshot.Hukou?.RegionCode, snapshot.Hukou is { } hk ? Regions.NameOf(hk.RegionCode) : null,
            Unit(snapshot.OrgUnit?.OrgUnitId), snapshot.Death?.EffectiveOn);

        var timeline = honoree.Facts.OrderByDescending(f => f.EffectiveOn).ThenByDescending(f => f.RecordedAt).ThenByDescending(f => f.Id)
            .Select(f => new FactView(f.Id, f.Kind, FactCodes.KindName(f.Kind), f.EffectiveOn, Describe(f, Unit), f.RecordedAt, f.WithdrawnAt, f.WithdrawalReason))
            .ToList();

        return Outcome<HonoreeView>.Ok(new HonoreeView(
            honoree.Id, honoree.Name, residentId, shown, honoree.BirthDate, honoree.Gender,
            phone, phoneShown,
            Unit(honoree.OrgUnitId)!, honoree.HukouRegionCode, honoree.EmploymentStatus, honoree.DiedOn, honoree.Version,
            facts, honoree.Honours.OrderBy(h => h.AwardedOn).Select(ToView).ToList(), timeline,
            grants.CanWriteHonoreesAt(path), canSeeFull));
    }

    public async Task<Page<HonoreeListItem>> SearchAsync(HonoreeSearch search)
    {
        var query = await FilterAsync(search);
        var (page, size) = Paging.Normalise(search.Page, search.PageSize);
        // Deferred join: the page's ids come from the index alone (an OFFSET over whole rows would read every skipped
        // row from the table); only the page's own rows are then read in full.
        var pageIds = Sort(query, search.Sort).Skip((page - 1) * size).Take(size).Select(h => h.Id);
        var rows = await ToRows(Sort(db.Honorees.Where(h => pageIds.Contains(h.Id)), search.Sort)).ToListAsync();
        // A first page that is not full holds every match, so it needs no count.
        var counted = page == 1 && rows.Count < size ? rows.Count : await query.Take(Paging.CountLimit + 1).CountAsync();
        var items = rows.Select(ToListItem).ToList();
        return counted > Paging.CountLimit
            ? new Page<HonoreeListItem>(items, Paging.CountLimit, page, size, TotalIsExact: false)
            : new Page<HonoreeListItem>(items, counted, page, size);
    }

    private static IOrderedQueryable<Honoree> Sort(IQueryable<Honoree> query, string? sort) => sort switch
    {
        "name_desc" => query.OrderByDescending(h => h.Name).ThenByDescending(h => h.Id),
        "birth" => query.OrderBy(h => h.BirthDate).ThenBy(h => h.Id),
        "birth_desc" => query.OrderByDescending(h => h.BirthDate).ThenByDescending(h => h.Id),
        "created_desc" => query.OrderByDescending(h => h.Id),
        // ICU collations (db/migrations/0013), each with its index: pinyin as Chinese lists are sorted, and stroke order.
        "pinyin" => query.OrderBy(h => EF.Functions.Collate(h.Name, PinyinCollation)).ThenBy(h => h.Id),
        "stroke" => query.OrderBy(h => EF.Functions.Collate(h.Name, StrokeCollation)).ThenBy(h => h.Id),
        _ => query.OrderBy(h => h.Name).ThenBy(h => h.Id),
    };

    public const string PinyinCollation = "zh-x-icu";
    public const string StrokeCollation = "zh-u-co-stroke-x-icu";

    /// <summary>The most rows one export holds; a larger one is refused so that one request cannot hold a million rows.</summary>
    public const int ExportLimit = 50_000;

    /// <summary>Every honoree matching the search, for export: masked IDs, audited with the file's format. Null when more than ExportLimit match.</summary>
    public async Task<IReadOnlyList<HonoreeListItem>?> ExportAsync(HonoreeSearch search, string format = "csv")
    {
        var rows = await ToRows(Sort(await FilterAsync(search), search.Sort).Take(ExportLimit + 1)).ToListAsync();
        if (rows.Count > ExportLimit)
        {
            return null;
        }
        var items = rows.Select(ToListItem).ToList();
        await audit.RecordNowAsync(AuditActions.Export, "honoree", null, $"导出劳模档案 {items.Count} 条（{format}）",
            after: new { search.Q, search.TitleCode, search.Level, search.OrgUnitId, search.Status, search.Employer, format, count = items.Count });
        return items;
    }

    private async Task<IQueryable<Honoree>> FilterAsync(HonoreeSearch search)
    {
        var query = await scope.HonoreesAsync();
        // PostgreSQL cannot compare text holding a NUL: such a search matches nothing, as no stored value holds one.
        if (new[] { search.Q, search.TitleCode, search.Level, search.Status, search.Sort, search.Employer }.Any(Laurel.Rules.Text.TypedText.HasNul))
        {
            return query.Where(_ => false);
        }
        var q = search.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            if (ResidentId.TryParse(q, Today, out var rid, out _))
            {
                var hash = ids.Hash(rid);
                query = query.Where(h => h.ResidentIdHash == hash);
            }
            else if (ResidentIds.AsTail(q) is { } tail)
            {
                // The end of a resident ID: its keyed hash, in the column of its length; the plain digits are not stored.
                var hash = ids.TailHash(tail);
                query = tail.Length switch
                {
                    4 => query.Where(h => h.ResidentIdTail4Hash == hash),
                    5 => query.Where(h => h.ResidentIdTail5Hash == hash),
                    _ => query.Where(h => h.ResidentIdTail6Hash == hash),
                };
            }
            else
            {
                var pattern = LikeEscape(q) + "%";
                // Two characters or more may also be a given name without the surname (审阅辛 finds 某审阅辛). One
                // character stays a surname search: as a given name it would match tens of thousands in a million.
                query = q.Length >= 2
                    ? query.Where(h => EF.Functions.Like(h.Name, pattern) || EF.Functions.Like(LaurelDb.GivenName(h.Name), pattern))
                    : query.Where(h => EF.Functions.Like(h.Name, pattern));
            }
        }
        var employer = search.Employer?.Trim();
        if (!string.IsNullOrEmpty(employer))
        {
            var pattern = "%" + LikeEscape(employer) + "%";
            query = query.Where(h => h.EmployerName != null && EF.Functions.Like(h.EmployerName, pattern));
        }
        if (search.OrgUnitId is { } unitId)
        {
            // Within the scope, as every search: a unit the user cannot see matches nothing.
            var unit = await (await scope.VisibleOrgUnitsAsync()).FirstOrDefaultAsync(u => u.Id == unitId);
            query = scope.Under(query, unit is null ? [] : [unit.Path]);
        }
        var codes = new List<string>();
        if (!string.IsNullOrEmpty(search.TitleCode))
        {
            codes.Add(search.TitleCode);
        }
        if (HonourLevels.Parse(search.Level) is { } level)
        {
            var ofLevel = TitleCatalogue.All.Where(t => t.Level == level).Select(t => t.Code).ToArray();
            codes = codes.Count == 0 ? [.. ofLevel] : codes.Intersect(ofLevel).ToList();
            if (codes.Count == 0)
            {
                codes.Add("-");
            }
        }
        else if (!string.IsNullOrEmpty(search.Level))
        {
            codes = ["-"];
        }
        if (codes.Count > 0)
        {
            var codeArray = codes.ToArray();
            query = query.Where(h => h.TitleCodes.Any(c => codeArray.Contains(c)));
        }
        query = search.Status switch
        {
            "deceased" => query.Where(h => h.DiedOn != null),
            "employed" or "retired" or "unemployed" => query.Where(h => h.DiedOn == null && h.EmploymentStatus == search.Status),
            _ => query,
        };
        return query;
    }

    private static string LikeEscape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed record TitleRef(string Code, string? RegionCode);

    private sealed record ListRow(long Id, string Name, string Masked, string Gender, DateOnly BirthDate, long OrgUnitId, string UnitName,
        string? EmploymentStatus, DateOnly? DiedOn, List<TitleRef> Titles);

    /// <summary>One round trip: the page's rows with their unit names and active honours.</summary>
    private IQueryable<ListRow> ToRows(IQueryable<Honoree> page) => page
        .Select(h => new ListRow(h.Id, h.Name, h.ResidentIdMasked, h.Gender, h.BirthDate, h.OrgUnitId,
            db.OrgUnits.Where(u => u.Id == h.OrgUnitId).Select(u => u.Name).First(), h.EmploymentStatus, h.DiedOn,
            h.Honours.Where(o => o.Status == "active").Select(o => new TitleRef(o.TitleCode, o.AwardingRegionCode)).ToList()))
        .AsNoTracking();

    private static HonoreeListItem ToListItem(ListRow r)
    {
        var titles = r.Titles
            .Select(t => (Title: TitleCatalogue.Find(t.Code), t.RegionCode))
            .Where(t => t.Title is not null)
            .OrderBy(t => t.Title!.Level)
            .ToList();
        return new HonoreeListItem(r.Id, r.Name, r.Masked, r.Gender, r.BirthDate, new OrgUnitRef(r.OrgUnitId, r.UnitName),
            r.EmploymentStatus, r.DiedOn,
            titles.Select(t => TitleCatalogue.DisplayName(t.Title!, t.RegionCode)).ToList(),
            titles.Count == 0 ? null : HonourLevels.Code(titles[0].Title!.Level));
    }

    internal static HonourView ToView(Honour h)
    {
        var title = TitleCatalogue.Find(h.TitleCode);
        return new HonourView(h.Id, h.TitleCode, title?.Name ?? h.TitleCode,
            title is null ? h.TitleCode : TitleCatalogue.DisplayName(title, h.AwardingRegionCode),
            title is null ? "" : HonourLevels.Code(title.Level), title is null ? "" : HonourLevels.ChineseName(title.Level),
            h.AwardingRegionCode, h.AwardedOn, h.AwardingBody, h.DocumentNumber, h.CertificateNumber, h.Status, h.RevokedOn, h.RevocationReason);
    }

    private static string Describe(HonoreeFact f, Func<long?, OrgUnitRef?> unit) => f.Kind switch
    {
        "employment" => string.Join("，", new[]
        {
            FactCodes.ParseEmploymentStatus(f.EmploymentStatus) is { } s ? FactCodes.ChineseName(s) : f.EmploymentStatus,
            f.EmployerName,
            FactCodes.ParseEmployerType(f.EmployerType) is { } t ? FactCodes.ChineseName(t) : null,
        }.Where(x => !string.IsNullOrEmpty(x))),
        "pension" => $"{(FactCodes.ParsePensionScheme(f.PensionScheme) is { } p ? FactCodes.ChineseName(p) : f.PensionScheme)}，每月 {f.PensionMonthly:0.00} 元",
        "hukou" => $"{f.RegionCode} {Regions.NameOf(f.RegionCode!)}".Trim(),
        "org_unit" => unit(f.OrgUnitId)?.Name ?? f.OrgUnitId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        "death" => "去世",
        _ => "",
    };
}
