using Laurel.Rules.Identity;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.OrgUnits;

public sealed record OrgUnitInput(long? ParentId, string? Name, string? Kind, string? RegionCode);
public sealed record OrgUnitRenameInput(string? Name);
public sealed record OrgUnitMoveInput(long? ParentId);
public sealed record OrgUnitView(long Id, long? ParentId, string Name, string Kind, string? RegionCode);

/// <summary>The org tree, administered by sysadmins within the subtrees of their grants.</summary>
public sealed class OrgUnitCommands(LaurelDb db, Scope scope, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrgUnitView>> VisibleAsync() =>
        await (await scope.VisibleOrgUnitsAsync()).OrderBy(u => u.Path)
            .Select(u => new OrgUnitView(u.Id, u.ParentId, u.Name, u.Kind, u.RegionCode)).AsNoTracking().ToListAsync();

    public async Task<Outcome<OrgUnitView>> CreateAsync(OrgUnitInput input)
    {
        var errors = new FieldErrors();
        var parent = input.ParentId is null ? null : await AdministeredAsync(input.ParentId.Value);
        if (parent is null)
        {
            errors.Add("parentId", "上级单位不存在或不在您的管理范围内");
        }
        var name = CheckName(input.Name, errors);
        var kind = OrgUnitKinds.Parse(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", "单位类型应为 national、provincial、municipal、county、street、industry 或 grassroots");
        }
        var region = string.IsNullOrWhiteSpace(input.RegionCode) ? null : input.RegionCode.Trim();
        if (region is not null && !Regions.IsValidCode(region))
        {
            errors.Add("regionCode", "地区码应为6位有效的行政区划代码（GB/T 2260）");
        }
        else if (region is null && kind is { } k && OrgUnitKinds.IsTerritorial(k) && k != OrgUnitKind.National)
        {
            errors.Add("regionCode", "地方总工会必须填写地区码");
        }
        if (errors.Any)
        {
            return Outcome<OrgUnitView>.Invalid(errors);
        }
        if (await db.OrgUnits.AnyAsync(u => u.ParentId == parent!.Id && u.Name == name))
        {
            return Outcome<OrgUnitView>.Conflict("同一上级单位下已有同名单位。");
        }
        // The path holds the unit's own id, so the id is drawn first.
        var newId = await db.Database.SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('org_units', 'id')) AS \"Value\"").SingleAsync();
        var unit = new OrgUnit
        {
            Id = newId, ParentId = parent!.Id, Path = OrgPath.Child(parent.Path, newId), Name = name!, Kind = OrgUnitKinds.Code(kind!.Value),
            RegionCode = region, CreatedAt = clock.GetUtcNow(),
        };
        db.OrgUnits.Add(unit);
        audit.Record(AuditActions.Create, "org_unit", unit.Id, null, Snapshot(unit), $"新增单位 {unit.Name}");
        await db.SaveChangesAsync();
        return Outcome<OrgUnitView>.Ok(View(unit));
    }

    public async Task<Outcome<OrgUnitView>> RenameAsync(long id, OrgUnitRenameInput input)
    {
        var unit = await AdministeredAsync(id);
        if (unit is null)
        {
            return Outcome<OrgUnitView>.NotFound();
        }
        var errors = new FieldErrors();
        var name = CheckName(input.Name, errors);
        if (errors.Any)
        {
            return Outcome<OrgUnitView>.Invalid(errors);
        }
        if (await db.OrgUnits.AnyAsync(u => u.ParentId == unit.ParentId && u.Name == name && u.Id != unit.Id))
        {
            return Outcome<OrgUnitView>.Conflict("同一上级单位下已有同名单位。");
        }
        var before = Snapshot(unit);
        unit.Name = name!;
        unit.Version++;
        audit.Record(AuditActions.Update, "org_unit", unit.Id, before, Snapshot(unit), $"单位更名为 {unit.Name}");
        await db.SaveChangesAsync();
        return Outcome<OrgUnitView>.Ok(View(unit));
    }

    /// <summary>Moves a unit and its whole subtree under a new parent, in one statement.</summary>
    public async Task<Outcome<OrgUnitView>> MoveAsync(long id, OrgUnitMoveInput input)
    {
        var unit = await AdministeredAsync(id);
        if (unit is null)
        {
            return Outcome<OrgUnitView>.NotFound();
        }
        var parent = input.ParentId is null ? null : await AdministeredAsync(input.ParentId.Value);
        if (parent is null)
        {
            return Outcome<OrgUnitView>.Invalid("parentId", "新的上级单位不存在或不在您的管理范围内");
        }
        if (unit.ParentId is null || !OrgPath.IsValidMove(unit.Path, parent.Path))
        {
            return Outcome<OrgUnitView>.Invalid("parentId", "不能把单位移到它自身或其下级单位之下，也不能移动根单位");
        }
        if (await db.OrgUnits.AnyAsync(u => u.ParentId == parent.Id && u.Name == unit.Name))
        {
            return Outcome<OrgUnitView>.Conflict("新的上级单位下已有同名单位。");
        }
        var before = Snapshot(unit);
        var oldPath = unit.Path;
        var newPath = OrgPath.Child(parent.Path, unit.Id);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE org_units SET path = {newPath} || substr(path, length({oldPath}) + 1), version = version + 1
            WHERE path LIKE {oldPath + "%"}
            """);
        await db.Database.ExecuteSqlAsync($"UPDATE org_units SET parent_id = {parent.Id} WHERE id = {unit.Id}");
        await db.Entry(unit).ReloadAsync();
        audit.Record(AuditActions.Update, "org_unit", unit.Id, before, Snapshot(unit), $"单位 {unit.Name} 移至 {parent.Name} 之下");
        await db.SaveChangesAsync();
        return Outcome<OrgUnitView>.Ok(View(unit));
    }

    private async Task<OrgUnit?> AdministeredAsync(long id) =>
        await (await scope.OrgUnitsWhereAsync(g => g.AdminRoots)).FirstOrDefaultAsync(u => u.Id == id);

    private static string? CheckName(string? input, FieldErrors errors) =>
        TextFields.Required(input, "name", "单位名称", 100, errors);

    private static OrgUnitView View(OrgUnit u) => new(u.Id, u.ParentId, u.Name, u.Kind, u.RegionCode);
    private static object Snapshot(OrgUnit u) => new { u.Name, u.Kind, u.RegionCode, u.ParentId, u.Path };
}
