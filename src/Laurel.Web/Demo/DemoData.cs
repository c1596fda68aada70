using Laurel.Rules.Access;
using Laurel.Rules.Honours;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>A demo account with a plausible (fictional) name, so that the pages greet a person, not a login.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Role, string UnitName)
{
    public string RoleName => Roles.ChineseName(Role);
}

/// <summary>
/// The demo deployment: the union tree of the policy sources' regions, one account per role and level, and about
/// 2,000 fictional honorees. Loaded only into an empty database.
/// </summary>
public static class DemoData
{
    public const string Password = "Laurel@2026";
    public const int HonoreeCount = 2000;

    // (name, kind, region, parent name)
    private static readonly (string Name, string Kind, string? Region, string? Parent)[] Tree =
    [
        ("中华全国总工会", "national", null, null),
        ("内蒙古自治区总工会", "provincial", "150000", "中华全国总工会"),
        ("呼和浩特市总工会", "municipal", "150100", "内蒙古自治区总工会"),
        ("新城区总工会", "county", "150102", "呼和浩特市总工会"),
        ("内蒙古电力集团工会", "grassroots", null, "新城区总工会"),
        ("辽宁省总工会", "provincial", "210000", "中华全国总工会"),
        ("铁岭市总工会", "municipal", "211200", "辽宁省总工会"),
        ("银州区总工会", "county", "211202", "铁岭市总工会"),
        ("铁岭市第一中学工会", "grassroots", null, "银州区总工会"),
        ("山西省总工会", "provincial", "140000", "中华全国总工会"),
        ("大同市总工会", "municipal", "140200", "山西省总工会"),
        ("北京市总工会", "provincial", "110000", "中华全国总工会"),
        ("朝阳区总工会", "county", "110105", "北京市总工会"),
        ("建外街道总工会", "street", null, "朝阳区总工会"),
        ("望京街道总工会", "street", null, "朝阳区总工会"),
        ("朝阳区教育工会", "industry", null, "朝阳区总工会"),
        ("建外SOHO联合工会", "grassroots", null, "建外街道总工会"),
        ("望京科技园联合工会", "grassroots", null, "望京街道总工会"),
        ("朝阳外国语学校工会", "grassroots", null, "朝阳区教育工会"),
        ("河北省总工会", "provincial", "130000", "中华全国总工会"),
        ("廊坊市总工会", "municipal", "131000", "河北省总工会"),
        ("江苏省总工会", "provincial", "320000", "中华全国总工会"),
        ("苏州市总工会", "municipal", "320500", "江苏省总工会"),
    ];

    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new("admin", "赵立新", Roles.Sysadmin, "中华全国总工会"),
        // A second sysadmin: a grant one of them proposes is confirmed by the other (maker-checker, ADR 13).
        new("admin2", "钱文华", Roles.Sysadmin, "中华全国总工会"),
        new("auditor", "孙慧敏", Roles.Auditor, "中华全国总工会"),
        new("acftu", "周国强", Roles.Manager, "中华全国总工会"),
        new("nmg", "巴特尔", Roles.Manager, "内蒙古自治区总工会"),
        new("hohhot", "王海涛", Roles.Manager, "呼和浩特市总工会"),
        new("tieling", "刘振东", Roles.Manager, "铁岭市总工会"),
        new("datong", "张晓燕", Roles.Manager, "大同市总工会"),
        new("chaoyang", "陈志刚", Roles.Manager, "朝阳区总工会"),
        new("jianwai", "王建国", Roles.Manager, "建外街道总工会"),
        new("wangjing", "李秀英", Roles.Manager, "望京街道总工会"),
        new("langfang", "杨帆", Roles.Manager, "廊坊市总工会"),
        new("suzhou", "沈佳怡", Roles.Manager, "苏州市总工会"),
        new("chaoyang-viewer", "吴静", Roles.Viewer, "朝阳区总工会"),
        // Finance staff in pairs: one computes a payment cycle, the other approves it.
        new("nmg-finance", "何丽娟", Roles.Finance, "内蒙古自治区总工会"),
        new("nmg-checker", "萨仁高娃", Roles.Finance, "内蒙古自治区总工会"),
        new("tieling-finance", "马春梅", Roles.Finance, "铁岭市总工会"),
        new("tieling-checker", "徐国栋", Roles.Finance, "铁岭市总工会"),
        // Selection admins (评选管理员) in pairs as well: a reasoned override of a negative opinion and a revocation
        // take two of them (maker-checker).
        new("chaoyang-selection", "郑红梅", Roles.SelectionAdmin, "朝阳区总工会"),
        new("chaoyang-selection-checker", "韩立军", Roles.SelectionAdmin, "朝阳区总工会"),
        new("tieling-selection", "高玉兰", Roles.SelectionAdmin, "铁岭市总工会"),
        new("tieling-selection-checker", "孟庆华", Roles.SelectionAdmin, "铁岭市总工会"),
        new("nmg-selection", "乌云其木格", Roles.SelectionAdmin, "内蒙古自治区总工会"),
        new("nmg-selection-checker", "宝音", Roles.SelectionAdmin, "内蒙古自治区总工会"),
    ];

    /// <summary>The demo paying units' special funds for honoree payments (fictional figures).</summary>
    private static readonly (string Unit, int Year, decimal Amount)[] SpecialFunds =
    [
        ("内蒙古自治区总工会", 2026, 2_000_000m),
        ("铁岭市总工会", 2026, 1_000_000m),
    ];

    /// <summary>Loads the demo when the database has no org unit yet; returns whether it did.</summary>
    public static async Task<bool> LoadIfEmptyAsync(IServiceProvider services, int honorees = HonoreeCount)
    {
        var db = services.GetRequiredService<LaurelDb>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        // Two instances started with --demo at once: the second waits for the first's tree and skips.
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7423101)");
        if (await db.OrgUnits.AnyAsync())
        {
            return false;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var units = new Dictionary<string, OrgUnit>();
        long id = 0;
        foreach (var (name, kind, region, parent) in Tree)
        {
            id++;
            var parentUnit = parent is null ? null : units[parent];
            var unit = new OrgUnit
            {
                Id = id, ParentId = parentUnit?.Id, Name = name, Kind = kind, RegionCode = region, CreatedAt = now,
                Path = parentUnit is null ? OrgPath.Root(id) : OrgPath.Child(parentUnit.Path, id),
            };
            units[name] = unit;
            db.OrgUnits.Add(unit);
        }
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('org_units', 'id'), (SELECT max(id) FROM org_units))");

        var userManager = services.GetRequiredService<UserManager<LaurelUser>>();
        foreach (var account in Accounts)
        {
            var unit = units[account.UnitName];
            var user = new LaurelUser { UserName = account.UserName, DisplayName = account.DisplayName, OrgUnitId = unit.Id, CreatedAt = now, LockoutEnabled = true };
            var result = await userManager.CreateAsync(user, Password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
            db.RoleGrants.Add(new RoleGrant { UserId = user.Id, Role = account.Role, OrgUnitId = unit.Id, GrantedAt = now });
        }
        // Policy administrators of their regions' packs (issue 3): Inner Mongolia and Tieling.
        foreach (var (user, unit) in new[] { ("nmg", "内蒙古自治区总工会"), ("tieling", "铁岭市总工会") })
        {
            db.RoleGrants.Add(new RoleGrant { UserId = (await userManager.FindByNameAsync(user))!.Id, Role = Roles.PolicyAdmin, OrgUnitId = units[unit].Id, GrantedAt = now });
        }
        // The national manager may see full resident IDs, so the demo shows both sides of masking.
        db.RoleGrants.Add(new RoleGrant { UserId = (await userManager.FindByNameAsync("acftu"))!.Id, Role = Roles.ViewFullId, OrgUnitId = units["中华全国总工会"].Id, GrantedAt = now });
        await db.SaveChangesAsync();
        foreach (var (unit, year, amount) in SpecialFunds)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO payment_budgets (org_unit_id, year, amount, updated_at) VALUES ({units[unit].Id}, {year}, {amount}, {now})");
        }
        await tx.CommitAsync();

        var placements = PlacementUnits(units.Values.ToList());
        var today = Dates.Today(clock);
        var generator = new HonoreeGenerator(2026, today);
        var random = new Random(7);
        var people = Enumerable.Range(0, honorees).Select(_ => generator.Next(placements[random.Next(placements.Count)]));
        await BulkLoader.LoadAsync(dataSource, services.GetRequiredService<FieldProtector>(), people, now);
        await HonourRollDemo.LoadAsync(dataSource, now);
        await RevocationCaseAsync(dataSource, units["内蒙古自治区总工会"],
            (await userManager.FindByNameAsync("nmg"))!.Id, (await userManager.FindByNameAsync("nmg-selection"))!.Id, today, now);
        // Issue 12: a 2026 朝阳区 campaign under way, with the streets' pools and a few recommended candidates.
        await DemoNominations.LoadAsync(dataSource, services.GetRequiredService<FieldProtector>(), clock);
        await DemoChaoyangProcedure.LoadAsync(dataSource, services.GetRequiredService<FieldProtector>(),
            await services.GetRequiredService<WorkingCalendarStore>().LoadAsync(), clock);
        await DemoTielingCampaign.LoadAsync(services, clock);
        return true;
    }

    /// <summary>
    /// One revocation decided in 内蒙古 (退出机制, issue 12 §5): proposed by the manager nmg, decided by nmg-selection (two
    /// people), effective two months ago, on the first active Inner Mongolian provincial honour awarded before then.
    /// </summary>
    private static async Task RevocationCaseAsync(NpgsqlDataSource dataSource, OrgUnit region, long proposer, long decider, DateOnly today, DateTimeOffset now)
    {
        var effective = today.AddMonths(-2);
        const string number = "内工发〔2026〕8号";
        await using var command = dataSource.CreateCommand("""
            WITH pick AS (
                SELECT o.id AS honour_id, o.honoree_id FROM honours o
                JOIN honorees h ON h.id = o.honoree_id JOIN org_units u ON u.id = h.org_unit_id
                WHERE o.status = 'active' AND o.awarding_region_code = '150000' AND o.title_code LIKE 'provincial%' AND o.awarded_on < $1
                  AND u.path LIKE $2
                ORDER BY o.id LIMIT 1),
            revoked AS (
                UPDATE honours SET status = 'revoked', revoked_on = $1, revocation_reason = $3, version = version + 1
                WHERE id IN (SELECT honour_id FROM pick) RETURNING id)
            INSERT INTO revocation_cases (kind, honour_id, honoree_id, awarding_unit_id, grounds, evidence, status, proposed_by, proposed_at,
                decided_by, decided_at, document_number, effective_on)
            SELECT 'revocation', honour_id, honoree_id, $4, 'fraud', $5, 'decided', $6, $7, $8, $9, $10, $1 FROM pick
            """);
        foreach (var value in new object[] { effective, region.Path + "%", RevocationRules.HonourReason(RevocationGround.Fraud, number), region.Id,
            "经核查，该同志申报称号时提交的业绩材料中有两项获奖证书系伪造，所在单位纪委已出具调查报告。", proposer, now.AddDays(-20), decider, now.AddDays(-10), number })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every unit except the root, with the region of the unit or of its nearest territorial ancestor.</summary>
    public static List<PlacementUnit> PlacementUnits(IReadOnlyList<OrgUnit> units)
    {
        var regions = UnitRegions.Resolve(units.Select(u => (u.Id, u.ParentId, u.RegionCode)));
        return units.Where(u => u.ParentId is not null && regions.ContainsKey(u.Id))
            .Select(u => new PlacementUnit(u.Id, regions[u.Id])).ToList();
    }
}
