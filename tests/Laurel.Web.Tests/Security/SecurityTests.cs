using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;

namespace Laurel.Web.Tests.Security;

[Collection(DemoCollection.Name)]
public sealed class SecurityTests(LaurelApp app)
{
    [Fact]
    public async Task The_stored_row_never_holds_the_plain_resident_id()
    {
        var rid = TestData.NewResidentId();
        var id = (await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", "孙明", rid)).GetProperty("id").GetInt64();
        var row = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT row_to_json(h)::text FROM honorees h WHERE id = $1", id);
        row.ShouldNotContain(rid);
        row.ShouldNotContain(rid[6..14]);
        var cipher = await TestDb.Scalar<byte[]>(app.OwnerConnectionString, "SELECT resident_id_cipher FROM honorees WHERE id = $1", id);
        System.Text.Encoding.UTF8.GetString(cipher).ShouldNotContain(rid[..10]);
        var facts = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT coalesce(string_agg(row_to_json(f)::text, ''), '') FROM honoree_facts f WHERE honoree_id = $1", id);
        facts.ShouldNotContain(rid);
    }

    [Fact]
    public async Task Changes_and_unmasked_views_are_audited_and_only_holders_of_view_full_id_see_the_full_number()
    {
        var rid = TestData.NewResidentId();
        var chaoyang = await app.ApiAs("chaoyang");
        var created = await TestData.CreateHonoree(chaoyang, "朝阳区总工会", "周淑芬", rid);
        var id = created.GetProperty("id").GetInt64();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1 AND action = 'create' AND user_name = 'chaoyang'", key)).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT after::text FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1 AND action = 'create'", key))
            .ShouldNotContain(rid);

        // chaoyang holds no view_full_id: asking to reveal still answers the masked number and audits nothing.
        var masked = await chaoyang.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealId=true");
        masked.GetProperty("residentId").GetString().ShouldBe(rid[..6] + "********" + rid[14..]);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = 'view_full_id' AND entity_id = $1", key)).ShouldBe(0);

        var acftu = await app.ApiAs("acftu");
        (await acftu.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}")).GetProperty("residentId").GetString()!.ShouldContain("********");
        var full = await acftu.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealId=true");
        full.GetProperty("residentId").GetString().ShouldBe(rid);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE action = 'view_full_id' AND entity_id = $1 AND user_name = 'acftu'", key)).ShouldBe(1);

        var version = created.GetProperty("version").GetInt32();
        (await chaoyang.PutAsJsonAsync($"/api/v1/honorees/{id}", new { name = "周淑芳", residentId = rid, version })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var change = await TestDb.Scalar<string>(app.OwnerConnectionString,
            "SELECT before::text || ' → ' || after::text FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1 AND action = 'update'", key);
        change.ShouldContain("周淑芬");
        change.ShouldContain("周淑芳");
    }

    [Fact]
    public async Task The_applications_database_role_cannot_change_or_delete_audit_rows()
    {
        await app.Anonymous().PostAsJsonAsync("/api/v1/tokens", new { username = "nobody", password = "x" });
        (await TestDb.Scalar<long>(app.AppConnectionString, "SELECT count(*) FROM audit_entries")).ShouldBeGreaterThan(0);
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString, "DELETE FROM audit_entries WHERE id = (SELECT min(id) FROM audit_entries)"));
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString, "UPDATE audit_entries SET summary = 'x'"));
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.AppConnectionString, "TRUNCATE audit_entries"));
        // Even the owner is stopped by the append-only trigger.
        await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(app.OwnerConnectionString, "DELETE FROM audit_entries"));
    }

    [Fact]
    public async Task Only_auditors_read_the_audit_log()
    {
        (await (await app.ApiAs("chaoyang")).GetAsync("/api/v1/audit-entries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ApiAs("admin")).GetAsync("/api/v1/audit-entries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = await (await app.ApiAs("auditor")).GetFromJsonAsync<JsonElement>("/api/v1/audit-entries?action=login_succeeded&user=jianwai");
        page.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        page.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("userName").GetString() == "jianwai");
    }
}
