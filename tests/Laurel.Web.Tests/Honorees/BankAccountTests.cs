using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Laurel.Web.Features.Honorees;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Laurel.Web.Tests.Honorees;

/// <summary>
/// An honoree's bank account: set and replaced by managers in scope, shown masked, stored only encrypted and masked,
/// every change and every full view audited without the plain number.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class BankAccountTests(LaurelApp app)
{
    private const string Number = "6222021234567890";
    private const string OtherNumber = "6217000010001234567";

    private static object Account(string number = "6222 0212 3456 7890", string name = "张晓明", string bank = "中国工商银行北京建外支行") =>
        new { bankName = bank, accountName = name, accountNumber = number };

    private static string Url(long honoreeId) => $"/api/v1/honorees/{honoreeId}/bank-account";

    private static async Task Set(HttpClient client, long honoreeId, object account) =>
        (await client.PutAsJsonAsync(Url(honoreeId), account)).StatusCode.ShouldBe(HttpStatusCode.OK);

    private async Task<long> NewHonoreeInJianwai() =>
        (await TestData.CreateHonoree(await app.ApiAs("jianwai"), "建外街道总工会", TestData.UniqueName("账户"))).GetProperty("id").GetInt64();

    /// <summary>An honoree of 建外 with <see cref="Account"/>'s default account, set by the branch's manager.</summary>
    private async Task<long> NewHonoreeWithAccount()
    {
        var id = await NewHonoreeInJianwai();
        await Set(await app.ApiAs("jianwai"), id, Account());
        return id;
    }

    private Task<string> AuditTrail(long honoreeId) => TestDb.Scalar<string>(app.OwnerConnectionString,
        "SELECT coalesce(string_agg(action || ' ' || coalesce(summary, '') || ' ' || coalesce(before::text, '') || ' ' || coalesce(after::text, ''), E'\\n' ORDER BY id), '') " +
        "FROM audit_entries WHERE entity_type = 'honoree_bank_account' AND entity_id = $1", honoreeId.ToString(CultureInfo.InvariantCulture));

    private Task<long> RowCount(long honoreeId) =>
        TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honoree_bank_accounts WHERE honoree_id = $1", honoreeId);

    private Task<string> StoredMask(long honoreeId) =>
        TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT account_number_masked FROM honoree_bank_accounts WHERE honoree_id = $1", honoreeId);

    private Task<long> AuditCount(long honoreeId) => TestDb.Scalar<long>(app.OwnerConnectionString,
        "SELECT count(*) FROM audit_entries WHERE entity_type = 'honoree_bank_account' AND entity_id = $1", honoreeId.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_manager_sets_an_account_and_reads_it_back_masked()
    {
        var id = await NewHonoreeInJianwai();
        var client = await app.ApiAs("jianwai");
        var put = await client.PutAsJsonAsync(Url(id), Account());
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await put.Content.ReadAsStringAsync();
        body.ShouldNotContain(Number);
        var set = JsonSerializer.Deserialize<JsonElement>(body);
        set.GetProperty("bankName").GetString().ShouldBe("中国工商银行北京建外支行");
        set.GetProperty("accountNameMasked").GetString().ShouldBe("张*明");
        set.GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** **** 7890");
        set.GetProperty("updatedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        set.TryGetProperty("accountNumber", out _).ShouldBeFalse();

        var read = await client.GetFromJsonAsync<JsonElement>(Url(id));
        read.GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** **** 7890");
        read.GetProperty("accountNameMasked").GetString().ShouldBe("张*明");
        read.TryGetProperty("accountNumber", out _).ShouldBeFalse();
        read.TryGetProperty("accountName", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_stored_row_holds_neither_the_plain_number_nor_the_plain_name()
    {
        var id = await NewHonoreeWithAccount();
        var row = await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT row_to_json(b)::text FROM honoree_bank_accounts b WHERE honoree_id = $1", id);
        row.ShouldNotContain(Number);
        row.ShouldNotContain(Number[4..12]);
        row.ShouldNotContain("张晓明");
        row.ShouldContain("6222 **** **** 7890");
        var cipher = await TestDb.Scalar<byte[]>(app.OwnerConnectionString, "SELECT account_cipher FROM honoree_bank_accounts WHERE honoree_id = $1", id);
        var asText = System.Text.Encoding.UTF8.GetString(cipher);
        asText.ShouldNotContain(Number[..8]);
        asText.ShouldNotContain(Number[8..]);
        Convert.ToHexString(cipher).ShouldNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(Number[..8])));
    }

    public static TheoryData<string, string, object> InvalidFields => new()
    {
        { "accountNumber", "账号", Account(number: "6222-0212-3456-7890") },
        { "accountNumber", "账号", Account(number: "1234567") },
        { "accountNumber", "账号", new { bankName = "中国银行", accountName = "张三" } },
        { "accountName", "户名", Account(name: " ") },
        { "accountName", "户名", Account(name: new string('张', 51)) },
        { "bankName", "开户行", Account(bank: "行") },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_answers_422_naming_it_and_keeps_the_account(string field, string label, object body)
    {
        var id = await NewHonoreeInJianwai();
        var client = await app.ApiAs("jianwai");
        await Set(client, id, Account(number: OtherNumber));
        var response = await client.PutAsJsonAsync(Url(id), body);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString()!.ShouldStartWith(label);
        (await client.GetFromJsonAsync<JsonElement>(Url(id)))
            .GetProperty("accountNumberMasked").GetString().ShouldBe("6217 **** **** *** 4567");
        (await AuditCount(id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_manager_of_another_branch_gets_404_as_if_the_honoree_did_not_exist()
    {
        var id = await NewHonoreeWithAccount();
        var wangjing = await app.ApiAs("wangjing");
        var read = await wangjing.GetAsync(Url(id));
        read.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await read.Content.ReadAsStringAsync()).ShouldNotContain("7890");
        (await wangjing.PutAsJsonAsync(Url(id), Account(number: OtherNumber))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Invalid input changes nothing either: scope is decided before the fields are looked at.
        (await wangjing.PutAsJsonAsync(Url(id), Account(number: "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ApiAs("jianwai")).GetFromJsonAsync<JsonElement>(Url(id)))
            .GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** **** 7890");
        (await AuditCount(id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_honoree_in_scope_without_an_account_answers_404_saying_so()
    {
        var id = await NewHonoreeInJianwai();
        var response = await (await app.ApiAs("jianwai")).GetAsync(Url(id));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe(BankAccountQueries.NoAccountMessage);
    }

    [Fact]
    public async Task A_viewer_reads_the_masked_account_but_cannot_change_it()
    {
        var id = await NewHonoreeWithAccount();
        var viewer = await app.ApiAs("chaoyang-viewer");
        (await viewer.GetFromJsonAsync<JsonElement>(Url(id)))
            .GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** **** 7890");
        (await viewer.PutAsJsonAsync(Url(id), Account(number: OtherNumber))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StoredMask(id)).ShouldBe("6222 **** **** 7890");
        (await AuditCount(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Setting_again_replaces_the_account_in_the_one_row_of_the_honoree()
    {
        var id = await NewHonoreeWithAccount();
        var client = await app.ApiAs("jianwai");
        var replaced = await client.PutAsJsonAsync(Url(id), Account(number: OtherNumber, name: "张明", bank: "中国农业银行北京朝阳支行"));
        replaced.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RowCount(id)).ShouldBe(1);
        (await TestDb.Scalar<int>(app.OwnerConnectionString, "SELECT version FROM honoree_bank_accounts WHERE honoree_id = $1", id)).ShouldBe(2);
        var read = await client.GetFromJsonAsync<JsonElement>(Url(id));
        read.GetProperty("bankName").GetString().ShouldBe("中国农业银行北京朝阳支行");
        read.GetProperty("accountNameMasked").GetString().ShouldBe("张*");
        read.GetProperty("accountNumberMasked").GetString().ShouldBe("6217 **** **** *** 4567");
        var forPayment = await ForPayment(id);
        forPayment[id].AccountNumber.ShouldBe(OtherNumber);
        forPayment[id].AccountName.ShouldBe("张明");
    }

    [Fact]
    public async Task Every_change_is_audited_with_masked_values_only()
    {
        var id = await NewHonoreeWithAccount();
        var client = await app.ApiAs("jianwai");
        await Set(client, id, Account(number: OtherNumber));
        await Set(client, id, Account(number: OtherNumber, bank: "中国农业银行北京朝阳支行"));

        var trail = (await AuditTrail(id)).Split('\n');
        trail.Length.ShouldBe(3);
        trail[0].ShouldStartWith("create 登记");
        trail[0].ShouldContain("6222 **** **** 7890");
        trail[1].ShouldStartWith("update 修改");
        trail[1].ShouldContain("账号已更换");
        trail[1].ShouldContain("6222 **** **** 7890"); // before
        trail[1].ShouldContain("6217 **** **** *** 4567"); // after
        trail[2].ShouldContain("账号未变");
        trail[2].ShouldContain("中国农业银行北京朝阳支行");
        var all = string.Join('\n', trail);
        all.ShouldNotContain(Number);
        all.ShouldNotContain(OtherNumber);
        all.ShouldNotContain("张晓明");
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE entity_type = 'honoree_bank_account' AND entity_id = $1 AND user_name = 'jianwai'",
            id.ToString(CultureInfo.InvariantCulture))).ShouldBe(3);
    }

    [Fact]
    public async Task Only_holders_of_view_full_id_see_the_full_number_and_each_view_is_audited()
    {
        var id = await NewHonoreeWithAccount();
        var key = id.ToString(CultureInfo.InvariantCulture);
        const string views = "SELECT count(*) FROM audit_entries WHERE action = 'view_full_account' AND entity_id = $1";

        // chaoyang manages the branch but holds no view_full_id: asking still answers the masked account, unaudited.
        var masked = await (await app.ApiAs("chaoyang")).GetStringAsync(Url(id) + "?revealNumber=true");
        masked.ShouldNotContain(Number);
        masked.ShouldContain("6222 **** **** 7890");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, views, key)).ShouldBe(0);

        var acftu = await app.ApiAs("acftu");
        (await acftu.GetStringAsync(Url(id))).ShouldNotContain(Number);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, views, key)).ShouldBe(0);
        var full = await acftu.GetFromJsonAsync<JsonElement>(Url(id) + "?revealNumber=true");
        full.GetProperty("accountNumber").GetString().ShouldBe(Number);
        full.GetProperty("accountName").GetString().ShouldBe("张晓明");
        full.GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** **** 7890");
        (await TestDb.Scalar<long>(app.OwnerConnectionString, views + " AND user_name = 'acftu'", key)).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, "SELECT summary FROM audit_entries WHERE action = 'view_full_account' AND entity_id = $1", key))
            .ShouldNotContain(Number);
    }

    private async Task<IReadOnlyDictionary<long, Laurel.Rules.Payments.BankAccount>> ForPayment(params long[] ids)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BankAccountQueries>().ForPaymentAsync(ids);
    }

    [Fact]
    public async Task The_payment_read_decrypts_accounts_and_refuses_a_ciphertext_moved_to_another_honoree()
    {
        var first = await NewHonoreeInJianwai();
        var second = await NewHonoreeInJianwai();
        var without = await NewHonoreeInJianwai();
        var client = await app.ApiAs("jianwai");
        await Set(client, first, Account());
        await Set(client, second, Account(number: OtherNumber, name: "李四"));

        var accounts = await ForPayment(first, second, without);
        accounts.Keys.Order().ShouldBe([first, second]);
        accounts[first].ShouldBe(new Laurel.Rules.Payments.BankAccount("中国工商银行北京建外支行", "张晓明", Number));
        accounts[second].AccountNumber.ShouldBe(OtherNumber);
        (await ForPayment()).Count.ShouldBe(0);

        // Someone with write access to the database copies the first honoree's account onto the second's row.
        await TestDb.Scalar<object>(app.OwnerConnectionString,
            "UPDATE honoree_bank_accounts SET account_cipher = (SELECT account_cipher FROM honoree_bank_accounts WHERE honoree_id = $1) WHERE honoree_id = $2",
            first, second);
        await Should.ThrowAsync<CryptographicException>(() => ForPayment(second));
        (await ForPayment(first))[first].AccountNumber.ShouldBe(Number);
    }

    [Fact]
    public async Task The_applications_database_role_cannot_delete_bank_accounts()
    {
        var id = await NewHonoreeWithAccount();
        (await TestDb.Scalar<long>(app.AppConnectionString, "SELECT count(*) FROM honoree_bank_accounts WHERE honoree_id = $1", id)).ShouldBe(1);
        var denied = await Should.ThrowAsync<PostgresException>(() =>
            TestDb.Scalar<object>(app.AppConnectionString, "DELETE FROM honoree_bank_accounts WHERE honoree_id = $1", id));
        denied.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    private static async Task<HttpResponseMessage> PostBankForm(HttpClient browser, long id, string bankName, string accountName, string accountNumber)
    {
        var page = await browser.GetStringAsync($"/honorees/{id}?tab=bank");
        return await browser.PostAsync($"/honorees/{id}?handler=Bank", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Bank.BankName"] = bankName,
            ["Bank.AccountName"] = accountName,
            ["Bank.AccountNumber"] = accountNumber,
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(page),
        }));
    }

    private static string ErrorFor(string html, string field) =>
        Regex.Match(html, $"<span class=\"text-danger field-error d-block\" data-error-for=\"{field}\">([^<]*)</span>").Groups[1].Value;

    [Fact]
    public async Task On_the_detail_page_a_manager_sets_the_account_keeping_the_input_and_naming_the_field_on_error()
    {
        var id = await NewHonoreeInJianwai();
        var browser = await app.BrowserAs("jianwai");
        var empty = await browser.GetStringAsync($"/honorees/{id}?tab=bank");
        empty.ShouldContain("尚未登记银行账户");
        empty.ShouldContain("id=\"bank-form\"");

        var invalid = await PostBankForm(browser, id, "中国工商银行北京建外支行", "张晓明", "6222 0212 3456 789O");
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await invalid.Content.ReadAsStringAsync();
        ErrorFor(html, "accountNumber").ShouldStartWith("账号只能包含数字");
        ErrorFor(html, "bankName").ShouldBe("");
        html.ShouldContain("value=\"中国工商银行北京建外支行\"");
        html.ShouldContain("value=\"张晓明\"");
        html.ShouldContain("value=\"6222 0212 3456 789O\"");
        (await RowCount(id)).ShouldBe(0);

        var saved = await PostBankForm(browser, id, "中国工商银行北京建外支行", "张晓明", "6222 0212 3456 7890");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await browser.GetStringAsync(saved.Headers.Location!.ToString());
        shown.ShouldContain("银行账户已保存");
        shown.ShouldContain("6222 **** **** 7890");
        shown.ShouldContain("张*明");
        shown.ShouldNotContain(Number);
        shown.ShouldNotContain("显示完整账号"); // jianwai holds no view_full_id
    }

    [Fact]
    public async Task On_the_detail_page_a_viewer_sees_the_masked_account_without_a_form_and_a_full_view_is_audited()
    {
        var id = await NewHonoreeWithAccount();
        var viewer = await app.BrowserAs("chaoyang-viewer");
        var page = await viewer.GetStringAsync($"/honorees/{id}?tab=bank");
        page.ShouldContain("6222 **** **** 7890");
        page.ShouldNotContain("id=\"bank-form\"");
        var refused = await PostBankForm(viewer, id, "中国农业银行", "张三", OtherNumber);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只有查看权限");
        (await StoredMask(id)).ShouldBe("6222 **** **** 7890");

        var acftu = await app.BrowserAs("acftu");
        var detail = await acftu.GetStringAsync($"/honorees/{id}?tab=bank");
        detail.ShouldContain("显示完整账号");
        var revealed = await acftu.PostAsync($"/honorees/{id}?handler=RevealAccount", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LaurelApp.AntiforgeryToken(detail),
        }));
        revealed.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await revealed.Content.ReadAsStringAsync()).ShouldContain("6222 0212 3456 7890");
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action = 'view_full_account' AND user_name = 'acftu' AND entity_id = $1",
            id.ToString(CultureInfo.InvariantCulture))).ShouldBe(1);
    }
}
