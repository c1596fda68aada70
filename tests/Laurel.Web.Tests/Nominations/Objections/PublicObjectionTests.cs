using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Nominations.Objections.ObjectionTestData;

namespace Laurel.Web.Tests.Nominations.Objections;

/// <summary>Objections from the public (issue 12 §4): the API and the form page, logged out.</summary>
[Collection(DemoCollection.Name)]
public sealed class PublicObjectionTests(LaurelApp app)
{
    private Task<long> Count(long notice) => TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM objections WHERE notice_id = $1", notice);

    [Fact]
    public async Task An_anonymous_objection_answers_201_with_only_its_reference_and_is_stored_as_text_online_with_an_anonymous_audit()
    {
        var k = await CandidateOnNoticeAsync(app);
        var response = await app.Anonymous().PostAsJsonAsync($"/api/public/v1/notices/{k.NoticeId}/objections",
            new { candidateId = k.CandidateId, text = "<script>alert(1)</script> 事迹材料中的获奖情况不实" });
        var body = await Json(response, HttpStatusCode.Created);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["reference"]);
        var reference = body.GetProperty("reference").GetString()!;
        reference.ShouldMatch($"^YY{Today.Year}-[0-9]{{6}}$");
        var raw = await response.Content.ReadAsStringAsync();
        raw.ShouldNotContain(k.Name);

        var id = await ObjectionIdAsync(app, reference);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT text FROM objections WHERE id = $1", id)).ShouldBe("<script>alert(1)</script> 事迹材料中的获奖情况不实");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT channel || ':' || (received_by IS NULL) || ':' || (objector_name IS NULL) FROM objections WHERE id = $1", id))
            .ShouldBe("online:true:true");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT actor_kind FROM audit_entries WHERE entity_type = 'objection' AND entity_id = $1", id.ToString()))
            .ShouldBe("anonymous");

        // The case page shows the text as text: the markup is encoded, never run.
        var page = await (await app.BrowserAs("chaoyang-selection")).GetStringAsync($"/nominations/objections/{id}");
        page.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        page.ShouldNotContain("<script>alert(1)</script>");
    }

    [Fact]
    public async Task A_named_objection_keeps_the_phone_encrypted_at_rest_and_shows_it_masked()
    {
        var k = await CandidateOnNoticeAsync(app);
        var reference = await SubmitAsync(app, k, "该同志曾受到处分。", name: "张三", phone: "13812348000");
        var id = await ObjectionIdAsync(app, reference);
        var cipher = await TestDb.Scalar<byte[]>(app.OwnerConnectionString, "SELECT objector_phone_cipher FROM objections WHERE id = $1", id);
        Encoding.UTF8.GetString(cipher).ShouldNotContain("13812348000");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM objections WHERE id = $1 AND objector_phone_cipher::text LIKE '%13812348000%'", id)).ShouldBe(0);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT objector_phone_masked FROM objections WHERE id = $1", id)).ShouldBe("138****8000");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'objection' AND entity_id = $1 AND after::text LIKE '%13812348000%'", id.ToString())).ShouldBe(0);

        var admin = await app.ApiAs("chaoyang-selection");
        var view = await Json(await admin.GetAsync($"/api/v1/objections/{id}"), HttpStatusCode.OK);
        view.GetProperty("objectorPhoneMasked").GetString().ShouldBe("138****8000");
        view.GetRawText().ShouldNotContain("13812348000");
        var revealed = await Json(await admin.PostAsync($"/api/v1/objections/{id}/phone", null), HttpStatusCode.OK);
        revealed.GetProperty("phone").GetString().ShouldBe("13812348000");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'objection' AND entity_id = $1 AND action = 'view_full_phone'", id.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_is_refused_in_chinese_naming_the_field_and_nothing_is_stored()
    {
        var k = await CandidateOnNoticeAsync(app);
        var anonymous = app.Anonymous();
        var url = $"/api/public/v1/notices/{k.NoticeId}/objections";
        var empty = await Json(await anonymous.PostAsJsonAsync(url, new { candidateId = k.CandidateId, text = "  " }), HttpStatusCode.UnprocessableEntity);
        empty.GetProperty("errors").GetProperty("text")[0].GetString()!.ShouldContain("异议内容");
        var tooLong = await Json(await anonymous.PostAsJsonAsync(url, new { candidateId = k.CandidateId, text = new string('假', 2001) }), HttpStatusCode.UnprocessableEntity);
        tooLong.GetProperty("errors").GetProperty("text")[0].GetString()!.ShouldContain("2000");
        var phone = await Json(await anonymous.PostAsJsonAsync(url, new { candidateId = k.CandidateId, text = "事实", phone = "12345" }), HttpStatusCode.UnprocessableEntity);
        phone.GetProperty("errors").GetProperty("phone")[0].GetString()!.ShouldContain("联系电话");
        var name = await Json(await anonymous.PostAsJsonAsync(url, new { candidateId = k.CandidateId, text = "事实", name = new string('名', 51) }), HttpStatusCode.UnprocessableEntity);
        name.GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldContain("姓名");

        // A file is refused: the endpoint takes JSON only.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(k.CandidateId.ToString()), "candidateId" },
            { new StringContent("见附件"), "text" },
            { new ByteArrayContent("%PDF-1.4 evidence"u8.ToArray()), "file", "evidence.pdf" },
        };
        var file = await anonymous.PostAsync(url, form);
        file.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await file.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("不支持的内容类型");
        (await Count(k.NoticeId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_closed_or_unknown_notice_and_a_candidate_not_on_the_notice_are_refused_without_revealing_anything_and_nothing_is_stored()
    {
        var open = await CandidateOnNoticeAsync(app);
        var closed = await CandidateOnNoticeAsync(app, opensInDays: -10, closesInDays: -1);
        var other = await CandidateOnNoticeAsync(app);
        var anonymous = app.Anonymous();

        var late = await Json(await anonymous.PostAsJsonAsync($"/api/public/v1/notices/{closed.NoticeId}/objections",
            new { candidateId = closed.CandidateId, text = "事实" }), HttpStatusCode.Conflict);
        late.GetProperty("detail").GetString()!.ShouldContain("公示期已于");
        late.GetRawText().ShouldNotContain(closed.Name);

        var unknown = await anonymous.PostAsJsonAsync("/api/public/v1/notices/999999999/objections", new { candidateId = open.CandidateId, text = "事实" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A real candidate, but of another notice: the answer is the same as for an id that does not exist.
        var elsewhere = await Json(await anonymous.PostAsJsonAsync($"/api/public/v1/notices/{open.NoticeId}/objections",
            new { candidateId = other.CandidateId, text = "事实" }), HttpStatusCode.UnprocessableEntity);
        var nowhere = await Json(await anonymous.PostAsJsonAsync($"/api/public/v1/notices/{open.NoticeId}/objections",
            new { candidateId = 999999999, text = "事实" }), HttpStatusCode.UnprocessableEntity);
        elsewhere.GetProperty("errors").GetRawText().ShouldBe(nowhere.GetProperty("errors").GetRawText());
        elsewhere.GetRawText().ShouldNotContain(other.Name);

        (await Count(open.NoticeId) + await Count(closed.NoticeId) + await Count(other.NoticeId)).ShouldBe(0);
        (await anonymous.GetAsync($"/public/notices/{open.NoticeId}/objection?candidate={other.CandidateId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_form_page_shows_the_published_candidate_and_its_post_stores_the_objection_and_shows_the_reference()
    {
        var k = await CandidateOnNoticeAsync(app);
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var url = $"/public/notices/{k.NoticeId}/objection?candidate={k.CandidateId}";
        var get = await browser.GetAsync(url);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Headers.GetValues("X-Robots-Tag").ShouldContain("noindex");
        var html = await get.Content.ReadAsStringAsync();
        html.ShouldContain(k.Name);
        html.ShouldContain("建外某公司");
        html.ShouldContain("maxlength=\"2000\"");
        html.ShouldNotContain("110108");

        var missing = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = "", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(html),
        }));
        missing.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("异议内容不能为空");
        (await Count(k.NoticeId)).ShouldBe(0);

        var posted = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = "<b>粗体</b>所报业绩系他人完成", ["Name"] = "李四", ["Phone"] = "010-65001111", ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(html),
        }));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await posted.Content.ReadAsStringAsync();
        var reference = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT reference FROM objections WHERE notice_id = $1", k.NoticeId);
        done.ShouldContain(reference);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT text FROM objections WHERE notice_id = $1", k.NoticeId)).ShouldBe("<b>粗体</b>所报业绩系他人完成");

        // Without the antiforgery token the form is refused.
        (await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "事实" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Count(k.NoticeId)).ShouldBe(1);
    }
}
