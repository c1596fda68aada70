using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Nominations.NoticeBoard;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>
/// The 2026 朝阳区 campaign under way (issue 12 §7), after <see cref="DemoNominations"/> has loaded its pool and its first
/// candidates: a candidate at every step of 一报告两审核三公示, with the notices each step went through. Windows are
/// counted on the working-day calendar from the demo's today. Two notices are open now: a 公示三 with an anonymous
/// objection under investigation, and a street's second 公示一. An objection on an earlier notice was upheld and its candidate rejected.
/// A demo loader writes rows directly, as the demo's other loaders do. The procedure's own commands enforce
/// these rules for real work: the steps, notices, reviews and objections here are what those commands would have
/// recorded.
/// </summary>
public static class DemoChaoyangProcedure
{
    private const string Contact = "010-85990000";
    private const string Address = "北京市朝阳区工人体育场北路 1 号朝阳区总工会";

    public static async Task LoadAsync(NpgsqlDataSource dataSource, FieldProtector protector, WorkingCalendar calendar, TimeProvider clock)
    {
        var today = Dates.Today(clock);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = clock.GetUtcNow();
        // 10:00 Beijing time on the day, or now when that is still to come today.
        DateTimeOffset At(DateOnly day) => Min(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime(), now);
        var db = new Writer(connection, tx, At);

        var campaign = await db.Id("SELECT id FROM campaigns WHERE basis_document = '朝工发〔2026〕12号'");
        var district = await db.Id("SELECT id FROM org_units WHERE name = '朝阳区总工会'");
        var jianwai = await db.Id("SELECT id FROM org_units WHERE name = '建外街道总工会'");
        var wangjing = await db.Id("SELECT id FROM org_units WHERE name = '望京街道总工会'");
        var admin = await db.User("chaoyang-selection");
        var investigator = await db.User("chaoyang");
        var jianwaiUser = await db.User("jianwai");
        var wangjingUser = await db.User("wangjing");

        // The rest of the pool goes forward too: the candidates recommended weeks ago, from the pool entries not yet put forward.
        var lin = await db.Candidate("林晓东");
        var zhou = await db.Recommend(campaign, "周雅琴", jianwai, jianwaiUser, today.AddDays(-52),
            "周雅琴同志牵头为辖区小微企业开展财务辅导，累计服务企业两百余家，帮助企业规范用工和纳税。");
        var zhao = await db.Recommend(campaign, "赵丽华", jianwai, jianwaiUser, today.AddDays(-52),
            "赵丽华同志带领企业建立职工代表大会制度，企业获评区级和谐劳动关系单位，连续五年无劳动争议。");
        var sun = await db.Candidate("孙志远");
        var guo = await db.Recommend(campaign, "郭美玲", wangjing, wangjingUser, today.AddDays(-50),
            "郭美玲同志推行明厨亮灶，带动门店实现零投诉，培养青年厨师十余名。");

        // 公示一 in the two streets, long closed.
        var n1Opens = calendar.FirstWorkingDayFrom(today.AddDays(-48));
        var n1 = await db.Notice(campaign, jianwai, NoticeLevel.Unit, "关于建外街道2026年朝阳区劳动模范推荐人选的公示", n1Opens,
            calendar.WindowClosesOn(n1Opens, 5), jianwaiUser, [lin, zhou, zhao], closedBy: jianwaiUser);
        var n2 = await db.Notice(campaign, wangjing, NoticeLevel.Unit, "关于望京街道2026年朝阳区劳动模范推荐人选的公示", n1Opens,
            calendar.WindowClosesOn(n1Opens, 5), wangjingUser, [sun, guo], closedBy: wangjingUser);
        foreach (var (candidate, notice, by) in new[] { (lin, n1, jianwaiUser), (zhou, n1, jianwaiUser), (zhao, n1, jianwaiUser), (sun, n2, wangjingUser), (guo, n2, wangjingUser) })
        {
            await db.Step(candidate, CandidateState.Recommended, CandidateState.UnitNotice, by, notice.Opens, new { noticeId = notice.Id, level = "unit" });
            await db.Step(candidate, CandidateState.UnitNotice, CandidateState.FirstReview, by, notice.Closes.AddDays(1), new { noticeId = notice.Id });
        }

        // 审核一: the party committees' consent, then 公示二 at the streets.
        foreach (var (candidate, committee, by) in new[] { (lin, "中共北京市朝阳区建外街道工作委员会", jianwaiUser), (zhao, "中共北京市朝阳区建外街道工作委员会", jianwaiUser),
                     (sun, "中共北京市朝阳区望京街道工作委员会", wangjingUser), (guo, "中共北京市朝阳区望京街道工作委员会", wangjingUser) })
        {
            await db.Exec("""
                INSERT INTO first_reviews (candidate_id, committee_name, consented_on, signer, document, recorded_by, recorded_at)
                VALUES ($1, $2, $3, '党委书记', NULL, $4, $5)
                """, candidate.Id, committee, n1.Closes.AddDays(3), by, At(n1.Closes.AddDays(3)));
        }
        var n3Opens = calendar.FirstWorkingDayFrom(n1.Closes.AddDays(7));
        var n3 = await db.Notice(campaign, jianwai, NoticeLevel.Recommending, "关于建外街道总工会推荐2026年朝阳区劳动模范人选的公示", n3Opens,
            calendar.WindowClosesOn(n3Opens, 5), jianwaiUser, [lin, zhao], closedBy: jianwaiUser, objections: 0);
        foreach (var candidate in new[] { lin, zhao })
        {
            await db.Step(candidate, CandidateState.FirstReview, CandidateState.SecondNotice, jianwaiUser, n3.Opens, new { noticeId = n3.Id, level = "recommending" });
            await db.Step(candidate, CandidateState.SecondNotice, CandidateState.SecondReview, jianwaiUser, n3.Closes.AddDays(1), new { noticeId = n3.Id });
        }
        // 望京's 公示二 ended, not yet closed out: 孙志远 waits in it; an objection against 郭美玲 was upheld and she was rejected.
        var n4Opens = calendar.FirstWorkingDayFrom(today.AddDays(-16));
        var n4 = await db.Notice(campaign, wangjing, NoticeLevel.Recommending, "关于望京街道总工会推荐2026年朝阳区劳动模范人选的公示", n4Opens,
            calendar.WindowClosesOn(n4Opens, 5), wangjingUser, [sun, guo], closedBy: null);
        foreach (var candidate in new[] { sun, guo })
        {
            await db.Step(candidate, CandidateState.FirstReview, CandidateState.SecondNotice, wangjingUser, n4.Opens, new { noticeId = n4.Id, level = "recommending" });
        }
        var upheld = await db.Objection(n4, guo, "letter", "反映该同志所在门店2025年曾因食品安全问题被市场监管部门处罚，事迹材料中“零投诉”与事实不符。",
            "李先生", Phones.Protect(protector, "13911112222"), receivedBy: wangjingUser, receivedOn: n4.Opens.AddDays(1), investigator);
        await db.Exec("INSERT INTO objection_notes (objection_id, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)",
            upheld, "已向区市场监管局核实：该门店2025年5月受到警告处罚一次，事迹材料未如实反映。", investigator, At(n4.Opens.AddDays(3)));
        await db.Exec("""
            UPDATE objections SET finding = 'upheld', finding_reason = '经向区市场监管局核实，反映情况属实。', found_by = $2, found_at = $3,
                response_on = $4, response_text = '您反映的情况经核实属实，该同志不再作为推荐人选。感谢您的监督。', responded_by = $2, version = version + 1
            WHERE id = $1
            """, upheld, investigator, At(n4.Opens.AddDays(4)), n4.Opens.AddDays(4));
        await db.Step(guo, CandidateState.SecondNotice, CandidateState.Rejected, admin, n4.Opens.AddDays(5), new { objectionId = upheld },
            CandidateAction.Reject, "公示期间异议经调查属实（事迹材料与事实不符），不予通过");

        // 审核二: every department agreed for 林晓东; 赵丽华 (企业负责人, so every department must sign) waits for two.
        var departments = NominationCodes.DefaultDepartments;
        foreach (var (department, i) in departments.Select((d, i) => (d, i)))
        {
            await db.Opinion(lin, department, n3.Closes.AddDays(3 + i % 3), admin);
            if (i < departments.Count - 2)
            {
                await db.Opinion(zhao, department, n3.Closes.AddDays(4 + i % 3), admin);
            }
        }
        // 公示三 at the district, open now, with an anonymous objection under investigation.
        var n5 = await db.Notice(campaign, district, NoticeLevel.Campaign, "关于2026年朝阳区劳动模范拟表彰人选的公示", today,
            calendar.WindowClosesOn(today, 5), admin, [lin], closedBy: null);
        await db.Step(lin, CandidateState.SecondReview, CandidateState.FinalNotice, admin, today, new { noticeId = n5.Id, level = "campaign" });
        var anonymous = await db.Objection(n5, lin, "online", "反映该同志工作室的部分培训由物业公司收费组织，与事迹所述“义务带徒”不完全一致，请核实。",
            null, (null, null), receivedBy: null, receivedOn: today, investigator);
        await db.Exec("INSERT INTO objection_notes (objection_id, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)",
            anonymous, "已调取工作室培训台账，正在向物业公司核实收费情况。", investigator, now);
        // 马建军, recommended later, is on 建外's second 公示一, open now too; 王海鹰 (建外SOHO) is still only recommended.
        var ma = await db.Candidate("马建军");
        var n6 = await db.Notice(campaign, jianwai, NoticeLevel.Unit, "关于建外街道2026年朝阳区劳动模范推荐人选（第二批）的公示", today,
            calendar.WindowClosesOn(today, 5), jianwaiUser, [ma], closedBy: null);
        await db.Step(ma, CandidateState.Recommended, CandidateState.UnitNotice, jianwaiUser, today, new { noticeId = n6.Id, level = "unit" });
        await tx.CommitAsync();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Person(long Id, string Name, string Gender, string Unit, string Post, string Deeds);

    private sealed record NoticeRow(long Id, DateOnly Opens, DateOnly Closes);

    private sealed class Writer(NpgsqlConnection connection, NpgsqlTransaction tx, Func<DateOnly, DateTimeOffset> At)
    {
        private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private NpgsqlCommand Command(string sql, object?[] values)
        {
            var command = new NpgsqlCommand(sql, connection, tx);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }
            return command;
        }

        public async Task Exec(string sql, params object?[] values)
        {
            await using var command = Command(sql, values);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<long> Id(string sql, params object?[] values)
        {
            await using var command = Command(sql, values);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        public Task<long> User(string name) => Id("SELECT id FROM users WHERE user_name = $1", name);

        private async Task<string> Name(long unit)
        {
            await using var command = Command("SELECT name FROM org_units WHERE id = $1", [unit]);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        private async Task<Person> Read(long id)
        {
            await using var command = Command("""
                SELECT k.id, k.name, k.gender, coalesce(k.workplace, u.name) AS unit, k.post, k.deeds
                FROM candidates k JOIN org_units u ON u.id = k.org_unit_id WHERE k.id = $1
                """, [id]);
            return (await Rows.FirstOrDefaultAsync<Person>(command))!;
        }

        public async Task<Person> Candidate(string name) => await Read(await Id("SELECT id FROM candidates WHERE name = $1", name));

        /// <summary>A pool entry recommended on <paramref name="on"/> by a democratic vote, with its first step.</summary>
        public async Task<Person> Recommend(long campaign, string name, long unit, long by, DateOnly on, string deeds)
        {
            var id = await Id("""
                INSERT INTO candidates (campaign_id, org_unit_id, pool_entry_id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked,
                    birth_date, gender, workplace, post, category, deeds, vote_meeting_kind, vote_held_on, vote_present, vote_for, vote_against,
                    vote_abstaining, state, created_by, created_at, updated_at)
                SELECT $1, $2, id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date, gender, workplace, post,
                       category, $3, 'workers_congress', $4, 80, 66, 10, 4, 'recommended', $5, $6, $6
                FROM pool_entries WHERE name = $7
                RETURNING id
                """, campaign, unit, deeds, on.AddDays(-1), by, At(on), name);
            await Exec("""
                INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, payload, actor_user_id, actor_name, occurred_at)
                SELECT $1, 1, 'recommend', NULL, 'recommended', $2::jsonb, $3, user_name, $4 FROM users WHERE id = $3
                """, id, $"{{\"orgUnitId\":{unit},\"vote\":{{\"present\":80,\"for\":66}}}}", by, At(on));
            return await Read(id);
        }

        /// <summary>One step of a candidate's history, and the candidate's state after it.</summary>
        public async Task Step(Person candidate, CandidateState from, CandidateState to, long by, DateOnly on, object payload,
            CandidateAction action = CandidateAction.Advance, string? reason = null)
        {
            await Exec("""
                INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, reason, payload, actor_user_id, actor_name, occurred_at)
                SELECT $1, (SELECT coalesce(max(seq), 0) + 1 FROM candidate_steps WHERE candidate_id = $1), $2, $3, $4, $5, $6::jsonb, $7, user_name, $8
                FROM users WHERE id = $7
                """, candidate.Id, CandidateStates.Code(action), CandidateStates.Code(from), CandidateStates.Code(to), reason,
                JsonSerializer.Serialize(payload, PayloadJson), by, At(on));
            await Exec("UPDATE candidates SET state = $2, updated_at = $3 WHERE id = $1", candidate.Id, CandidateStates.Code(to), At(on));
        }

        /// <summary>A published notice with its candidates' published copy and snapshot; closed out after its window when <paramref name="closedBy"/> is given.</summary>
        public async Task<NoticeRow> Notice(long campaign, long unit, NoticeLevel level, string title, DateOnly opens, DateOnly closes, long by,
            Person[] candidates, long? closedBy, int objections = 0)
        {
            var published = candidates.Select((c, i) => new
            {
                candidateId = c.Id, position = i + 1, name = c.Name, gender = c.Gender, unit = c.Unit, post = c.Post, summary = Notices.Summary(c.Deeds),
            }).ToArray();
            // The same canonical content as publishing writes (NoticeSnapshot).
            var snapshot = NoticeSnapshot.Canonical(new
            {
                campaignId = campaign, level = Notices.Code(level), orgUnitId = unit, orgUnit = await Name(unit), title, opensOn = Show.Date(opens),
                closesOn = Show.Date(closes), workingDays = 5, contact = new { phone = Contact, address = Address, email = (string?)null }, candidates = published,
            });
            var id = await Id("""
                INSERT INTO notices (campaign_id, org_unit_id, level, title, opens_on, working_days, closes_on, contact_phone, contact_address,
                    snapshot, snapshot_sha256, published_by, published_at, certificate, closed_by, closed_at)
                VALUES ($1, $2, $3, $4, $5, 5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                RETURNING id
                """, campaign, unit, Notices.Code(level), title, opens, closes, Contact, Address, snapshot,
                NoticeSnapshot.Sha256(snapshot), by, At(opens.AddDays(-1)),
                closedBy is null ? null : Notices.Certificate(objections), closedBy, closedBy is null ? null : At(closes.AddDays(1)));
            foreach (var c in published)
            {
                await Exec("INSERT INTO notice_candidates (notice_id, candidate_id, position, name, gender, unit, post, summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    id, c.candidateId, c.position, c.name, c.gender, c.unit, c.post, c.summary);
            }
            return new NoticeRow(id, opens, closes);
        }

        public async Task<long> Objection(NoticeRow notice, Person candidate, string channel, string text, string? name, (byte[]? Cipher, string? Masked) phone,
            long? receivedBy, DateOnly receivedOn, long investigator)
        {
            var sequence = await Id("SELECT nextval('objection_reference_seq')");
            return await Id("""
                INSERT INTO objections (reference, notice_id, candidate_id, channel, text, objector_name, objector_phone_cipher, objector_phone_masked,
                    received_at, received_by, investigator_id, assigned_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                RETURNING id
                """, Notices.Reference(receivedOn.Year, sequence), notice.Id, candidate.Id, channel, text, name, phone.Cipher, phone.Masked,
                At(receivedOn), receivedBy, investigator, At(receivedOn));
        }

        public Task Opinion(Person candidate, string department, DateOnly on, long by) => Exec("""
            INSERT INTO review_opinions (candidate_id, department, authority, opinion, signed_on, signer, recorded_by, recorded_at)
            VALUES ($1, $2, $3, 'agree', $4, '经办人', $5, $6)
            """, candidate.Id, department, "朝阳区" + department + "部门", on, by, At(on));
    }
}
