using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Notices;

/// <summary>The public notice page and API, and the print and Word versions of a notice.</summary>
[Collection(ProcedureCollection.Name)]
public sealed class PublicNoticeTests(ProcedureApp app)
{
    private readonly NoticeWorld _world = new(app);

    /// <summary>A candidate from 建外's pool, linked to a registry record with a phone: the stored values no public page may show.</summary>
    private async Task<(TestCandidate Candidate, string Phone)> FromRegistry(long campaign)
    {
        var jianwai = await app.ApiAs("jianwai");
        var residentId = NoticeWorld.ResidentId(female: true);
        var name = TestData.UniqueName("档公示");
        await TestData.CreateHonoree(jianwai, "建外街道总工会", name, residentId);
        var entry = await NoticeWorld.Json(await jianwai.PostAsJsonAsync("/api/v1/pool-entries", new
        {
            orgUnitId = await _world.Unit("建外街道总工会"), year = app.Today.Year, name, residentId, workplace = "建外某电气公司", post = "班组长",
            category = "frontline_worker", selectionKind = "post_expert", achievements = "岗位能手",
        }), HttpStatusCode.Created);
        var created = await NoticeWorld.Json(await jianwai.PostAsJsonAsync("/api/v1/candidates", new
        {
            campaignId = campaign, orgUnitId = await _world.Unit("建外街道总工会"), poolEntryId = entry.GetProperty("id").GetInt64(),
            deeds = "扎根电气检修一线二十年。\n\n带出徒弟三十余名。",
            vote = new { meetingKind = "workers_congress", heldOn = app.Today, present = 40, @for = 35, against = 5, abstaining = 0 },
        }), HttpStatusCode.Created);
        // The phone TestData.NewHonoree records for every honoree it makes.
        return (new TestCandidate(created.GetProperty("id").GetInt64(), name, residentId, NoticeWorld.BirthDate(residentId), Female: true), "13800138000");
    }

    [Fact]
    public async Task The_public_page_and_api_show_only_what_was_published_and_none_of_the_stored_resident_id_phone_or_birth_date()
    {
        var campaign = await _world.Campaign();
        var (woman, phone) = await FromRegistry(campaign);
        var man = await _world.Recommend(campaign);
        var notice = await _world.PublishUnit([woman.Id, man.Id], app.Today);
        var id = notice.GetProperty("id").GetInt64();
        var masked = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT resident_id_masked FROM candidates WHERE id = $1", woman.Id);

        var anonymous = app.Anonymous();
        var page = await anonymous.GetAsync($"/public/notices/{id}");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var json = await anonymous.GetStringAsync($"/api/public/v1/notices/{id}");
        foreach (var text in new[] { html, json })
        {
            foreach (var secret in new[]
            {
                woman.ResidentId, man.ResidentId, masked, woman.ResidentId[6..14], phone, phone[..3] + "****" + phone[^4..],
                woman.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), woman.BirthDate.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
                man.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })
            {
                text.ShouldNotContain(secret);
            }
        }
        html.ShouldContain("<meta name=\"robots\" content=\"noindex\" />");
        html.ShouldContain($"{woman.Name}<span>（女）</span>");
        html.ShouldNotContain($"{man.Name}<span>（女）</span>");
        html.ShouldContain($"href=\"/public/notices/{id}/objection?candidate={woman.Id}\">对该人选提出异议</a>");
        html.ShouldContain("扎根电气检修一线二十年。 带出徒弟三十余名。");

        var body = JsonDocument.Parse(json).RootElement;
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "title", "opensOn", "closesOn", "contact", "candidates"]);
        var first = body.GetProperty("candidates")[0];
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "name", "gender", "unit", "post", "summary"]);
        first.GetProperty("id").GetInt64().ShouldBe(woman.Id);
        first.GetProperty("gender").GetString().ShouldBe("female");
        first.GetProperty("unit").GetString().ShouldBe("建外某电气公司");
    }

    [Fact]
    public async Task After_its_window_the_public_notice_says_so_without_the_objection_links_and_answers_404_after_its_takedown()
    {
        var campaign = await _world.Campaign();
        var candidate = await _world.Recommend(campaign);
        var notice = await _world.PublishUnit([candidate.Id], app.Today, workingDays: 1, takedownDays: 1);
        var id = notice.GetProperty("id").GetInt64();
        var closesOn = DateOnly.Parse(notice.GetProperty("closesOn").GetString()!, CultureInfo.InvariantCulture);

        // The notice opened today, so the day after its window is still ahead.
        app.MoveTo(closesOn.AddDays(1));
        var after = await app.Anonymous().GetStringAsync($"/public/notices/{id}");
        after.ShouldContain("公示期满");
        after.ShouldNotContain("对该人选提出异议");
        (await app.Anonymous().GetStringAsync($"/api/public/v1/notices/{id}")).ShouldContain(notice.GetProperty("title").GetString()!);

        app.MoveTo(closesOn.AddDays(2));

        var gone = await app.Anonymous().GetAsync($"/public/notices/{id}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gone.Content.ReadAsStringAsync()).ShouldContain("不存在");
        (await app.Anonymous().GetAsync($"/api/public/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The record stays with the staff: the snapshot and its hash.
        (await NoticeWorld.Json(await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/notices/{id}"), HttpStatusCode.OK))
            .GetProperty("snapshotSha256").GetString()!.Length.ShouldBe(64);
    }

    [Fact]
    public async Task The_docx_opens_with_open_xml_and_holds_the_table_of_names_and_the_print_page_is_a4()
    {
        var campaign = await _world.Campaign();
        var a = await _world.Recommend(campaign);
        var b = await _world.Recommend(campaign, female: true);
        var notice = await _world.PublishUnit([a.Id, b.Id], app.Today);
        var id = notice.GetProperty("id").GetInt64();

        var response = await (await app.ApiAs("jianwai")).GetAsync($"/api/v1/notices/{id}/docx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var body = document.MainDocumentPart!.Document.Body!;
        var table = body.Elements<Table>().Single();
        var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        rows[0].ShouldBe(["序号", "姓名", "性别", "单位", "职务"]);
        rows[1].ShouldBe(["1", a.Name, "男", "建外某机械公司", "高级技师"]);
        rows[2].ShouldBe(["2", b.Name, "女", "建外某机械公司", "高级技师"]);
        body.InnerText.ShouldContain("推荐人选的公示");
        body.InnerText.ShouldContain("010-65001234");
        body.Descendants<RunFonts>().Select(f => f.EastAsia?.Value).ShouldContain("仿宋");
        body.Descendants<RunFonts>().Select(f => f.EastAsia?.Value).ShouldContain("宋体");

        var print = await (await app.BrowserAs("jianwai")).GetStringAsync($"/nominations/notices/{id}/print");
        print.ShouldContain("@page { size: A4;");
        print.ShouldContain("@media print");
        print.ShouldContain($"<td>{b.Name}</td><td>女</td>");
        print.ShouldContain("建外街道总工会");
    }
}
