using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>Staff users a test makes for itself, so that no demo account's grants change under other tests.</summary>
public static class TestUsers
{
    /// <summary>
    /// A new user of <paramref name="unitName"/> (password <see cref="LaurelApp.Password"/>) holding the given grants.
    /// The grants are written straight into role_grants with the owner's login: the tests using this are about what a
    /// grant allows, not about how one is given.
    /// </summary>
    public static async Task<string> Create(LaurelApp app, string unitName, params (string Role, string UnitName)[] grants)
    {
        var admin = await app.ApiAs("admin");
        var userName = "t-" + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            userName, displayName = userName, orgUnitId = await TestData.UnitId(admin, unitName), password = LaurelApp.Password,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var (role, unit) in grants)
        {
            (await TestDb.Scalar<long>(app.OwnerConnectionString,
                "WITH g AS (INSERT INTO role_grants (user_id, role, org_unit_id) SELECT $1, $2, id FROM org_units WHERE name = $3 RETURNING 1) SELECT count(*) FROM g",
                id, role, unit)).ShouldBe(1);
        }
        return userName;
    }
}
