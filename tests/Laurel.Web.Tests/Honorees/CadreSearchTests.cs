using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Rules.Identity;
using Laurel.Web.Features.Honorees;
using Laurel.Web.Security;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Honorees;

/// <summary>
/// Search as cadres search (issue 11): a given name without the surname, the end of the resident ID, the employer, and
/// names in pinyin or stroke order; each within the searcher's scope only.
/// </summary>
public sealed class CadreSearchTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();
    private HttpClient _jianwai = null!;
    private HttpClient _wangjing = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _jianwai = await _app.ApiAs("jianwai");
        _wangjing = await _app.ApiAs("wangjing");
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private static async Task<long> Create(HttpClient client, string unit, string name, string? residentId = null, string employer = "朝阳区某公司")
    {
        var unitId = await TestData.UnitId(client, unit);
        var response = await client.PostAsJsonAsync("/api/v1/honorees", new
        {
            name, residentId = residentId ?? TestData.NewResidentId(), orgUnitId = unitId, phone = "13800138000", hukouRegionCode = "110105",
            employment = new { status = "employed", employerName = employer, employerType = "enterprise", since = "2000-03-01" },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<List<string>> Names(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/honorees?pageSize=100&" + query);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>Two valid IDs of different people whose last six characters are the same (region and month differ).</summary>
    private static (string A, string B) TwoIdsEndingAlike()
    {
        for (var seq = 101; ; seq++)
        {
            var a = $"110108194{seq % 10}0312{seq:D3}";
            a += ResidentId.CheckCharacter(a);
            for (var month = 1; month <= 12; month++)
            {
                var b = $"110105194{(seq + 3) % 10}{month:D2}12{seq:D3}";
                b += ResidentId.CheckCharacter(b);
                if (b[^1] == a[^1] && b != a)
                {
                    return (a, b);
                }
            }
        }
    }

    [Fact]
    public async Task A_given_name_without_the_surname_finds_the_person_in_scope_and_one_character_stays_a_surname()
    {
        await Create(_jianwai, "建外街道总工会", "某审阅辛");
        await Create(_jianwai, "建外街道总工会", "欧阳审阅辛");
        await Create(_wangjing, "望京街道总工会", "某审阅辛");

        (await Names(_jianwai, "q=审阅辛")).Order().ShouldBe(["某审阅辛", "欧阳审阅辛"]);
        (await Names(_jianwai, "q=审阅")).Count.ShouldBe(2);
        // A compound surname is a surname of two characters: 阳审 is not 欧阳审阅辛's given name.
        (await Names(_jianwai, "q=阳审")).ShouldBeEmpty();
        // One character is a surname: 审 is nobody's surname here.
        (await Names(_jianwai, "q=审")).ShouldBeEmpty();
        (await Names(_jianwai, "q=某审")).ShouldBe(["某审阅辛"]);
        (await Names(_wangjing, "q=审阅辛")).ShouldBe(["某审阅辛"]);
    }

    [Fact]
    public async Task The_last_four_to_six_characters_of_the_resident_ID_find_the_person_in_scope_only()
    {
        var (mine, theirs) = TwoIdsEndingAlike();
        await Create(_jianwai, "建外街道总工会", "尾号甲", mine);
        await Create(_wangjing, "望京街道总工会", "尾号乙", theirs);

        // (ShouldContain: a demo honoree may share a tail by chance.)
        foreach (var tail in new[] { mine[^6..], mine[^5..], mine[^4..] })
        {
            var found = await Names(_jianwai, "q=" + tail);
            found.ShouldContain("尾号甲");
            found.ShouldNotContain("尾号乙");
            var theirsFound = await Names(_wangjing, "q=" + tail);
            theirsFound.ShouldContain("尾号乙");
            theirsFound.ShouldNotContain("尾号甲");
        }
        var root = await Names(await _app.ApiAs("acftu"), "q=" + mine[^6..]);
        root.ShouldContain("尾号甲");
        root.ShouldContain("尾号乙");
        // Three or seven characters are no tail: nothing, rather than a guess.
        (await Names(_jianwai, "q=" + mine[^3..])).ShouldBeEmpty();
        (await Names(_jianwai, "q=" + mine[^7..])).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_tail_is_stored_only_as_keyed_hashes_never_as_digits()
    {
        var (id, _) = TwoIdsEndingAlike();
        var honoreeId = await Create(_jianwai, "建外街道总工会", "尾号丙", id);

        var row = await TestDb.Scalar<string>(_app.OwnerConnectionString,
            "SELECT (to_jsonb(h) - 'resident_id_cipher' - 'resident_id_hash' - 'phone_cipher')::text FROM honorees h WHERE id = $1", honoreeId);
        row.ShouldNotContain(id[^6..]);
        row.ShouldNotContain(id[^5..]);
        var protector = FieldProtector.FromBase64(LaurelApp.TestKey)!;
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT resident_id_tail6_hash FROM honorees WHERE id = $1", honoreeId))
            .ShouldBe(protector.TailHash(id[^6..]));
        // Keyed: another key gives another hash, so the few thousand possible tails cannot be tried without the key.
        FieldProtector.FromBase64(Convert.ToBase64String(new byte[32]))!.TailHash(id[^6..]).ShouldNotBe(protector.TailHash(id[^6..]));
    }

    [Fact]
    public async Task A_corrected_resident_ID_is_found_by_its_new_tail_and_no_longer_by_the_old()
    {
        var (old, _) = TwoIdsEndingAlike();
        var honoreeId = await Create(_jianwai, "建外街道总工会", "尾号丁", old);
        var replacement = TestData.NewResidentId();
        var detail = await _jianwai.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{honoreeId}");
        var response = await _jianwai.PutAsJsonAsync($"/api/v1/honorees/{honoreeId}", new
        {
            name = "尾号丁", residentId = replacement, phone = "13800138000", version = detail.GetProperty("version").GetInt32(),
        });
        response.EnsureSuccessStatusCode();

        (await Names(_jianwai, "q=" + replacement[^6..])).ShouldBe(["尾号丁"]);
        (await Names(_jianwai, "q=" + old[^6..])).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_employer_is_found_by_any_part_of_its_name_in_scope_and_follows_a_change_of_job()
    {
        var moved = await Create(_jianwai, "建外街道总工会", "单位甲", employer: "建外审阅精密仪器厂");
        await Create(_jianwai, "建外街道总工会", "单位乙", employer: "朝阳审阅精密仪器厂");
        await Create(_wangjing, "望京街道总工会", "单位丙", employer: "望京审阅精密仪器厂");

        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("审阅精密"))).Order().ShouldBe(["单位乙", "单位甲"]);
        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("建外审阅"))).ShouldBe(["单位甲"]);
        (await Names(_wangjing, "employer=" + Uri.EscapeDataString("审阅精密"))).ShouldBe(["单位丙"]);
        // Two characters have no trigram: still found, by reading the scope's rows.
        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("审阅"))).Count.ShouldBe(2);
        // A wildcard typed is a character, not a wildcard.
        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("%"))).ShouldBeEmpty();

        (await _jianwai.PostAsJsonAsync($"/api/v1/honorees/{moved}/events", new
        {
            type = "employment_changed", effectiveOn = "2024-01-01", status = "employed", employerName = "建外电子科技公司", employerType = "enterprise",
        })).EnsureSuccessStatusCode();
        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("审阅精密"))).ShouldBe(["单位乙"]);
        (await Names(_jianwai, "employer=" + Uri.EscapeDataString("电子科技"))).ShouldBe(["单位甲"]);
    }

    [Fact]
    public async Task Names_sort_in_pinyin_and_in_stroke_order_on_the_api_and_the_list_page()
    {
        foreach (var surname in new[] { "张", "李", "王", "丁" })
        {
            await Create(_jianwai, "建外街道总工会", surname + "审序");
        }

        (await Names(_jianwai, "q=审序&sort=name")).ShouldBe(["丁审序", "张审序", "李审序", "王审序"]);
        (await Names(_jianwai, "q=审序&sort=pinyin")).ShouldBe(["丁审序", "李审序", "王审序", "张审序"]);
        var stroke = await Names(_jianwai, "q=审序&sort=stroke");
        // 丁 2 strokes, 王 4, 张 and 李 7 each.
        stroke.Take(2).ShouldBe(["丁审序", "王审序"]);
        stroke.Skip(2).Order().ShouldBe(["张审序", "李审序"]);

        var page = await (await _app.BrowserAs("jianwai")).GetStringAsync("/honorees?q=" + Uri.EscapeDataString("审序") + "&sort=pinyin");
        var shown = System.Text.RegularExpressions.Regex.Matches(page, ">(.审序)</a>").Select(m => m.Groups[1].Value).ToList();
        shown.ShouldBe(["丁审序", "李审序", "王审序", "张审序"]);
        page.ShouldContain("<label class=\"form-label\" for=\"employer\">工作单位</label>");
        page.ShouldContain("<label class=\"form-label\" for=\"sort\">排序</label>");
        page.ShouldContain("<option value=\"pinyin\" selected=\"selected\">姓名拼音</option>");
    }

    [Fact]
    public async Task Honorees_stored_before_the_tail_hashes_get_them_once_at_start()
    {
        var (id, _) = TwoIdsEndingAlike();
        await Create(_jianwai, "建外街道总工会", "旧档案", id);
        var emptied = await TestDb.Scalar<int>(_app.OwnerConnectionString, """
            WITH e AS (UPDATE honorees SET resident_id_tail4_hash = NULL, resident_id_tail5_hash = NULL, resident_id_tail6_hash = NULL
                       WHERE id % 3 = 0 OR name = '旧档案' RETURNING 1)
            SELECT count(*)::int FROM e
            """);
        (await Names(_jianwai, "q=" + id[^6..])).ShouldBeEmpty();

        await using var one = NpgsqlDataSource.Create(_app.AppConnectionString);
        await using var two = NpgsqlDataSource.Create(_app.AppConnectionString);
        var protector = FieldProtector.FromBase64(LaurelApp.TestKey)!;
        var filled = await Task.WhenAll(ResidentIdTails.FillMissingAsync(one, protector), ResidentIdTails.FillMissingAsync(two, protector));
        filled.Sum().ShouldBe(emptied);
        (await ResidentIdTails.FillMissingAsync(one, protector)).ShouldBe(0);
        (await Names(_jianwai, "q=" + id[^6..])).ShouldBe(["旧档案"]);
    }
}
