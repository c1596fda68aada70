using System.Net;
using System.Net.Http.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Policies;

/// <summary>
/// A pack is administered only from a unit whose subtree holds the pack's whole jurisdiction: a street union's policy
/// administrator may not change the district's pack, which covers the sibling street too. Nothing here stores a value:
/// the demo's packs are shared by the collection's other tests.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class PackAdministrationTests(LaurelApp app)
{
    private const string Values = "/api/v1/policy-packs/chaoyang-2015/parameters/hardship_aid.amount/values";
    private static readonly object Body = new { effectiveFrom = "2026-08-01", value = 2000, reference = "朝阳区总工会困难劳模帮扶标准（测试）" };

    [Fact]
    public async Task A_policy_admin_of_a_street_union_can_neither_add_nor_preview_a_value_of_the_districts_pack()
    {
        var street = await app.ApiAs(await TestUsers.Create(app, "建外街道总工会", ("manager", "建外街道总工会"), ("policy_admin", "建外街道总工会")));
        (await street.PostAsJsonAsync(Values + "/preview", Body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await street.PostAsJsonAsync(Values, Body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM policy_parameter_values WHERE pack_code = 'chaoyang-2015'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_policy_admin_of_the_district_federation_may_preview_a_value_of_the_districts_pack()
    {
        var district = await app.ApiAs(await TestUsers.Create(app, "朝阳区总工会", ("manager", "朝阳区总工会"), ("policy_admin", "朝阳区总工会")));
        (await district.PostAsJsonAsync(Values + "/preview", Body)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_packs_page_offers_the_add_value_form_only_to_those_who_administer_the_pack()
    {
        var street = await app.BrowserAs(await TestUsers.Create(app, "建外街道总工会", ("manager", "建外街道总工会"), ("policy_admin", "建外街道总工会")));
        var district = await app.BrowserAs(await TestUsers.Create(app, "朝阳区总工会", ("policy_admin", "朝阳区总工会")));
        (await street.GetStringAsync("/policies/chaoyang-2015")).ShouldNotContain("data-testid=\"add-value\"");
        (await district.GetStringAsync("/policies/chaoyang-2015")).ShouldContain("data-testid=\"add-value\"");
    }

    [Fact]
    public async Task The_demo_policy_admins_of_inner_mongolia_and_tieling_still_administer_their_own_packs_and_no_other()
    {
        var nmg = await app.BrowserAs("nmg");
        var tieling = await app.BrowserAs("tieling");
        (await nmg.GetStringAsync("/policies/nmg-2026")).ShouldContain("data-testid=\"add-value\"");
        (await tieling.GetStringAsync("/policies/tieling-2026")).ShouldContain("data-testid=\"add-value\"");
        (await nmg.GetStringAsync("/policies/tieling-2026")).ShouldNotContain("data-testid=\"add-value\"");
        (await tieling.GetStringAsync("/policies/chaoyang-2015")).ShouldNotContain("data-testid=\"add-value\"");
    }
}
