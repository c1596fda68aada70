using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Nominations.Decision.DecisionSetupHelper;

namespace Laurel.Web.Tests.Nominations.Decision;

/// <summary>Deeds attachments on candidates and evidence attachments on revocation cases (issue 12 §3 step 1, §5), through the API and the pages.</summary>
[Collection(DemoCollection.Name)]
public sealed class AttachmentTests(LaurelApp app)
{
    private readonly DecisionSetupHelper _setup = new(app);

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    private static MultipartFormDataContent File(byte[] bytes, string name, string type = "application/pdf")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private Task<long> Count(string sql, params object[] args) => TestDb.Scalar<long>(app.OwnerConnectionString, sql, args);

    [Fact]
    public async Task A_candidates_deeds_attachment_is_stored_listed_and_downloaded_in_scope_and_is_not_there_for_a_sibling_street()
    {
        var campaign = await _setup.CampaignAsync();
        var candidate = await _setup.CandidateAsync(campaign);
        var jianwai = await app.ApiAs("jianwai");

        var created = await Json(await jianwai.PostAsync($"/api/v1/candidates/{candidate}/attachments", File(Pdf, "事迹材料.pdf")), HttpStatusCode.Created);
        var attachment = created.GetProperty("id").GetInt64();
        created.GetProperty("contentType").GetString().ShouldBe("application/pdf");

        var list = await Json(await jianwai.GetAsync($"/api/v1/candidates/{candidate}/attachments"), HttpStatusCode.OK);
        list.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ShouldBe([attachment]);
        var download = await jianwai.GetAsync($"/api/v1/candidates/{candidate}/attachments/{attachment}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        (await Count("SELECT count(*) FROM audit_entries WHERE entity_type = 'attachment' AND entity_id = $1 AND action = 'view_attachment'", attachment.ToString()))
            .ShouldBe(1);
        // The district's selection admin reads the street's candidates, and so their files.
        (await (await app.ApiAs("chaoyang-selection")).GetAsync($"/api/v1/candidates/{candidate}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/candidates/{candidate}/attachments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.GetAsync($"/api/v1/candidates/{candidate}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsync($"/api/v1/candidates/{candidate}/attachments", File(Pdf, "越权.pdf"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // An attachment of another record is not this candidate's.
        var other = await _setup.CandidateAsync(campaign);
        (await jianwai.GetAsync($"/api/v1/candidates/{other}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The candidate page lists it and downloads it for the street; the public notice shows no file.
        var browser = await app.BrowserAs("jianwai");
        var page = await browser.GetStringAsync($"/nominations/candidates/{candidate}");
        page.ShouldContain("事迹材料.pdf");
        var viaPage = await browser.GetAsync($"/nominations/candidates/{candidate}/attachments?handler=download&attachmentId={attachment}");
        viaPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viaPage.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        (await (await app.BrowserAs("wangjing")).GetAsync($"/nominations/candidates/{candidate}/attachments?handler=download&attachmentId={attachment}"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_file_whose_bytes_are_not_pdf_jpeg_or_png_is_refused_with_422_and_one_over_10_mb_is_refused_with_nothing_saved()
    {
        var campaign = await _setup.CampaignAsync();
        var candidate = await _setup.CandidateAsync(campaign);
        var jianwai = await app.ApiAs("jianwai");

        var wrong = await Json(await jianwai.PostAsync($"/api/v1/candidates/{candidate}/attachments",
            File(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "伪装.pdf")), HttpStatusCode.UnprocessableEntity);
        wrong.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("PDF");

        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        var tooBig = await jianwai.PostAsync($"/api/v1/candidates/{candidate}/attachments", File(big, "超大.pdf"));
        tooBig.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await tooBig.Content.ReadAsStringAsync());
        (await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("10 MB");

        (await Count("SELECT count(*) FROM attachments WHERE owner_kind = 'candidate_deeds' AND owner_id = $1", candidate)).ShouldBe(0);
    }

    [Fact]
    public async Task A_revocation_cases_evidence_is_uploaded_while_proposed_read_only_by_those_who_see_the_case_and_closed_once_decided()
    {
        var jianwai = await app.ApiAs("jianwai");
        var honoree = (await TestData.CreateHonoree(jianwai, "建外街道总工会", TestData.UniqueName("证据"))).GetProperty("id").GetInt64();
        var added = await Json(await jianwai.PostAsJsonAsync($"/api/v1/honorees/{honoree}/honours",
            new { titleCode = "county_model_worker", awardingRegionCode = "110105", awardedOn = "2012-04-28", awardingBody = "朝阳区人民政府" }), HttpStatusCode.Created);
        var proposed = await Json(await jianwai.PostAsJsonAsync("/api/v1/revocations",
            new { honourId = added.GetProperty("id").GetInt64(), kind = "revocation", grounds = "crime", evidence = "经查，该同志因犯罪被判处刑罚。" }), HttpStatusCode.Created);
        var caseId = proposed.GetProperty("id").GetInt64();

        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var created = await Json(await jianwai.PostAsync($"/api/v1/revocations/{caseId}/attachments", File(png, "判决书.png", "image/png")), HttpStatusCode.Created);
        var attachment = created.GetProperty("id").GetInt64();
        (await (await app.ApiAs("chaoyang-selection")).GetAsync($"/api/v1/revocations/{caseId}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var wangjing = await app.ApiAs("wangjing");
        (await wangjing.GetAsync($"/api/v1/revocations/{caseId}/attachments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.GetAsync($"/api/v1/revocations/{caseId}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wangjing.PostAsync($"/api/v1/revocations/{caseId}/attachments", File(png, "x.png", "image/png"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.BrowserAs("jianwai")).GetStringAsync($"/revocations/{caseId}")).ShouldContain("判决书.png");

        await Json(await (await app.ApiAs("chaoyang-selection")).PostAsJsonAsync($"/api/v1/revocations/{caseId}/decide",
            new { documentNumber = "朝工发〔2026〕31号", effectiveOn = Today }), HttpStatusCode.OK);
        (await Json(await jianwai.PostAsync($"/api/v1/revocations/{caseId}/attachments", File(png, "补充.png", "image/png")), HttpStatusCode.Conflict))
            .GetProperty("detail").GetString()!.ShouldContain("不能再补充");
        (await Count("SELECT count(*) FROM attachments WHERE owner_kind = 'revocation_evidence' AND owner_id = $1", caseId)).ShouldBe(1);
    }
}
