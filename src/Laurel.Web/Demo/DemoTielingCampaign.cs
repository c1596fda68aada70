using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Rules.Identity;
using Laurel.Rules.Nominations;
using Laurel.Web.Data;
using Laurel.Web.Features.Nominations.NoticeBoard;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Demo;

/// <summary>
/// The demo's finished 2026 铁岭市 selection of 铁岭市劳动模范 (issue 12 §7): four candidates of 银州区 who went through
/// every step (recommendation, 公示一, 审核一, 公示二, 审核二, 公示三 — each notice closed with its snapshot, SHA-256 and
/// certificate), and the award decision (表彰决定) dated the first day of this month, which created each person's record
/// with the honour. So Tieling's payment cycle for this month carries each one's 6,000 CNY election award once. Written
/// straight into the database (demo only), relative to the demo's today; windows counted on the working-day calendar.
/// </summary>
public static class DemoTielingCampaign
{
    private static readonly (string Unit, string Name, string Birth, string Seq, string Workplace, string Post, string Category, string Deeds)[] People =
    [
        ("银州区总工会", "王立强", "19780512", "131", "铁岭某阀门厂", "数控车工", "frontline_worker",
            "王立强同志扎根数控加工一线二十年，改进阀体加工工艺十余项，带出高级工八人，所在班组连续五年无质量事故。"),
        ("银州区总工会", "李春燕", "19820917", "142", "铁岭某医院", "护士长", "technician",
            "李春燕同志从事护理工作二十年，牵头建立社区延续护理服务，累计服务出院患者三千余人次。"),
        ("银州区总工会", "赵国庆", "19750303", "153", "铁岭某农机合作社", "农机手", "migrant_worker",
            "赵国庆同志带领合作社农机手开展代耕代收，年作业面积两万余亩，帮助农户增收。"),
        ("铁岭市第一中学工会", "孙丽娟", "19801126", "164", "铁岭市第一中学", "数学教师", "technician",
            "孙丽娟同志任教二十余年，所带班级成绩优异，主持市级课题两项，培养青年教师十余名。"),
    ];

    private const string Document = "铁委发〔2026〕18号";
    private const string AwardingBody = "中共铁岭市委、铁岭市人民政府";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task LoadAsync(IServiceProvider services, TimeProvider clock)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var protector = services.GetRequiredService<FieldProtector>();
        var calendar = await services.GetRequiredService<WorkingCalendarStore>().LoadAsync();
        var today = Dates.Today(clock);
        var now = clock.GetUtcNow();
        // The decision falls in this month (its first day, never after today); the procedure ran in the months before.
        var decidedOn = new DateOnly(today.Year, today.Month, 1);
        var start = decidedOn.AddDays(-100);
        DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

        await using var connection = await dataSource.OpenConnectionAsync();
        async Task<object?> Scalar(NpgsqlTransaction? tx, string sql, params object?[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }
            return await command.ExecuteScalarAsync();
        }
        async Task<(long Id, string Path, string? Region)> Unit(string name)
        {
            await using var command = new NpgsqlCommand("SELECT id, path, region_code FROM org_units WHERE name = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        async Task<long> User(string name) => (long)(await Scalar(null, "SELECT id FROM users WHERE user_name = $1", name))!;

        var city = await Unit("铁岭市总工会");
        var county = await Unit("银州区总工会");
        var admin = await User("tieling-selection");
        var manager = await User("tieling");

        // The people, new to the registry: their records come with the decision's honour, as the decision creates them.
        var people = People.Select(p =>
        {
            var first17 = "211221" + p.Birth + p.Seq;
            ResidentId.TryParse(first17 + ResidentId.CheckCharacter(first17), today, out var id, out _);
            return (p, id);
        }).ToList();
        var units = new Dictionary<string, (long Id, string Path, string? Region)>();
        foreach (var (p, _) in people)
        {
            units[p.Unit] = await Unit(p.Unit);
        }
        var generated = people.Select((x, i) => new GeneratedHonoree(x.p.Name, x.id, null, units[x.p.Unit].Id, county.Region!, "employed", null,
            [
                new GeneratedFact("hukou", x.id.BirthDate, RegionCode: county.Region),
                new GeneratedFact("org_unit", x.id.BirthDate, OrgUnitId: units[x.p.Unit].Id),
                new GeneratedFact("employment", decidedOn, "employed", x.p.Workplace),
            ],
            [new GeneratedHonour("municipal_model_worker", city.Region, decidedOn, AwardingBody, Document, $"铁岭劳模证〔2026〕{i + 1:D3}号", null, null)])).ToList();
        await BulkLoader.LoadAsync(dataSource, protector, generated, now);

        await using var tx = await connection.BeginTransactionAsync();
        var campaign = (long)(await Scalar(tx, """
            INSERT INTO campaigns (org_unit_id, title_code, awarding_region_code, year, basis_document, seat_total, nominations_open_on,
                nominations_close_on, status, report_on, report_document, report_recorded_by, report_recorded_at, created_by, created_at, updated_at, version)
            VALUES ($1, 'municipal_model_worker', $2, 2026, '铁工发〔2026〕6号', 10, $3, $4, 'decided', $5, '铁工报〔2026〕2号', $6, $7, $6, $7, $7, 4)
            RETURNING id
            """, city.Id, city.Region, start, start.AddDays(20), start.AddDays(-3), admin, At(start.AddDays(-3))))!;
        foreach (var (position, name) in NominationCodes.DefaultDepartments.Select((n, i) => (i + 1, n)))
        {
            await Scalar(tx, "INSERT INTO campaign_departments (campaign_id, position, name) VALUES ($1, $2, $3)", campaign, position, name);
        }
        await Scalar(tx, "INSERT INTO campaign_composition_rules (campaign_id, category, min_share, max_share) VALUES ($1, 'frontline_worker', 0.25, NULL)", campaign);
        foreach (var (unit, seats) in new[] { (city.Id, 10), (county.Id, 4), (units["铁岭市第一中学工会"].Id, 1) })
        {
            await Scalar(tx, "INSERT INTO campaign_quotas (campaign_id, org_unit_id, seats, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)", campaign, unit, seats, admin, now);
        }

        var candidates = new List<(long Id, int Index)>();
        for (var i = 0; i < people.Count; i++)
        {
            var (p, id) = people[i];
            var voted = start.AddDays(5 + i);
            var candidate = (long)(await Scalar(tx, """
                INSERT INTO candidates (campaign_id, org_unit_id, honoree_id, name, resident_id_cipher, resident_id_hash, resident_id_masked, birth_date,
                    gender, workplace, post, category, deeds, vote_meeting_kind, vote_held_on, vote_present, vote_for, vote_against, vote_abstaining,
                    state, created_by, created_at, updated_at)
                VALUES ($1, $2, (SELECT id FROM honorees WHERE resident_id_hash = $4), $3, $5, $4, $6, $7, $8, $9, $10, $11, $12, 'workers_congress', $13,
                    80, 71, 6, 3, 'approved', $14, $15, $16)
                RETURNING id
                """, campaign, units[p.Unit].Id, p.Name, protector.Hash(id.Value), protector.Encrypt(id.Value), id.Masked, id.BirthDate,
                Rules.Registry.FactCodes.Code(id.Gender), p.Workplace, p.Post, p.Category, p.Deeds, voted, manager, At(voted), now))!;
            candidates.Add((candidate, i));
        }

        // The three notices (公示一 in each recommending unit, 公示二 at 银州区, 公示三 at the city), each closed after its window.
        var seq = new Dictionary<long, int>();
        async Task Step(long candidate, string from, string to, object payload, long actor, string actorName, DateOnly on)
        {
            seq[candidate] = seq.GetValueOrDefault(candidate, 1) + 1;
            await Scalar(tx, """
                INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, payload, actor_user_id, actor_name, occurred_at)
                VALUES ($1, $2, 'advance', $3, $4, $5::jsonb, $6, $7, $8)
                """, candidate, seq[candidate], from, to, JsonSerializer.Serialize(payload, Json), actor, actorName, At(on));
        }
        foreach (var (candidate, index) in candidates)
        {
            var p = People[index];
            await Scalar(tx, """
                INSERT INTO candidate_steps (candidate_id, seq, action, from_state, to_state, payload, actor_user_id, actor_name, occurred_at)
                VALUES ($1, 1, 'recommend', NULL, 'recommended', $2::jsonb, $3, 'tieling', $4)
                """, candidate, JsonSerializer.Serialize(new { orgUnitId = units[p.Unit].Id, category = p.Category, vote = new { present = 80, @for = 71 } }, Json),
                manager, At(start.AddDays(5 + index)));
        }
        async Task<DateOnly> NoticeAsync(NoticeLevel level, long unitId, string unitName, IReadOnlyList<(long Id, int Index)> on, DateOnly opening,
            string entry, string held, string? next)
        {
            var opensOn = calendar.FirstWorkingDayFrom(opening);
            var closesOn = calendar.WindowClosesOn(opensOn, 5);
            var title = $"关于2026年铁岭市劳动模范推荐人选的公示（{Notices.ChineseName(level)}）";
            var listed = on.Select((c, i) => new
            {
                candidateId = c.Id, position = i + 1, name = People[c.Index].Name, gender = Rules.Registry.FactCodes.Code(people[c.Index].id.Gender),
                unit = People[c.Index].Workplace, post = People[c.Index].Post, summary = Notices.Summary(People[c.Index].Deeds),
            }).ToList();
            // The same canonical content as publishing writes (NoticeSnapshot), so its SHA-256 can be recomputed from the snapshot.
            var snapshot = NoticeSnapshot.Canonical(new
            {
                campaignId = campaign, level = Notices.Code(level), orgUnitId = unitId, orgUnit = unitName, title, opensOn = Show.Date(opensOn),
                closesOn = Show.Date(closesOn), workingDays = 5,
                contact = new { phone = "024-72812345", address = "铁岭市银州区市府路 1 号 铁岭市总工会", email = "pingxuan@tieling-union.example" }, candidates = listed,
            });
            var notice = (long)(await Scalar(tx, """
                INSERT INTO notices (campaign_id, org_unit_id, level, title, opens_on, working_days, closes_on, contact_phone, contact_address, contact_email,
                    snapshot, snapshot_sha256, published_by, published_at, certificate, closed_by, closed_at)
                VALUES ($1, $2, $3, $4, $5, 5, $6, '024-72812345', '铁岭市银州区市府路 1 号 铁岭市总工会', 'pingxuan@tieling-union.example', $7, $8, $9, $10,
                    $11, $9, $12)
                RETURNING id
                """, campaign, unitId, Notices.Code(level), title, opensOn, closesOn, snapshot, NoticeSnapshot.Sha256(snapshot), admin,
                At(opensOn), Notices.Certificate(0), At(closesOn.AddDays(1))))!;
            var position = 0;
            foreach (var (candidate, index) in on)
            {
                var x = listed[position];
                await Scalar(tx, """
                    INSERT INTO notice_candidates (notice_id, candidate_id, position, name, gender, unit, post, summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, notice, candidate, ++position, x.name, x.gender, x.unit, x.post, x.summary);
                await Step(candidate, entry, held, new { noticeId = notice }, admin, "tieling-selection", opensOn);
                if (next is not null)
                {
                    await Step(candidate, held, next, new { noticeId = notice, certificate = Notices.Certificate(0) }, admin, "tieling-selection", closesOn.AddDays(1));
                }
            }
            return closesOn;
        }
        var countyList = candidates.Where(c => People[c.Index].Unit == "银州区总工会").ToList();
        var schoolList = candidates.Where(c => People[c.Index].Unit != "银州区总工会").ToList();
        var first = await NoticeAsync(NoticeLevel.Unit, county.Id, "银州区总工会", countyList, start.AddDays(22), "recommended", "unit_notice", "first_review");
        var firstSchool = await NoticeAsync(NoticeLevel.Unit, units["铁岭市第一中学工会"].Id, "铁岭市第一中学工会", schoolList, start.AddDays(22),
            "recommended", "unit_notice", "first_review");
        // 审核一: each party committee's consent, after 公示一 and before 公示二.
        foreach (var (candidate, index) in candidates)
        {
            await Scalar(tx, """
                INSERT INTO first_reviews (candidate_id, committee_name, consented_on, signer, recorded_by, recorded_at)
                VALUES ($1, $2, $3, '党委书记', $4, $5)
                """, candidate, People[index].Unit == "银州区总工会" ? "中共铁岭市银州区委员会" : "中共铁岭市第一中学委员会",
                (first > firstSchool ? first : firstSchool).AddDays(2), manager, At((first > firstSchool ? first : firstSchool).AddDays(2)));
        }
        var second = await NoticeAsync(NoticeLevel.Recommending, county.Id, "银州区总工会", candidates, (first > firstSchool ? first : firstSchool).AddDays(5),
            "first_review", "second_notice", "second_review");
        // 审核二: every listed department agreed, after 公示二 and before 公示三.
        foreach (var (candidate, _) in candidates)
        {
            foreach (var department in NominationCodes.DefaultDepartments)
            {
                await Scalar(tx, """
                    INSERT INTO review_opinions (candidate_id, department, authority, opinion, signed_on, signer, recorded_by, recorded_at)
                    VALUES ($1, $2, $3, 'agree', $4, '经办人', $5, $6)
                    """, candidate, department, "铁岭市" + department + "部门", second.AddDays(2), admin, At(second.AddDays(2)));
            }
        }
        await NoticeAsync(NoticeLevel.Campaign, city.Id, "铁岭市总工会", candidates, second.AddDays(5), "second_review", "final_notice", null);

        // The decision: the last step of each candidate (final_notice → approved) carries it; then its list.
        var decision = (long)(await Scalar(tx, """
            INSERT INTO award_decisions (campaign_id, awarding_body, decided_on, document_number, item_count, decided_by, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, campaign, AwardingBody, decidedOn, Document, candidates.Count, admin, At(decidedOn)))!;
        foreach (var (candidate, _) in candidates)
        {
            await Step(candidate, "final_notice", "approved", new { decisionId = decision, documentNumber = Document }, admin, "tieling-selection", decidedOn);
        }
        await Scalar(tx, """
            INSERT INTO award_decision_items (decision_id, candidate_id, honoree_id, honour_id, created_honoree)
            SELECT $1, k.id, h.id, o.id, true
            FROM candidates k JOIN honorees h ON h.resident_id_hash = k.resident_id_hash
                 JOIN honours o ON o.honoree_id = h.id AND o.title_code = 'municipal_model_worker' AND o.document_number = $3
            WHERE k.campaign_id = $2
            """, decision, campaign, Document);
        await tx.CommitAsync();
    }
}
