using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Revocations;

/// <summary>Reading cases within the user's sight (<see cref="RevocationAccess"/>): one case, or a page of them newest first.</summary>
public sealed class RevocationQueries(RevocationAccess access, NpgsqlDataSource dataSource)
{
    public async Task<Outcome<CaseView>> GetAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await access.ReadAsync(connection, null, id, forUpdate: false);
        return row is null ? Outcome<CaseView>.NotFound() : Outcome<CaseView>.Ok(await access.ViewAsync(row));
    }

    /// <summary>A page of the cases the user sees, filtered by state and kind (codes; an unknown code is a 422 naming the field).</summary>
    public async Task<Outcome<Page<CaseListItem>>> ListAsync(string? status, string? kind, int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (!string.IsNullOrEmpty(status) && RevocationRules.ParseStatus(status) is null)
        {
            errors.Add("status", "状态只能是待审核（proposed）、已决定（decided）或已驳回（rejected）");
        }
        if (!string.IsNullOrEmpty(kind) && RevocationRules.ParseKind(kind) is null)
        {
            errors.Add("kind", "案件类型只能是撤销称号（revocation）或恢复称号（reinstatement）");
        }
        if (errors.Any)
        {
            return Outcome<Page<CaseListItem>>.Invalid(errors);
        }
        var (number, size) = Paging.Normalise(page, pageSize);
        var (read, decide) = await access.PatternsAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(RevocationAccess.Select + """

             WHERE (hu.path LIKE ANY(@read) OR au.path LIKE ANY(@decide))
               AND (@status = '' OR c.status = @status) AND (@kind = '' OR c.kind = @kind)
             ORDER BY c.id DESC LIMIT @limit OFFSET @offset
            """, connection);
        command.Parameters.AddWithValue("read", read);
        command.Parameters.AddWithValue("decide", decide);
        command.Parameters.AddWithValue("status", status ?? "");
        command.Parameters.AddWithValue("kind", kind ?? "");
        command.Parameters.AddWithValue("limit", size);
        command.Parameters.AddWithValue("offset", (number - 1) * size);
        var rows = await Rows.ListAsync<CaseRow>(command);
        await using var count = new NpgsqlCommand("""
            SELECT count(*)::int FROM revocation_cases c
            JOIN honorees p ON p.id = c.honoree_id JOIN org_units hu ON hu.id = p.org_unit_id JOIN org_units au ON au.id = c.awarding_unit_id
            WHERE (hu.path LIKE ANY(@read) OR au.path LIKE ANY(@decide))
              AND (@status = '' OR c.status = @status) AND (@kind = '' OR c.kind = @kind)
            """, connection);
        count.Parameters.AddWithValue("read", read);
        count.Parameters.AddWithValue("decide", decide);
        count.Parameters.AddWithValue("status", status ?? "");
        count.Parameters.AddWithValue("kind", kind ?? "");
        var total = (int)(await count.ExecuteScalarAsync())!;
        var items = rows.Select(r => new CaseListItem(r.Id, r.Kind, RevocationRules.ChineseName(r.KindValue), r.Status,
            RevocationRules.ChineseName(r.StatusValue, r.KindValue), r.HonoreeId, r.HonoreeName, r.HonourName,
            r.Grounds is null ? null : RevocationRules.GroundName(r.Grounds), r.AwardingUnitName, r.ProposerName, r.ProposedAt,
            r.DocumentNumber, r.EffectiveOn)).ToList();
        return Outcome<Page<CaseListItem>>.Ok(new Page<CaseListItem>(items, total, number, size));
    }
}
