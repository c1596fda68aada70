using Laurel.Rules.Access;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

public sealed record UnitRow(long Id, long? ParentId, string Path, string Name, string Kind);

public sealed record CampaignRow(
    long Id, long OrgUnitId, string UnitPath, string UnitName, string TitleCode, string? AwardingRegionCode, int Year, string BasisDocument,
    int SeatTotal, DateOnly NominationsOpenOn, DateOnly NominationsCloseOn, int NoticeWorkingDays, string Status, DateOnly? ReportOn,
    string? ReportDocument, int Version)
{
    public CampaignStatus StatusValue => CampaignStatuses.Parse(Status)!.Value;
}

/// <summary>
/// Who may see and do what in nominations, from the grant roots of <see cref="AccessGrants"/> (NominationReadRoots,
/// NominationWriteRoots, SelectionAdminRoots), and the reads every handler of the feature starts from. A pool entry or
/// candidate is visible under the read roots covering its unit; a campaign also to every unit below its own (they
/// nominate into it). Anything else answers 404, as if it did not exist.
/// </summary>
public sealed class NominationAccess(CurrentUser user, NpgsqlDataSource dataSource)
{
    public Task<AccessGrants> GrantsAsync() => user.GrantsAsync();

    public async Task<bool> CanReadAtAsync(string path) => (await user.GrantsAsync()).CanReadNominationsAt(path);

    public async Task<bool> CanWriteAtAsync(string path) => (await user.GrantsAsync()).CanWriteNominationsAt(path);

    public async Task<bool> CanAdministerAtAsync(string path) => (await user.GrantsAsync()).CanAdministerSelectionAt(path);

    /// <summary>A campaign is seen by those who read nominations at its unit or at any unit below it.</summary>
    public async Task<bool> CanSeeCampaignAsync(string campaignPath) =>
        (await user.GrantsAsync()).NominationReadRoots.Any(root =>
            campaignPath.StartsWith(root, StringComparison.Ordinal) || root.StartsWith(campaignPath, StringComparison.Ordinal));

    /// <summary>LIKE patterns of the subtrees the user reads nominations in, for SQL (`path LIKE ANY(@roots)`).</summary>
    public async Task<string[]> ReadPatternsAsync() => (await user.GrantsAsync()).NominationReadRoots.Select(r => r + "%").ToArray();

    public string ActorName => user.UserName ?? "";

    public long? UserId => user.Id;

    public async Task<NpgsqlConnection> OpenAsync() => await dataSource.OpenConnectionAsync();

    public const string UnitSql = "SELECT id, parent_id, path, name, kind FROM org_units WHERE id = @id";

    public static async Task<UnitRow?> UnitAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id)
    {
        await using var command = new NpgsqlCommand(UnitSql, connection, tx);
        command.Parameters.AddWithValue("id", id);
        return await Rows.FirstOrDefaultAsync<UnitRow>(command);
    }

    public static async Task<CampaignRow?> CampaignAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, string lockClause = "")
    {
        await using var command = new NpgsqlCommand($"""
            SELECT c.id, c.org_unit_id, u.path AS unit_path, u.name AS unit_name, c.title_code, c.awarding_region_code, c.year,
                   c.basis_document, c.seat_total, c.nominations_open_on, c.nominations_close_on, c.notice_working_days, c.status,
                   c.report_on, c.report_document, c.version
            FROM campaigns c JOIN org_units u ON u.id = c.org_unit_id WHERE c.id = @id {lockClause}
            """, connection, tx);
        command.Parameters.AddWithValue("id", id);
        return await Rows.FirstOrDefaultAsync<CampaignRow>(command);
    }

    /// <summary>
    /// The unit a command names under "orgUnitId" (<paramref name="label"/>: 单位, 推荐单位 …), when <paramref name="allowed"/>
    /// says the user may act at its path; otherwise a message under the field and null.
    /// </summary>
    public static async Task<UnitRow?> CheckUnitAsync(NpgsqlTransaction tx, long? id, Func<string, Task<bool>> allowed, FieldErrors errors, string label)
    {
        if (id is null)
        {
            errors.Add("orgUnitId", $"{label}不能为空");
            return null;
        }
        var unit = await UnitAsync(tx.Connection!, tx, id.Value);
        if (unit is null || !await allowed(unit.Path))
        {
            errors.Add("orgUnitId", $"{label}不存在或不在您的管理范围内");
            return null;
        }
        return unit;
    }

    /// <summary>A new command with named parameters (null as SQL NULL).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
