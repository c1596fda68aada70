using Laurel.Rules.Identity;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>
/// The demo's nominations (issue 12): a 2026 朝阳区 campaign for 朝阳区劳动模范, reported and open, its seats handed to the
/// two streets (and by 建外 to 建外SOHO联合工会), the streets' pools, and four recommended candidates with their first step (DemoChaoyangProcedure takes them on).
/// Loaded with the rest of the demo, into an empty database only.
/// </summary>
public static class DemoNominations
{
    private static readonly (string Unit, string Name, string Workplace, string Post, string Category, string Kind, string Achievements)[] Pool =
    [
        ("建外街道总工会", "林晓东", "建外某物业公司", "维修电工", "frontline_worker", "post_expert", "十年无责任事故，带徒八人"),
        ("建外街道总工会", "周雅琴", "建外某会计师事务所", "审计师", "technician", "business_leader", "牵头完成小微企业财务辅导"),
        ("建外街道总工会", "马建军", "建外某建筑公司", "钢筋工", "migrant_worker", "skill_contest_champion", "区职工技能大赛钢筋工冠军"),
        ("建外街道总工会", "赵丽华", "建外某科技公司", "总经理", "enterprise_head", "may_day_award", "企业获评区级和谐劳动关系单位"),
        ("望京街道总工会", "孙志远", "望京某软件公司", "高级工程师", "technician", "business_leader", "主持开发社区服务平台"),
        ("望京街道总工会", "郭美玲", "望京某餐饮公司", "厨师长", "non_public", "post_expert", "推行明厨亮灶，带动门店零投诉"),
        ("建外SOHO联合工会", "王海鹰", "建外SOHO某设计公司", "室内设计师", "non_public", "post_expert", "带领团队义务为社区老旧小区做适老化设计"),
    ];

    public static async Task LoadAsync(NpgsqlDataSource dataSource, FieldProtector protector, TimeProvider clock)
    {
        var today = Dates.Today(clock);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        async Task<object?> Scalar(string sql, params object?[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }
            return await command.ExecuteScalarAsync();
        }
        async Task<long> Unit(string name) => (long)(await Scalar("SELECT id FROM org_units WHERE name = $1", name))!;
        async Task<long> User(string name) => (long)(await Scalar("SELECT id FROM users WHERE user_name = $1", name))!;

        var district = await Unit("朝阳区总工会");
        var admin = await User("chaoyang-selection");
        var campaign = (long)(await Scalar("""
            INSERT INTO campaigns (org_unit_id, title_code, awarding_region_code, year, basis_document, seat_total, nominations_open_on,
                nominations_close_on, status, report_on, report_document, report_recorded_by, report_recorded_at, created_by, created_at, updated_at)
            VALUES ($1, 'county_model_worker', '110105', 2026, '朝工发〔2026〕12号', 10, $2, $3, 'open', $4, '朝工报〔2026〕5号', $5, $6, $5, $6, $6)
            RETURNING id
            """, district, today.AddDays(-60), today.AddDays(30), today.AddDays(-62), admin, now))!;
        foreach (var (position, name) in Rules.Nominations.NominationCodes.DefaultDepartments.Select((n, i) => (i + 1, n)))
        {
            await Scalar("INSERT INTO campaign_departments (campaign_id, position, name) VALUES ($1, $2, $3)", campaign, position, name);
        }
        await Scalar("INSERT INTO campaign_composition_rules (campaign_id, category, min_share, max_share) VALUES ($1, 'frontline_worker', 0.3, NULL), ($1, 'enterprise_head', NULL, 0.2)", campaign);
        foreach (var (unit, seats) in new[] { ("朝阳区总工会", 10), ("建外街道总工会", 5), ("望京街道总工会", 3), ("建外SOHO联合工会", 1) })
        {
            await Scalar("INSERT INTO campaign_quotas (campaign_id, org_unit_id, seats, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)", campaign, await Unit(unit), seats, admin, now);
        }

        var entries = new List<(long Id, string Unit, string Name)>();
        for (var i = 0; i < Pool.Length; i++)
        {
            var p = Pool[i];
            var first17 = $"110105{new DateOnly(1975 + i * 3, 3 + i, 10 + i):yyyyMMdd}{700 + i:D3}";
            var id = ResidentId.TryParse(first17 + ResidentId.CheckCharacter(first17), today, out var residentId, out _) ? residentId : throw new InvalidOperationException(first17);
            var hash = protector.Hash(id.Value);
            var entry = (long)(await Scalar("""
                INSERT INTO pool_entries (org_unit_id, year, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender, honoree_id,
                    workplace, post, category, selection_kind, achievements, created_by, created_at, updated_at)
                VALUES ($1, 2026, $2, $3, $4, $5, $6, $7, (SELECT id FROM honorees WHERE resident_id_hash = $4), $8, $9, $10, $11, $12, $13, $14, $14)
                RETURNING id
                """, await Unit(p.Unit), p.Name, protector.Encrypt(id.Value), hash, id.Masked, id.BirthDate, Rules.Registry.FactCodes.Code(id.Gender),
                p.Workplace, p.Post, p.Category, p.Kind, p.Achievements, await User(p.Unit == "望京街道总工会" ? "wangjing" : "jianwai"), now))!;
            entries.Add((entry, p.Unit, p.Name));
        }
        await Scalar("INSERT INTO pool_follow_ups (pool_entry_id, year, note, recorded_by, recorded_at) VALUES ($1, 2026, '列入区级技能人才培养计划', $2, $3)",
            entries[0].Id, await User("jianwai"), now);
        await Scalar("INSERT INTO pool_reports (org_unit_id, year, entry_count, reported_on, reported_by, reported_at) VALUES ($1, 2026, 4, $2, $3, $4)",
            await Unit("建外街道总工会"), today.AddDays(-58), await User("jianwai"), now);

        foreach (var (index, present, votes, deeds) in new[]
                 {
                     (0, 120, 96, "林晓东同志扎根物业维修一线十余年，累计排除电气隐患三百余处，无一起责任事故；创立“林师傅工作室”，带出八名持证电工。"),
                     (2, 45, 38, "马建军同志在区职工技能大赛中获钢筋工项目冠军，参建的三项工程获评区级优质工程，积极帮助农民工兄弟提升技能。"),
                     (4, 60, 44, "孙志远同志主持开发社区服务平台，服务居民十余万人次，带领团队攻克多项关键技术难题。"),
                     (6, 30, 27, "王海鹰同志带领设计团队义务为社区十余个老旧小区完成适老化改造设计，惠及老年居民两千余户。"),
                 })
        {
            var (entryId, unitName, name) = entries[index];
            var p = Pool[index];
            var unit = await Unit(unitName);
            var actor = unitName == "望京街道总工会" ? "wangjing" : "jianwai";
            var candidate = (long)(await Scalar("""
                INSERT INTO candidates (campaign_id, org_unit_id, pool_entry_id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked,
                    birth_date, gender, workplace, post, category, deeds, vote_meeting_kind, vote_held_on, vote_present, vote_for, vote_against,
                    vote_abstaining, state, created_by, created_at, updated_at)
                SELECT $1, $2, id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender, workplace, post,
                       category, $3, 'workers_congress', $4, $5, $6, $5 - $6, 0, 'recommended', $7, $8, $8
                FROM pool_entries WHERE id = $9
                RETURNING id
                """, campaign, unit, deeds, today.AddDays(-56), present, votes, await User(actor), now.AddDays(-55), entryId))!;
            await Scalar("""
                INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, payload, actor_user_id, actor_name, occurred_at)
                VALUES ($1, 1, 'recommend', NULL, 'recommended', $2::jsonb, $3, $4, $5)
                """, candidate, $"{{\"orgUnitId\":{unit},\"poolEntryId\":{entryId},\"category\":\"{p.Category}\",\"vote\":{{\"present\":{present},\"for\":{votes}}}}}",
                await User(actor), actor, now.AddDays(-55));
        }
        await tx.CommitAsync();
    }
}
