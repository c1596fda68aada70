using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Honorees;

/// <summary>Phones at rest: ciphertext and the masked form; the full number only for holders of view_full_id, audited.</summary>
[Collection(DemoCollection.Name)]
public sealed class PhoneTests(LaurelApp app)
{
    private const string Phone = "13800138000";
    private const string Masked = "138****8000";

    private async Task<long> NewHonoree(string name) =>
        (await TestData.CreateHonoree(await app.ApiAs("chaoyang"), "朝阳区总工会", name)).GetProperty("id").GetInt64();

    private Task<long> Audits(string action, long id, string user) => TestDb.Scalar<long>(app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE action = $1 AND entity_id = $2 AND user_name = $3",
        action, id.ToString(CultureInfo.InvariantCulture), user);

    [Fact]
    public async Task The_stored_row_and_its_audit_entry_never_hold_the_plain_phone()
    {
        var id = await NewHonoree(TestData.UniqueName("电"));
        var row = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT row_to_json(h)::text FROM honorees h WHERE id = $1", id);
        row.ShouldNotContain(Phone);
        row.ShouldNotContain("0013800");
        (await TestDb.Scalar<bool>(app.OwnerConnectionString, "SELECT phone IS NULL FROM honorees WHERE id = $1", id)).ShouldBeTrue();
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT phone_masked FROM honorees WHERE id = $1", id)).ShouldBe(Masked);
        var cipher = await TestDb.Scalar<byte[]>(app.OwnerConnectionString, "SELECT phone_cipher FROM honorees WHERE id = $1", id);
        System.Text.Encoding.UTF8.GetString(cipher).ShouldNotContain("1380013");
        (await TestDb.Scalar<string>(app.OwnerConnectionString,
            "SELECT string_agg(coalesce(after::text, ''), '') FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1", id.ToString(CultureInfo.InvariantCulture)))
            .ShouldNotContain(Phone);
        // Nothing may write a plain phone any more, not even the owner.
        var plain = await Should.ThrowAsync<Npgsql.PostgresException>(() => TestDb.Scalar<object>(app.OwnerConnectionString,
            "UPDATE honorees SET phone = $2 WHERE id = $1", id, Phone));
        plain.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task The_api_shows_the_masked_phone_and_only_a_holder_of_view_full_id_who_asks_sees_it_in_full_audited()
    {
        var id = await NewHonoree(TestData.UniqueName("电"));
        var chaoyang = await app.ApiAs("chaoyang");
        var view = await chaoyang.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}");
        view.GetProperty("phone").GetString().ShouldBe(Masked);
        view.GetProperty("fullPhoneShown").GetBoolean().ShouldBeFalse();

        // chaoyang holds no view_full_id: asking still answers the masked phone and audits nothing.
        (await chaoyang.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealPhone=true")).GetProperty("phone").GetString().ShouldBe(Masked);
        (await Audits("view_full_phone", id, "chaoyang")).ShouldBe(0);

        var acftu = await app.ApiAs("acftu");
        (await acftu.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealId=true")).GetProperty("phone").GetString().ShouldBe(Masked);
        var full = await acftu.GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealPhone=true");
        full.GetProperty("phone").GetString().ShouldBe(Phone);
        full.GetProperty("fullPhoneShown").GetBoolean().ShouldBeTrue();
        (await Audits("view_full_phone", id, "acftu")).ShouldBe(1);
    }

    [Fact]
    public async Task The_detail_page_masks_the_phone_and_reveals_it_to_a_holder_of_view_full_id_audited()
    {
        var id = await NewHonoree(TestData.UniqueName("电"));
        var chaoyang = await (await app.BrowserAs("chaoyang")).GetStringAsync($"/honorees/{id}");
        chaoyang.ShouldContain(Masked);
        chaoyang.ShouldNotContain(Phone);
        chaoyang.ShouldNotContain("reveal-phone-form");

        var acftu = await app.BrowserAs("acftu");
        var detail = await acftu.GetStringAsync($"/honorees/{id}");
        detail.ShouldContain(Masked);
        detail.ShouldNotContain(Phone);
        var revealed = await acftu.PostAsync($"/honorees/{id}?handler=RevealPhone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(detail),
        }));
        revealed.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await revealed.Content.ReadAsStringAsync()).ShouldContain(Phone);
        (await Audits("view_full_phone", id, "acftu")).ShouldBe(1);
    }

    [Fact]
    public async Task Editing_keeps_the_phone_when_the_field_is_left_empty_and_changes_it_when_filled_in()
    {
        var name = TestData.UniqueName("电");
        var id = await NewHonoree(name);
        var browser = await app.BrowserAs("chaoyang");
        async Task<HttpResponseMessage> Edit(string phone)
        {
            var form = await browser.GetStringAsync($"/honorees/{id}/edit");
            form.ShouldNotContain(Phone);
            var version = await TestDb.Scalar<int>(app.OwnerConnectionString, "SELECT version FROM honorees WHERE id = $1", id);
            return await browser.PostAsync($"/honorees/{id}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Name"] = name, ["Input.ResidentId"] = "", ["Input.Phone"] = phone,
                ["Input.Version"] = version.ToString(CultureInfo.InvariantCulture),
                ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(form),
            }));
        }
        async Task<string?> FullPhone() =>
            (await (await app.ApiAs("acftu")).GetFromJsonAsync<JsonElement>($"/api/v1/honorees/{id}?revealPhone=true")).GetProperty("phone").GetString();

        (await Edit("")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FullPhone()).ShouldBe(Phone);
        (await Edit("13900139000")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FullPhone()).ShouldBe("13900139000");
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT phone_masked FROM honorees WHERE id = $1", id)).ShouldBe("139****9000");
        var change = await TestDb.Scalar<string>(app.OwnerConnectionString,
            "SELECT string_agg(before::text || after::text, '') FROM audit_entries WHERE entity_type = 'honoree' AND entity_id = $1 AND action = 'update'",
            id.ToString(CultureInfo.InvariantCulture));
        change.ShouldContain(Masked);
        change.ShouldContain("139****9000");
        change.ShouldNotContain("13900139000");
    }

    [Fact]
    public async Task The_export_never_holds_the_full_phone()
    {
        var name = TestData.UniqueName("电");
        await NewHonoree(name);
        var csv = await (await app.BrowserAs("chaoyang")).GetStringAsync("/honorees/export?q=" + Uri.EscapeDataString(name));
        csv.ShouldContain(name);
        csv.ShouldNotContain(Phone);
    }
}
