using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Demo;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.HonourRoll;

/// <summary>
/// The honour roll (光荣榜, issue 12 §6) and the attachment store under it: what the public sees under which consent,
/// the deceased, a revocation, what it never shows, and who may download a photo.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class HonourRollTests(LaurelApp app)
{
    private const string Street = "建外街道总工会";

    /// <summary>A new honoree of 建外街道 with one active honour in a year no other test's honoree of the street has.</summary>
    private async Task<(long Id, string Name, string ResidentId, int Year, long HonourId)> NewHonoreeAsync(HttpClient manager)
    {
        var name = TestData.UniqueName("榜");
        var residentId = TestData.NewResidentId();
        var created = await TestData.CreateHonoree(manager, Street, name, residentId);
        var id = created.GetProperty("id").GetInt64();
        // After every test birth date (TestData.NewResidentId: up to 1987).
        var year = 1995 + Random.Shared.Next(0, 30);
        var honour = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honours",
            new { titleCode = "national_model_worker", awardedOn = $"{year}-04-28", awardingBody = "中共中央、国务院" });
        honour.StatusCode.ShouldBe(HttpStatusCode.Created, await honour.Content.ReadAsStringAsync());
        var honourId = (await honour.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return (id, name, residentId, year, honourId);
    }

    private async Task<long> StreetId() => await TestData.UnitId(await app.ApiAs("jianwai"), Street);

    /// <summary>The public API's line of the person, or null when the roll does not list them.</summary>
    private async Task<JsonElement?> RollLineAsync(string name, int year)
    {
        var response = await app.Anonymous().GetAsync($"/api/public/v1/honour-roll/{await StreetId()}?titleCode=national_model_worker&year={year}&pageSize=200");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var roll = await response.Content.ReadFromJsonAsync<JsonElement>();
        roll.GetProperty("total").GetInt32().ShouldBeLessThanOrEqualTo(200);
        return roll.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("name").GetString() == name).Select(i => (JsonElement?)i).FirstOrDefault();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient manager, long id, byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return await manager.PostAsync($"/api/v1/honorees/{id}/honour-roll/photo", new MultipartFormDataContent { { file, "file", fileName } });
    }

    private static async Task<long> ConsentAsync(HttpClient manager, long id, string field, string givenBy = "honoree", string? familyMember = null)
    {
        var response = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents",
            new { field, givenBy, familyMember, form = "written", givenOn = "2026-01-05" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_roll_shows_name_and_unit_only_until_consent_then_photo_and_deeds_and_hides_them_again_after_withdrawal()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, name, _, year, _) = await NewHonoreeAsync(manager);
        (await UploadAsync(manager, id, TinyPng.Portrait(), "照片.png", "image/png")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await manager.PutAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/deeds", new { deeds = "三十年如一日坚守岗位。" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var line = (await RollLineAsync(name, year)).ShouldNotBeNull();
        line.GetProperty("unit").GetString().ShouldBe(Street);
        line.GetProperty("titleName").GetString().ShouldBe("全国劳动模范");
        line.GetProperty("year").GetInt32().ShouldBe(year);
        line.TryGetProperty("photoUrl", out _).ShouldBeFalse();
        line.TryGetProperty("deeds", out _).ShouldBeFalse();

        var photoConsent = await ConsentAsync(manager, id, "photo");
        await ConsentAsync(manager, id, "deeds");
        // A second consent for a field in force is a conflict with the reason.
        var twice = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents", new { field = "photo", givenBy = "honoree", form = "written", givenOn = "2026-01-06" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        line = (await RollLineAsync(name, year)).ShouldNotBeNull();
        line.GetProperty("deeds").GetString().ShouldBe("三十年如一日坚守岗位。");
        var photoUrl = line.GetProperty("photoUrl").GetString()!;
        photoUrl.ShouldStartWith("/public/honour-roll/photos/");
        photoUrl.ShouldNotContain(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var photo = await app.Anonymous().GetAsync(photoUrl);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        photo.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var html = await app.Anonymous().GetStringAsync($"/public/honour-roll/{await StreetId()}?title=national_model_worker&year={year}");
        html.ShouldContain(name);
        html.ShouldContain($"src=\"{photoUrl}\"");
        html.ShouldContain("三十年如一日坚守岗位。");

        var withdrawn = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents/{photoConsent}/withdraw", new { reason = "本人书面撤回" });
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        line = (await RollLineAsync(name, year)).ShouldNotBeNull();
        line.TryGetProperty("photoUrl", out _).ShouldBeFalse();
        line.GetProperty("deeds").GetString().ShouldBe("三十年如一日坚守岗位。");
        (await app.Anonymous().GetAsync(photoUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The history stays: the withdrawn consent is still on the record, and it cannot be withdrawn twice.
        var record = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/honour-roll");
        record.GetProperty("consents").GetArrayLength().ShouldBe(2);
        (await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents/{photoConsent}/withdraw", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE entity_type = 'honour_roll_consent' AND entity_id = $1", photoConsent.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(2);
    }

    [Fact]
    public async Task A_deceased_honoree_stays_listed_as_deceased_with_a_photo_only_under_the_familys_consent()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, name, _, year, _) = await NewHonoreeAsync(manager);
        (await UploadAsync(manager, id, TinyPng.Portrait(), "照片.png", "image/png")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ConsentAsync(manager, id, "photo");
        (await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/events", new { type = "died", effectiveOn = "2026-02-01" })).IsSuccessStatusCode.ShouldBeTrue();

        var line = (await RollLineAsync(name, year)).ShouldNotBeNull();
        line.GetProperty("deceased").GetBoolean().ShouldBeTrue();
        line.TryGetProperty("photoUrl", out _).ShouldBeFalse();
        var html = await app.Anonymous().GetStringAsync($"/public/honour-roll/{await StreetId()}?title=national_model_worker&year={year}");
        html.ShouldContain("已故");

        // The family's consent needs the family member's name; the honoree's own consent is withdrawn first.
        var record = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}/honour-roll");
        var own = record.GetProperty("consents")[0].GetProperty("id").GetInt64();
        (await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents/{own}/withdraw", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var nameless = await manager.PostAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/consents", new { field = "photo", givenBy = "family", form = "written", givenOn = "2026-02-10" });
        nameless.StatusCode.ShouldBe((HttpStatusCode)422);
        (await nameless.Content.ReadAsStringAsync()).ShouldContain("家属姓名");
        await ConsentAsync(manager, id, "photo", "family", "李某（配偶）");
        line = (await RollLineAsync(name, year)).ShouldNotBeNull();
        line.GetProperty("photoUrl").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task A_revoked_honour_disappears_from_the_roll_at_once()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, name, _, year, honourId) = await NewHonoreeAsync(manager);
        (await RollLineAsync(name, year)).ShouldNotBeNull();
        // Through the procedure (ADR 22): the decision's transaction revokes the honour, and the roll reads honours.status.
        await TestData.Revoke(manager, await app.ApiAs("chaoyang-selection"), honourId, "2026-03-01");
        (await RollLineAsync(name, year)).ShouldBeNull();
        (await app.Anonymous().GetStringAsync($"/public/honour-roll/{await StreetId()}?title=national_model_worker&year={year}")).ShouldNotContain(name);
    }

    [Fact]
    public async Task Neither_the_page_nor_the_api_shows_a_resident_id_phone_or_birth_date_of_a_listed_honoree()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, name, residentId, year, _) = await NewHonoreeAsync(manager);
        await ConsentAsync(manager, id, "deeds");
        (await manager.PutAsJsonAsync($"/api/v1/honorees/{id}/honour-roll/deeds", new { deeds = "技术革新能手。" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}");
        var birth = DateOnly.Parse(stored.GetProperty("birthDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var secrets = new[]
        {
            residentId, residentId[^6..], stored.GetProperty("residentId").GetString()!, stored.GetProperty("phone").GetString()!, "13800138000", "138****8000",
            birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            $"{birth.Year}年{birth.Month}月{birth.Day}日",
        };
        var unit = await StreetId();
        var html = await app.Anonymous().GetStringAsync($"/public/honour-roll/{unit}?title=national_model_worker&year={year}");
        var json = await app.Anonymous().GetStringAsync($"/api/public/v1/honour-roll/{unit}?titleCode=national_model_worker&year={year}&pageSize=200");
        html.ShouldContain(name);
        html.ShouldContain("技术革新能手。");
        json.ShouldContain(name);
        foreach (var secret in secrets)
        {
            html.ShouldNotContain(secret);
            json.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task A_photo_downloads_as_an_attachment_for_a_cadre_in_scope_audited_and_answers_404_out_of_scope()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, _, _, _, _) = await NewHonoreeAsync(manager);
        (await UploadAsync(manager, id, TinyPng.Portrait(), "照片.png", "image/png")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var download = await manager.GetAsync($"/api/v1/honorees/{id}/honour-roll/photo");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(TinyPng.Portrait());
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action = 'view_attachment' AND after->>'ownerId' = $1", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(1);

        var sibling = await app.ApiAs("wangjing");
        (await sibling.GetAsync($"/api/v1/honorees/{id}/honour-roll/photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.BrowserAs("wangjing")).GetAsync($"/honour-roll/honorees/{id}?handler=photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UploadAsync(sibling, id, TinyPng.Portrait(), "照片.png", "image/png")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_photo_is_checked_by_its_bytes_and_its_size_with_chinese_messages_naming_the_field()
    {
        var manager = await app.ApiAs("jianwai");
        var (id, _, _, _, _) = await NewHonoreeAsync(manager);
        var html = await UploadAsync(manager, id, "<html><script>alert(1)</script></html>"u8.ToArray(), "photo.jpg", "image/jpeg");
        html.StatusCode.ShouldBe((HttpStatusCode)422);
        (await html.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("photo")[0].GetString()!.ShouldStartWith("照片的内容不是 JPEG、PNG 文件");

        var oversized = new byte[10 * 1024 * 1024 + 1];
        TinyPng.Portrait().CopyTo(oversized, 0);
        var big = await UploadAsync(manager, id, oversized, "big.png", "image/png");
        big.StatusCode.ShouldBe((HttpStatusCode)422);
        (await big.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("photo")[0].GetString()!.ShouldStartWith("照片超过 10 MB");

        var renamed = await UploadAsync(manager, id, TinyPng.Portrait(), "照片.pdf", "application/pdf");
        renamed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        stored.GetProperty("contentType").GetString().ShouldBe("image/png");
        stored.GetProperty("fileName").GetString().ShouldBe("照片.png");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM attachments WHERE owner_kind = 'honoree_photo' AND owner_id = $1", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_manager_records_a_consent_and_uploads_a_photo_on_the_pages_while_a_viewer_only_reads()
    {
        var (id, _, _, _, _) = await NewHonoreeAsync(await app.ApiAs("jianwai"));
        var browser = await app.BrowserAs("jianwai");
        var page = $"/honour-roll/honorees/{id}";
        (await browser.GetStringAsync($"/honorees/{id}")).ShouldContain($"href=\"{page}\"");
        var recorded = await TestUsers.PostFormAsync(browser, page, page + "?handler=consent", new Dictionary<string, string>
        {
            ["Consent.Field"] = "deeds", ["Consent.GivenBy"] = "honoree", ["Consent.Form"] = "written", ["Consent.GivenOn"] = "2026-01-05",
        });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await browser.GetStringAsync(page);
        html.ShouldContain("书面同意");
        html.ShouldContain("handler=withdraw");
        // A family's consent for a living honoree is refused on the page, naming the field.
        var refused = await TestUsers.PostFormAsync(browser, page, page + "?handler=consent", new Dictionary<string, string>
        {
            ["Consent.Field"] = "photo", ["Consent.GivenBy"] = "family", ["Consent.FamilyMember"] = "某某（子女）", ["Consent.Form"] = "written", ["Consent.GivenOn"] = "2026-01-05",
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("家属同意仅适用于已故劳模");

        // The photo page alone takes a body over 1 MB: a file one byte over 10 MB gets the field's message, not a 413.
        var form = await browser.GetStringAsync(page + "/photo");
        var oversized = new byte[10 * 1024 * 1024 + 1];
        TinyPng.Portrait().CopyTo(oversized, 0);
        var upload = await browser.PostAsync(page + "/photo", new MultipartFormDataContent
        {
            { new StringContent(LaurelApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(oversized), "file", "big.png" },
        });
        upload.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await upload.Content.ReadAsStringAsync()).ShouldContain("照片超过 10 MB");
        var ok = await browser.PostAsync(page + "/photo", new MultipartFormDataContent
        {
            { new StringContent(LaurelApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(TinyPng.Portrait()), "file", "照片.png" },
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var viewer = await (await app.BrowserAs("chaoyang-viewer")).GetStringAsync(page);
        viewer.ShouldContain("书面同意");
        viewer.ShouldNotContain("handler=withdraw");
        viewer.ShouldNotContain("handler=consent");
    }

    [Fact]
    public async Task A_unit_that_does_not_exist_or_keeps_no_roll_answers_404_in_chinese()
    {
        var missing = await app.Anonymous().GetAsync("/api/public/v1/honour-roll/987654321");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("不存在");
        var grassroots = await TestData.UnitId(await app.ApiAs("jianwai"), "建外SOHO联合工会");
        (await app.Anonymous().GetAsync($"/api/public/v1/honour-roll/{grassroots}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await app.Anonymous().GetAsync("/public/honour-roll/987654321");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldContain("不存在");
        var chaoyang = await app.Anonymous().GetAsync($"/public/honour-roll/{await TestData.UnitId(await app.ApiAs("chaoyang"), "朝阳区总工会")}");
        chaoyang.StatusCode.ShouldBe(HttpStatusCode.OK);
        chaoyang.Headers.GetValues("X-Robots-Tag").ShouldBe(["noindex"]);
        (await chaoyang.Content.ReadAsStringAsync()).ShouldContain("""<meta name="robots" content="noindex" />""");
    }
}
