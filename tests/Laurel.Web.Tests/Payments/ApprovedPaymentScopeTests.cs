using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Payments;

/// <summary>An approved payment is recorded only under a pack whose jurisdiction covers the honoree.</summary>
[Collection(DemoCollection.Name)]
public sealed class ApprovedPaymentScopeTests(LaurelApp app)
{
    [Fact]
    public async Task A_street_manager_cannot_record_a_payment_under_another_regions_pack_and_is_told_why_under_pack_code()
    {
        var jianwai = await app.ApiAs("jianwai");
        var honoree = (await TestData.CreateHonoree(jianwai, "建外街道总工会", TestData.UniqueName("建外"))).GetProperty("id").GetInt64();
        var url = $"/api/v1/honorees/{honoree}/approved-payments";

        var tieling = await jianwai.PostAsJsonAsync(url, new { packCode = "tieling-2026", benefitCode = "temporary_relief", month = "2026-07", amount = 800, reference = "铁岭临时救助审批表（测试）" });
        tieling.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await tieling.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["packCode"]);
        errors.GetProperty("packCode")[0].GetString()!.ShouldContain("适用地区");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM approved_payments WHERE honoree_id = $1", honoree)).ShouldBe(0);

        var chaoyang = await jianwai.PostAsJsonAsync(url, new { packCode = "chaoyang-2015", benefitCode = "hardship_aid", month = "2026-07", amount = 800, reference = "朝阳区困难帮扶审批表（测试）" });
        chaoyang.StatusCode.ShouldBe(HttpStatusCode.Created, await chaoyang.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_pack_must_cover_the_honoree_in_the_month_approved_as_the_engine_decides_it()
    {
        // Managed in 铁岭 until 2026-08, then moved to 建外: 铁岭's relief may be approved for July, not for October.
        var acftu = await app.ApiAs("acftu");
        var honoree = (await TestData.CreateHonoree(acftu, "铁岭市总工会", TestData.UniqueName("迁"))).GetProperty("id").GetInt64();
        foreach (var (on, unit) in new[] { ("2020-01-01", "铁岭市总工会"), ("2026-09-01", "建外街道总工会") })
        {
            var moved = await acftu.PostAsJsonAsync($"/api/v1/honorees/{honoree}/events",
                new { type = "org_unit_changed", effectiveOn = on, orgUnitId = await TestData.UnitId(acftu, unit) });
            moved.IsSuccessStatusCode.ShouldBeTrue(await moved.Content.ReadAsStringAsync());
        }
        var url = $"/api/v1/honorees/{honoree}/approved-payments";
        object Relief(string month) => new { packCode = "tieling-2026", benefitCode = "temporary_relief", month, amount = 500, reference = "铁岭临时救助审批表（测试）" };

        (await acftu.PostAsJsonAsync(url, Relief("2026-10"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var july = await acftu.PostAsJsonAsync(url, Relief("2026-07"));
        july.StatusCode.ShouldBe(HttpStatusCode.Created, await july.Content.ReadAsStringAsync());
    }
}
