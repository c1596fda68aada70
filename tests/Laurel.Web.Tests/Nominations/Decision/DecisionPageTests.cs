using System.Net;
using System.Text;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Nominations.Decision.DecisionSetupHelper;

namespace Laurel.Web.Tests.Nominations.Decision;

/// <summary>The award decision and the attachments on the staff pages, as a browser posts them.</summary>
[Collection(DemoCollection.Name)]
public sealed class DecisionPageTests(LaurelApp app)
{
    private readonly DecisionSetupHelper _setup = new(app);

    [Fact]
    public async Task The_campaign_page_shows_who_is_ready_and_its_form_makes_the_decision_then_shows_its_record_with_links_to_the_honorees()
    {
        var campaign = await _setup.CampaignAsync();
        var ready = await _setup.CandidateAsync(campaign);
        var held = await _setup.CandidateAsync(campaign);
        var notice = await _setup.FinalNoticeAsync(campaign, ready, held);
        await _setup.OpenObjectionAsync(notice, held);
        var browser = await app.BrowserAs("chaoyang-selection");

        var page = await browser.GetStringAsync($"/nominations/campaigns/{campaign}");
        page.ShouldContain("可列入表彰决定 1 人");
        page.ShouldContain("暂不能列入：");
        page.ShouldContain("确认对以上 1 名人选作出表彰决定");
        // A sibling street sees the campaign and the count, not 建外's candidates.
        var name = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT name FROM candidates WHERE id = $1", ready);
        page.ShouldContain(name);
        var sibling = await (await app.BrowserAs("wangjing")).GetStringAsync($"/nominations/campaigns/{campaign}");
        sibling.ShouldContain("可列入表彰决定 1 人");
        sibling.ShouldNotContain(name);
        sibling.ShouldNotContain("作出表彰决定</button>");

        var refused = await browser.PostAsync($"/nominations/campaigns/{campaign}/decision", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.AwardingBody"] = "朝阳区总工会", ["Input.DecidedOn"] = Today.AddDays(3).ToString("yyyy-MM-dd"), ["Input.DocumentNumber"] = "朝工发〔2026〕77号",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("晚于今天");

        var made = await browser.PostAsync($"/nominations/campaigns/{campaign}/decision", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.AwardingBody"] = "朝阳区总工会", ["Input.DecidedOn"] = Today.ToString("yyyy-MM-dd"), ["Input.DocumentNumber"] = "朝工发〔2026〕78号",
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
        made.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetStringAsync(made.Headers.Location!.ToString());
        after.ShouldContain("已作出表彰决定 朝工发〔2026〕78号");
        after.ShouldContain("data-testid=\"decision-record\"");
        var honoree = await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT honoree_id FROM award_decision_items WHERE candidate_id = $1", ready);
        after.ShouldContain($"/honorees/{honoree}?tab=honours");
    }

    [Fact]
    public async Task The_candidate_page_form_uploads_a_deeds_attachment_and_refuses_a_disguised_file_naming_the_field()
    {
        var campaign = await _setup.CampaignAsync();
        var candidate = await _setup.CandidateAsync(campaign);
        var browser = await app.BrowserAs("jianwai");
        var page = await browser.GetStringAsync($"/nominations/candidates/{candidate}");
        page.ShouldContain("上传事迹材料附件");

        async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
        {
            var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(bytes), "file", name },
                { new StringContent(LaurelApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
            };
            return await browser.PostAsync($"/nominations/candidates/{candidate}/attachments", form);
        }

        var disguised = await Upload(Encoding.UTF8.GetBytes("not a pdf at all"), "材料.pdf");
        disguised.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await disguised.Content.ReadAsStringAsync()).ShouldContain("按文件内容识别");
        var uploaded = await Upload(Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"), "先进事迹.pdf");
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetStringAsync($"/nominations/candidates/{candidate}")).ShouldContain("先进事迹.pdf");
    }
}
