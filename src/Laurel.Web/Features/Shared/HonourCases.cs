using Laurel.Rules.Honours;
using Laurel.Web.Data;
using Npgsql;

namespace Laurel.Web.Features.Shared;

/// <summary>One revocation or reinstatement case of an honour, as the honoree record lists it (its page is /revocations/{id}).</summary>
public sealed record HonourCaseSummary(
    long Id, long HonourId, string Kind, string KindName, string Status, string StatusName, string? GroundsName,
    string? DocumentNumber, DateOnly? EffectiveOn, DateTimeOffset ProposedAt);

/// <summary>
/// The cases on an honoree's honours, oldest first: the history the record keeps (issue 12 §5). A neutral query, so the
/// honoree page shows the cases without reaching into the revocation feature; the caller has already found the honoree
/// within the user's scope.
/// </summary>
public sealed class HonourCases(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<HonourCaseSummary>> ForHonoreeAsync(long honoreeId)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, honour_id, kind, status, grounds, document_number, effective_on, proposed_at
            FROM revocation_cases WHERE honoree_id = $1 ORDER BY id
            """);
        command.Parameters.AddWithValue(honoreeId);
        return (await Rows.ListAsync<CaseRow>(command)).Select(r => new HonourCaseSummary(r.Id, r.HonourId, r.Kind, RevocationRules.KindName(r.Kind),
            r.Status, RevocationRules.StatusName(r.Status, r.Kind), r.Grounds is null ? null : RevocationRules.GroundName(r.Grounds),
            r.DocumentNumber, r.EffectiveOn, r.ProposedAt)).ToList();
    }

    private sealed record CaseRow(long Id, long HonourId, string Kind, string Status, string? Grounds, string? DocumentNumber, DateOnly? EffectiveOn, DateTimeOffset ProposedAt);
}
