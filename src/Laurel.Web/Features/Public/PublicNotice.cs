using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Npgsql;

namespace Laurel.Web.Features.Public;

public sealed record PublicNoticeContact(string Phone, string Address, string? Email);

public sealed record PublicNoticeCandidate(long Id, string Name, string Gender, string Unit, string Post, string Summary);

/// <summary>A public notice as anyone reads it: only what was published (notice_candidates), nothing else of a person.</summary>
public sealed record PublicNoticeView(long Id, string Title, string PublishedBy, DateOnly OpensOn, DateOnly ClosesOn, bool Open,
    PublicNoticeContact Contact, IReadOnlyList<PublicNoticeCandidate> Candidates);

/// <summary>
/// The public side of a notice (公示, issue 12 §4): shown from its opening day until its takedown day, never when withdrawn,
/// and read only from the published copy (notices, notice_candidates): never the candidates' or persons' other fields.
/// </summary>
public static class PublicNotices
{
    private sealed record NoticeRow(long Id, string Title, string PublishedBy, DateOnly OpensOn, DateOnly ClosesOn, int TakedownDays, bool Withdrawn,
        string ContactPhone, string ContactAddress, string? ContactEmail);

    /// <summary>GET /api/public/v1/notices/{id}: a public notice while it is up, only what was published of each candidate.</summary>
    public static void MapPublicNoticeApi(this RouteGroupBuilder group) =>
        group.MapGet("/notices/{id:long}", async (long id, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct) =>
            await GetAsync(dataSource, clock, id, ct) is { } n
                ? Results.Ok(new { n.Id, n.Title, n.OpensOn, n.ClosesOn, n.Contact, n.Candidates })
                : Results.Problem(statusCode: 404, title: "记录不存在", detail: "该公示不存在，或已撤下。"));

    /// <summary>The notice when it is public today (Beijing), else null (the caller answers 404).</summary>
    public static async Task<PublicNoticeView?> GetAsync(NpgsqlDataSource dataSource, TimeProvider clock, long id, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT n.id, n.title, u.name AS published_by, n.opens_on, n.closes_on, n.takedown_days, n.withdrawn_at IS NOT NULL AS withdrawn,
                   n.contact_phone, n.contact_address, n.contact_email
            FROM notices n JOIN org_units u ON u.id = n.org_unit_id WHERE n.id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var n = await Rows.FirstOrDefaultAsync<NoticeRow>(command, ct);
        var today = Dates.Today(clock);
        if (n is null || !Notices.IsPublicOn(today, n.OpensOn, n.ClosesOn, n.TakedownDays, n.Withdrawn))
        {
            return null;
        }
        await using var candidates = new NpgsqlCommand(
            "SELECT candidate_id AS id, name, gender, unit, post, summary FROM notice_candidates WHERE notice_id = $1 ORDER BY position", connection);
        candidates.Parameters.Add(new NpgsqlParameter { Value = id });
        var list = await Rows.ListAsync<PublicNoticeCandidate>(candidates, ct);
        var open = Notices.StatusOn(today, n.OpensOn, n.ClosesOn, n.Withdrawn) == NoticeStatus.Open;
        return new PublicNoticeView(n.Id, n.Title, n.PublishedBy, n.OpensOn, n.ClosesOn, open, new PublicNoticeContact(n.ContactPhone, n.ContactAddress, n.ContactEmail), list);
    }
}
