using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Laurel.Web.Tests.Infrastructure;
using Npgsql;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// Once a cycle is approved, its items and the bank accounts copied for it are what the ledger posted and what the
/// bank file pays: the runtime login cannot change or delete them, except for the application's own steps (export,
/// the bank's results, closing). A draft cycle can still be deleted.
/// </summary>
public sealed class ApprovedPaymentRowsTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<PostgresException> Refused(string sql, params object[] args)
    {
        var refused = await Should.ThrowAsync<PostgresException>(() => TestDb.Scalar<object>(_app.AppConnectionString, sql, args));
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, refused.MessageText);
        return refused;
    }

    private Task<T> Owner<T>(string sql, params object[] args) => TestDb.Scalar<T>(_app.OwnerConnectionString, sql, args);

    [Fact]
    public async Task The_runtime_login_cannot_change_or_delete_an_approved_cycle_its_items_or_its_accounts_and_the_journey_still_closes()
    {
        var finance = await _app.ApiAs("nmg-finance");
        var cycle = await ApprovedInnerMongoliaCycle(_app, "2026-01");
        var item = await Owner<long>("SELECT min(id) FROM payment_items WHERE cycle_id = $1 AND paid_amount > 0", cycle);
        var honoree = await Owner<long>("SELECT honoree_id FROM payment_items WHERE id = $1", item);

        (await Refused("UPDATE payment_items SET amount = amount + 1, paid_amount = paid_amount + 1 WHERE id = $1", item)).MessageText.ShouldContain("已审批");
        await Refused("UPDATE payment_items SET honoree_id = (SELECT min(id) FROM honorees WHERE id <> honoree_id) WHERE id = $1", item);
        await Refused("UPDATE payment_items SET explanation = '改过' WHERE id = $1", item);
        await Refused("UPDATE payment_items SET period = period - interval '1 month' WHERE id = $1", item);
        // The bank's result is the one change, and it does not carry another with it.
        await Refused("UPDATE payment_items SET status = 'settled', amount = amount + 1, paid_amount = paid_amount + 1 WHERE id = $1", item);
        await Refused("UPDATE payment_items SET status = 'none' WHERE id = $1", item);
        await Refused("DELETE FROM payment_items WHERE id = $1", item);
        await Refused("UPDATE payment_accounts SET account_cipher = (SELECT account_cipher FROM payment_accounts WHERE cycle_id = $1 AND honoree_id <> $2 LIMIT 1) WHERE cycle_id = $1 AND honoree_id = $2", cycle, honoree);
        await Refused("UPDATE payment_accounts SET bank_name = '别的银行' WHERE cycle_id = $1", cycle);
        await Refused("DELETE FROM payment_accounts WHERE cycle_id = $1", cycle);
        await Refused("UPDATE payment_cycles SET total = total + 1 WHERE id = $1", cycle);
        await Refused("UPDATE payment_cycles SET status = 'computed' WHERE id = $1", cycle);
        await Refused("UPDATE payment_cycles SET status = 'closed' WHERE id = $1", cycle);
        await Refused("DELETE FROM payment_cycles WHERE id = $1", cycle);
        (await Owner<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBeGreaterThan(0);

        // Export, the bank's results and closing still go through.
        var csv = Encoding.UTF8.GetString(await finance.GetByteArrayAsync($"/api/v1/payment-cycles/{cycle}/bank-file?format=csv"));
        var results = new StringBuilder("指令号,结果,原因\r\n");
        var instructions = InstructionIds(csv);
        foreach (var id in instructions)
        {
            results.Append(id).Append(id == instructions[0] ? ",失败,账户已销户\r\n" : ",成功,\r\n");
        }
        await Ok(await Upload(finance, cycle, results.ToString()));
        (await Ok(await Act(finance, cycle, "close"))).GetProperty("status").GetString().ShouldBe("closed");

        // A recorded result stays recorded.
        await Refused("UPDATE payment_items SET status = 'returned', result_reason = '改口' WHERE cycle_id = $1 AND status = 'settled'", cycle);
        await Refused("UPDATE payment_items SET status = 'pending', result_reason = NULL, result_at = NULL WHERE cycle_id = $1 AND status <> 'none'", cycle);
        await Refused("UPDATE payment_cycles SET status = 'reconciled', closed_at = NULL WHERE id = $1", cycle);
        var ledger = await finance.GetFromJsonAsync<JsonElement>("/api/v1/ledger/check");
        ledger.GetProperty("ok").GetBoolean().ShouldBeTrue(ledger.ToString());
    }

    [Fact]
    public async Task The_runtime_login_cannot_add_an_item_or_an_account_to_an_approved_cycle()
    {
        var cycle = await ApprovedInnerMongoliaCycle(_app, "2026-01");
        var items = await Owner<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle);
        // An arrears item for a month nothing else corrects: no unique index objects, only the cycle's status.
        (await Refused("""
            INSERT INTO payment_items (cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, period, type, amount, paid_amount, instruction_id, explanation, basis)
            SELECT cycle_id, honoree_id, org_unit_id, pack_code, benefit_code, date '2020-01-01', 'arrears', 500, 500, instruction_id || 'X', '补发', basis
            FROM payment_items WHERE cycle_id = $1 AND paid_amount > 0 LIMIT 1
            """, cycle)).MessageText.ShouldContain("已审批，不能增加发放明细");
        await Refused("""
            INSERT INTO payment_accounts (cycle_id, honoree_id, bank_name, account_cipher)
            SELECT $1, a.honoree_id, a.bank_name, a.account_cipher FROM honoree_bank_accounts a
            WHERE a.honoree_id NOT IN (SELECT honoree_id FROM payment_accounts WHERE cycle_id = $1) LIMIT 1
            """, cycle);
        (await Owner<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBe(items);

        // A cycle not yet approved still takes its items: the next month computes.
        var finance = await _app.ApiAs("nmg-finance");
        var next = await CreateCycle(finance, await TestData.UnitId(finance, "内蒙古自治区总工会"), "2026-02");
        await Ok(await Act(finance, next, "compute"));
        (await Owner<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", next)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_draft_or_computed_cycle_can_still_be_recomputed_and_deleted_with_its_items()
    {
        var finance = await _app.ApiAs("nmg-finance");
        var unit = await TestData.UnitId(finance, "内蒙古自治区总工会");
        var cycle = await CreateCycle(finance, unit, "2026-01");
        await Ok(await Act(finance, cycle, "compute"));
        await Ok(await Act(finance, cycle, "compute"));
        (await Owner<long>("SELECT count(*) FROM payment_items WHERE cycle_id = $1", cycle)).ShouldBeGreaterThan(0);
        await using var connection = new NpgsqlConnection(_app.AppConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("DELETE FROM payment_items WHERE cycle_id = $1", connection, tx) { Parameters = { new() { Value = cycle } } })
        {
            await command.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand("DELETE FROM payment_cycles WHERE id = $1", connection, tx) { Parameters = { new() { Value = cycle } } })
        {
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        await tx.CommitAsync();
        (await Owner<long>("SELECT count(*) FROM payment_cycles WHERE id = $1", cycle)).ShouldBe(0L);
    }
}
