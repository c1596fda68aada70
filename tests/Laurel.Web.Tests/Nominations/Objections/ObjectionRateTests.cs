using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Nominations.Objections.ObjectionTestData;

namespace Laurel.Web.Tests.Nominations.Objections;

/// <summary>The objection endpoint's own per-address limit; an app of its own with a low limit (the suite's is high).</summary>
public sealed class ObjectionRateTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new()
    {
        Settings =
        {
            ["Laurel:RateLimits:Objections:PermitLimit"] = "3",
            // An hour, so that no window ends during the test.
            ["Laurel:RateLimits:Objections:WindowSeconds"] = "3600",
        },
    };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Objections_past_the_rate_answer_429_in_chinese_and_are_not_stored_while_the_form_stays_readable()
    {
        var k = await CandidateOnNoticeAsync(_app);
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync(_app, k, $"第 {i + 1} 条情况反映");
        }
        var limited = await _app.Anonymous().PostAsJsonAsync($"/api/public/v1/notices/{k.NoticeId}/objections", new { candidateId = k.CandidateId, text = "第 4 条" });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("请求过于频繁");
        (await TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM objections WHERE notice_id = $1", k.NoticeId)).ShouldBe(3);

        // Reading the form is not a submission; posting it shares the address's limit.
        var url = $"/public/notices/{k.NoticeId}/objection?candidate={k.CandidateId}";
        var page = await _app.Anonymous().GetAsync(url);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var posted = await _app.Anonymous().PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "事实" }));
        posted.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await posted.Content.ReadAsStringAsync()).ShouldContain("访问过于频繁");
    }
}
