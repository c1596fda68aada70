using System.Globalization;
using System.Net;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations.Notices;

/// <summary>The staff pages of the notices: publishing with checkboxes and a window preview, the notice page and its withdrawal.</summary>
[Collection(ProcedureCollection.Name)]
public sealed class NoticePageTests(ProcedureApp app)
{
    private readonly NoticeWorld _world = new(app);

    private static FormUrlEncodedContent Form(string html, params (string Key, string Value)[] fields) =>
        new([.. fields.Select(f => KeyValuePair.Create(f.Key, f.Value)), KeyValuePair.Create("__RequestVerificationToken", LaurelApp.AntiforgeryToken(html))]);

    [Fact]
    public async Task A_cadre_publishes_a_notice_on_the_page_with_the_chosen_candidates_and_withdraws_it_with_a_reason()
    {
        var campaign = await _world.Campaign();
        var chosen = await _world.Recommend(campaign);
        var left = await _world.Recommend(campaign);
        var browser = await app.BrowserAs("jianwai");
        var path = $"/nominations/campaigns/{campaign}/notices/new?level=unit";
        var form = await browser.GetStringAsync(path);
        form.ShouldContain($"value=\"{chosen.Id}\"");
        form.ShouldContain($"<label for=\"candidate-{left.Id}\">{left.Name}</label>");
        var opens = app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var preview = await browser.PostAsync($"/nominations/campaigns/{campaign}/notices/new?handler=Preview",
            Form(form, ("Level", "unit"), ("Input.OpensOn", opens), ("Input.WorkingDays", "5")));
        var previewHtml = await preview.Content.ReadAsStringAsync();
        preview.StatusCode.ShouldBe(HttpStatusCode.OK, previewHtml);
        var closes = System.Text.Json.JsonDocument.Parse(await (await app.ApiAs("jianwai")).GetStringAsync($"/api/v1/calendar/window?opensOn={opens}&workingDays=5"))
            .RootElement.GetProperty("closesOn").GetString()!;
        previewHtml.ShouldContain(DateOnly.Parse(closes, CultureInfo.InvariantCulture).ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM notices WHERE campaign_id = $1", campaign)).ShouldBe(0);

        var missing = await browser.PostAsync($"/nominations/campaigns/{campaign}/notices/new",
            Form(form, ("Level", "unit"), ("Input.CandidateIds", chosen.Id.ToString(CultureInfo.InvariantCulture)), ("Input.OpensOn", opens),
                ("Input.WorkingDays", "5"), ("Input.TakedownDays", "30"), ("Input.ContactAddress", "建外大街 1 号")));
        var missingHtml = await missing.Content.ReadAsStringAsync();
        missing.StatusCode.ShouldBe(HttpStatusCode.OK, missingHtml);
        missingHtml.ShouldContain("data-error-for=\"contactPhone\">联系电话");

        var published = await browser.PostAsync($"/nominations/campaigns/{campaign}/notices/new",
            Form(form, ("Level", "unit"), ("Input.CandidateIds", chosen.Id.ToString(CultureInfo.InvariantCulture)), ("Input.OpensOn", opens),
                ("Input.WorkingDays", "5"), ("Input.TakedownDays", "30"), ("Input.ContactPhone", "010-65001234"), ("Input.ContactAddress", "建外大街 1 号")));
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        var noticePath = published.Headers.Location!.OriginalString;
        (await _world.State(chosen.Id)).ShouldBe("unit_notice");
        (await _world.State(left.Id)).ShouldBe("recommended");

        var page = await browser.GetStringAsync(noticePath);
        page.ShouldContain("公示已发布");
        page.ShouldContain(chosen.Name);
        page.ShouldNotContain(left.Name);
        page.ShouldContain("data-confirm=");
        (await browser.GetStringAsync($"/nominations/campaigns/{campaign}")).ShouldContain($"href=\"{noticePath}\"");

        var withdrawn = await browser.PostAsync($"{noticePath}?handler=Withdraw", Form(page, ("WithdrawReason", "名单有误")));
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await withdrawn.Content.ReadAsStringAsync());
        (await _world.State(chosen.Id)).ShouldBe("recommended");
        var after = await browser.GetStringAsync(noticePath);
        after.ShouldContain("已撤回");
        after.ShouldContain("名单有误");
        after.ShouldNotContain("handler=Withdraw");
    }
}
