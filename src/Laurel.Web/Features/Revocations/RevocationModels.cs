using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Revocations;

/// <summary>A case proposed on an honour: kind revocation (the default) or reinstatement; grounds only for a revocation.</summary>
public sealed record ProposeInput(long? HonourId, string? Kind, string? Grounds, string? Evidence);

/// <summary>The decision of a case: the document number (文号) and the date it takes effect.</summary>
public sealed record DecisionInput(string? DocumentNumber, DateOnly? EffectiveOn);

public sealed record RejectionInput(string? Reason);

/// <summary>
/// One case as the API and the case page show it. <see cref="CanDecide"/> says whether the user may decide or reject it
/// now; <see cref="DecideRefusal"/> why not, when the user is a selection admin of the level but may not (the proposer).
/// Attachments are not here yet: the shared attachment store (issue 12 §3) will list the case's files by its id.
/// </summary>
public sealed record CaseView(
    long Id, string Kind, string KindName, string Status, string StatusName,
    long HonourId, string HonourName, DateOnly AwardedOn, string HonourStatus, DateOnly? RevokedOn,
    long HonoreeId, string HonoreeName, string HonoreeUnit, long AwardingUnitId, string AwardingUnitName,
    string? Grounds, string? GroundsName, string Evidence,
    string ProposedBy, DateTimeOffset ProposedAt, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? DocumentNumber, DateOnly? EffectiveOn, string? RejectionReason, bool CanDecide, string? DecideRefusal);

public sealed record CaseListItem(
    long Id, string Kind, string KindName, string Status, string StatusName, long HonoreeId, string HonoreeName, string HonourName,
    string? GroundsName, string AwardingUnitName, string ProposedBy, DateTimeOffset ProposedAt, string? DocumentNumber, DateOnly? EffectiveOn);

/// <summary>One row of revocation_cases with what the checks need (the honour, the honoree's and the awarding unit's paths).</summary>
internal sealed record CaseRow(
    long Id, string Kind, string Status, long HonourId, long HonoreeId, long AwardingUnitId, string AwardingUnitName, string AwardingUnitPath,
    string HonoreeUnitPath, string HonoreeUnitName, string HonoreeName, string? Grounds, string Evidence,
    long ProposedBy, string ProposerName, DateTimeOffset ProposedAt, long? DecidedBy, string? DeciderName, DateTimeOffset? DecidedAt,
    string? DocumentNumber, DateOnly? EffectiveOn, string? RejectionReason,
    string TitleCode, string? AwardingRegionCode, DateOnly AwardedOn, string HonourStatus, DateOnly? RevokedOn, string? RevocationReason)
{
    public RevocationKind KindValue => RevocationRules.ParseKind(Kind)!.Value;
    public RevocationStatus StatusValue => RevocationRules.ParseStatus(Status)!.Value;

    public string HonourName => TitleCatalogue.Find(TitleCode) is { } title ? TitleCatalogue.DisplayName(title, AwardingRegionCode) : TitleCode;
}

/// <summary>
/// Who sees and who decides a case. A case is visible to the managers, viewers and selection admins of the honoree's
/// managing unit (its subtree roots) and to the selection admins of the awarding level; it is decided or rejected only
/// by a selection admin whose grant covers the awarding unit, and never by its proposer. Outside that, 404.
/// </summary>
public sealed class RevocationAccess(CurrentUser user)
{
    internal const string Select = """
        SELECT c.id, c.kind, c.status, c.honour_id, c.honoree_id, c.awarding_unit_id, au.name AS awarding_unit_name, au.path AS awarding_unit_path,
               hu.path AS honoree_unit_path, hu.name AS honoree_unit_name, p.name AS honoree_name, c.grounds, c.evidence,
               c.proposed_by, pu.display_name AS proposer_name, c.proposed_at, c.decided_by, du.display_name AS decider_name, c.decided_at,
               c.document_number, c.effective_on, c.rejection_reason,
               o.title_code, o.awarding_region_code, o.awarded_on, o.status AS honour_status, o.revoked_on, o.revocation_reason
        FROM revocation_cases c
        JOIN honours o ON o.id = c.honour_id
        JOIN honorees p ON p.id = c.honoree_id
        JOIN org_units hu ON hu.id = p.org_unit_id
        JOIN org_units au ON au.id = c.awarding_unit_id
        JOIN users pu ON pu.id = c.proposed_by
        LEFT JOIN users du ON du.id = c.decided_by
        """;

    /// <summary>The LIKE patterns of the subtrees whose cases the user reads, and of those whose cases they decide.</summary>
    public async Task<(string[] Read, string[] Decide)> PatternsAsync()
    {
        var grants = await user.GrantsAsync();
        return (grants.NominationReadRoots.Select(r => r + "%").ToArray(), grants.SelectionAdminRoots.Select(r => r + "%").ToArray());
    }

    /// <summary>The case, locked for the rest of the transaction when <paramref name="forUpdate"/>; null when absent or out of sight.</summary>
    internal async Task<CaseRow?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, bool forUpdate)
    {
        await using var command = new NpgsqlCommand(Select + " WHERE c.id = @id" + (forUpdate ? " FOR UPDATE OF c" : ""), connection, tx);
        command.Parameters.AddWithValue("id", id);
        var row = await Rows.FirstOrDefaultAsync<CaseRow>(command);
        return row is not null && await CanSeeAsync(row) ? row : null;
    }

    internal async Task<bool> CanSeeAsync(CaseRow row)
    {
        var grants = await user.GrantsAsync();
        return grants.CanReadNominationsAt(row.HonoreeUnitPath) || grants.CanAdministerSelectionAt(row.AwardingUnitPath);
    }

    /// <summary>Why the user may not decide or reject the case (403), or null when they may.</summary>
    internal async Task<string?> DeciderRefusalAsync(CaseRow row)
    {
        var grants = await user.GrantsAsync();
        if (!grants.CanAdministerSelectionAt(row.AwardingUnitPath))
        {
            return $"只有授予层级（{row.AwardingUnitName}）的评选管理员才能审核决定本案件";
        }
        return RevocationRules.DeciderRefusal(row.ProposedBy, user.Id ?? 0);
    }

    internal async Task<CaseView> ViewAsync(CaseRow r)
    {
        var kind = r.KindValue;
        var refusal = r.StatusValue == RevocationStatus.Proposed && (await user.GrantsAsync()).CanAdministerSelectionAt(r.AwardingUnitPath)
            ? RevocationRules.DeciderRefusal(r.ProposedBy, user.Id ?? 0)
            : null;
        var canDecide = r.StatusValue == RevocationStatus.Proposed && await DeciderRefusalAsync(r) is null;
        return new CaseView(r.Id, r.Kind, RevocationRules.ChineseName(kind), r.Status, RevocationRules.ChineseName(r.StatusValue, kind),
            r.HonourId, r.HonourName, r.AwardedOn, r.HonourStatus, r.RevokedOn, r.HonoreeId, r.HonoreeName, r.HonoreeUnitName,
            r.AwardingUnitId, r.AwardingUnitName, r.Grounds, r.Grounds is null ? null : RevocationRules.GroundName(r.Grounds), r.Evidence,
            r.ProposerName, r.ProposedAt, r.DeciderName, r.DecidedAt, r.DocumentNumber, r.EffectiveOn, r.RejectionReason, canDecide, refusal);
    }
}
