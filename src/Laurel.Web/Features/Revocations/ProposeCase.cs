using Laurel.Rules.Honours;
using Laurel.Rules.Organisation;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Web.Features.Revocations;

/// <summary>
/// A manager in scope of the honoree proposes a case on one honour: a revocation of an active honour with its grounds
/// and evidence, or the reinstatement of a revoked one with its reasons. The honour row is locked, so that two
/// proposals at once give one open case and a clear refusal. The awarding level is fixed now (<see cref="RevocationRules.AwardingUnit"/>).
/// </summary>
public sealed class ProposeCase(LaurelDb db, UnitOfWork work, Scope scope, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<long>> ProposeAsync(ProposeInput input)
    {
        var errors = new FieldErrors();
        var kind = input.Kind is null ? RevocationKind.Revocation : RevocationRules.ParseKind(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", "案件类型只能是撤销称号或恢复称号");
        }
        if (input.HonourId is null)
        {
            errors.Add("honourId", "请选择要撤销或恢复的荣誉");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var honour = await db.Honours.AsNoTracking().FirstOrDefaultAsync(h => h.Id == input.HonourId);
        if (honour is null)
        {
            return Outcome<long>.NotFound();
        }
        var (honoree, refused) = await scope.WritableHonoreeAsync<long>(honour.HonoreeId, "您对该档案只有查看权限，不能提出撤销或恢复申请。");
        if (honoree is null)
        {
            return refused!;
        }
        var tx = work.Transaction;
        var status = await tx.ScalarAsync<string>("SELECT status FROM honours WHERE id = @id FOR UPDATE", ("id", honour.Id));
        if (RevocationRules.OpeningRefusal(kind!.Value, status == "revoked") is { } opening)
        {
            return Outcome<long>.Conflict(opening);
        }
        var open = await tx.ScalarAsync<long?>("SELECT id FROM revocation_cases WHERE honour_id = @id AND status = 'proposed'", ("id", honour.Id));
        if (open is not null)
        {
            return Outcome<long>.Conflict($"该荣誉已有待审核的案件（编号 {open}），请等待审核结果后再提出");
        }

        RevocationGround? ground = null;
        if (kind == RevocationKind.Revocation)
        {
            if (TypedTextEmpty(input.Grounds))
            {
                errors.Add("grounds", "请选择撤销事由");
            }
            else if (TextFields.IsClean(input.Grounds, "grounds", "撤销事由", errors) && (ground = RevocationRules.ParseGround(input.Grounds!.Trim())) is null)
            {
                errors.Add("grounds", "撤销事由只能是弄虚作假、触犯法律、违纪或受到处分");
            }
        }
        var label = kind == RevocationKind.Revocation ? "事实与证据" : "恢复理由";
        var evidence = TextFields.Required(input.Evidence, "evidence", label, RevocationRules.MaxEvidence, errors, multiLine: true);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }

        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId, u.Kind, u.RegionCode, u.Path, u.Name }).ToListAsync();
        var awarding = RevocationRules.AwardingUnit(honour.AwardingRegionCode, honoree.OrgUnitId,
            units.Select(u => new RevocationUnit(u.Id, u.ParentId, u.Kind, u.RegionCode, OrgPath.Depth(u.Path))).ToList());
        if (awarding is null)
        {
            return Outcome<long>.Conflict("组织机构中找不到该荣誉授予层级的总工会，无法确定由谁审核，请联系系统管理员");
        }
        var id = await tx.ScalarAsync<long>("""
            INSERT INTO revocation_cases (kind, honour_id, honoree_id, awarding_unit_id, grounds, evidence, proposed_by, proposed_at)
            VALUES (@kind, @honour, @honoree, @unit, @grounds, @evidence, @by, @at) RETURNING id
            """, ("kind", RevocationRules.Code(kind.Value)), ("honour", honour.Id), ("honoree", honoree.Id), ("unit", awarding.Value),
            ("grounds", ground is { } g ? RevocationRules.Code(g) : DBNull.Value), ("evidence", evidence!), ("by", user.Id!.Value), ("at", clock.GetUtcNow()));
        var unitName = units.First(u => u.Id == awarding).Name;
        audit.Record(AuditActions.Create, AuditObjectTypes.RevocationCase, id, null,
            new { kind = RevocationRules.Code(kind.Value), honourId = honour.Id, honoreeId = honoree.Id, grounds = ground is { } gc ? RevocationRules.Code(gc) : null, awardingUnitId = awarding, evidence },
            $"提出{RevocationRules.ChineseName(kind.Value)}申请：{honoree.Name}{(ground is { } gn ? "，事由：" + RevocationRules.ChineseName(gn) : "")}，由{unitName}审核");
        await db.SaveChangesAsync();
        return Outcome<long>.Ok(id);
    }

    private static bool TypedTextEmpty(string? value) => Laurel.Rules.Text.TypedText.IsEmpty(value);
}
