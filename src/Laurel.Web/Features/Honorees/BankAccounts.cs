using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Laurel.Rules.Payments;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Laurel.Web.Features.Honorees;

/// <summary>Sets or replaces an honoree's bank account; every field may be missing so that the answer names it.</summary>
public sealed record BankAccountInput(string? BankName, string? AccountName, string? AccountNumber);

/// <summary>
/// An honoree's bank account as the API and the detail page show it: masked. AccountName and AccountNumber are
/// present only in a full view that a holder of view_full_id asked for (and that was audited).
/// </summary>
public sealed record BankAccountView(string BankName, string AccountNameMasked, string AccountNumberMasked, DateTimeOffset UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AccountNumber { get; init; }

    internal static BankAccountView Of(HonoreeBankAccount row) =>
        new(row.BankName, row.AccountNameMasked, row.AccountNumberMasked, row.UpdatedAt);
}

public static class BankAccountSetup
{
    public static IServiceCollection AddBankAccounts(this IServiceCollection services) =>
        services.AddScoped<BankAccountCommands>().AddScoped<BankAccountQueries>();

    public static void MapBankAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/honorees/{id:long}/bank-account");
        account.MapGet("/", async (long id, bool? revealNumber, BankAccountQueries queries) =>
            (await queries.GetAsync(id, revealNumber ?? false)).ToApi(Results.Ok));
        account.MapPut("/", async (long id, BankAccountInput input, BankAccountCommands commands) =>
            (await commands.SetAsync(id, input)).ToApi(Results.Ok));
    }
}

/// <summary>Changes to bank accounts: one account per honoree, replaced as a whole, each change audited with masked values.</summary>
public sealed class BankAccountCommands(LaurelDb db, Scope scope, CurrentUser user, AuditLog audit, FieldProtector protector, TimeProvider clock)
{
    public const string ConcurrentChangeMessage = "银行账户已被他人同时修改，请刷新后重新提交。";

    /// <summary>
    /// Sets the account of an honoree the user may change, or replaces the one it has. Outside the user's scope the
    /// honoree does not exist (404); a viewer is refused (403). A racing change by someone else answers 409.
    /// </summary>
    public async Task<Outcome<BankAccountView>> SetAsync(long honoreeId, BankAccountInput input)
    {
        var (honoree, refused) = await scope.WritableHonoreeAsync<BankAccountView>(honoreeId, "您对该档案只有查看权限，不能修改银行账户。");
        if (honoree is null)
        {
            return refused!;
        }
        var errors = new FieldErrors();
        errors.AddIf("bankName", "开户行", BankAccount.CheckBankName(input.BankName, out var bankName));
        errors.AddIf("accountName", "户名", BankAccount.CheckAccountName(input.AccountName, out var accountName));
        errors.AddIf("accountNumber", "账号", BankAccount.CheckAccountNumber(input.AccountNumber, out var accountNumber));
        if (errors.Any)
        {
            return Outcome<BankAccountView>.Invalid(errors);
        }
        var account = new BankAccount(bankName, accountName, accountNumber);

        var row = await db.HonoreeBankAccounts.FirstOrDefaultAsync(b => b.HonoreeId == honoree.Id);
        var before = row is null ? null : Snapshot(row);
        // Two numbers can share a mask (same first and last four, same length): the summary says whether it changed.
        var numberChanged = row is null || BankAccountCipher.Open(protector, row).AccountNumber != account.AccountNumber;
        if (row is null)
        {
            row = new HonoreeBankAccount { HonoreeId = honoree.Id };
            db.HonoreeBankAccounts.Add(row);
        }
        else
        {
            row.Version++;
        }
        row.BankName = account.BankName;
        row.AccountCipher = BankAccountCipher.Seal(protector, honoree.Id, account);
        row.AccountNameMasked = account.AccountNameMasked;
        row.AccountNumberMasked = account.AccountNumberMasked;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = user.Id;
        audit.Record(before is null ? AuditActions.Create : AuditActions.Update, "honoree_bank_account", honoree.Id, before, Snapshot(row),
            before is null
                ? $"登记 {honoree.Name} 的银行账户"
                : $"修改 {honoree.Name} 的银行账户（{(numberChanged ? "账号已更换" : "账号未变")}）");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException
            || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Outcome<BankAccountView>.Conflict(ConcurrentChangeMessage);
        }
        return Outcome<BankAccountView>.Ok(BankAccountView.Of(row));
    }

    private static object Snapshot(HonoreeBankAccount row) => new
    {
        row.BankName, accountName = row.AccountNameMasked, accountNumber = row.AccountNumberMasked, row.Version,
    };
}

/// <summary>Reads of bank accounts: masked for everyone, in full only on request by holders of view_full_id, audited.</summary>
public sealed class BankAccountQueries(LaurelDb db, Scope scope, CurrentUser user, AuditLog audit, FieldProtector protector)
{
    public const string NoAccountMessage = "该劳模尚未登记银行账户。";

    /// <summary>
    /// The account of an honoree in the user's scope, masked. With <paramref name="revealNumber"/> a holder of
    /// view_full_id over the honoree's unit gets the full account name and number, and the view is audited, as for
    /// the full resident ID; anyone else gets the masked account and no audit entry. Not found: outside the scope
    /// (as if the honoree did not exist), or no account yet (<see cref="NoAccountMessage"/>).
    /// </summary>
    public async Task<Outcome<BankAccountView>> GetAsync(long honoreeId, bool revealNumber = false)
    {
        var honoree = await (await scope.HonoreesAsync()).AsNoTracking()
            .Where(h => h.Id == honoreeId)
            .Select(h => new { h.Id, h.Name, UnitPath = db.OrgUnits.Where(u => u.Id == h.OrgUnitId).Select(u => u.Path).First() })
            .FirstOrDefaultAsync();
        if (honoree is null)
        {
            return Outcome<BankAccountView>.NotFound();
        }
        var row = await db.HonoreeBankAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.HonoreeId == honoreeId);
        if (row is null)
        {
            return new Outcome<BankAccountView>(OutcomeKind.NotFound, Message: NoAccountMessage);
        }
        var view = BankAccountView.Of(row);
        if (revealNumber && (await user.GrantsAsync()).CanSeeFullIdAt(honoree.UnitPath))
        {
            var account = BankAccountCipher.Open(protector, row);
            view = view with { AccountName = account.AccountName, AccountNumber = account.AccountNumber };
            await audit.RecordNowAsync(AuditActions.ViewFullAccount, "honoree_bank_account", honoree.Id, $"查看 {honoree.Name} 的完整银行账号");
        }
        return Outcome<BankAccountView>.Ok(view);
    }

    /// <summary>
    /// The decrypted accounts of the given honorees, for the bank file of a payment cycle; honorees without an
    /// account are absent from the answer. This applies no scope and writes no audit entry: it is for the payment
    /// feature only, which limits the ids to its cycle (itself within the user's scope) and audits the export it
    /// makes. Never call it with ids taken from a request. A ciphertext that belongs to another honoree (copied
    /// between rows in the database) throws <see cref="CryptographicException"/> rather than pay the wrong account.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, BankAccount>> ForPaymentAsync(IReadOnlyCollection<long> honoreeIds)
    {
        if (honoreeIds.Count == 0)
        {
            return new Dictionary<long, BankAccount>();
        }
        var ids = honoreeIds.Distinct().ToArray();
        var rows = await db.HonoreeBankAccounts.AsNoTracking().Where(b => ids.Contains(b.HonoreeId)).ToListAsync();
        return rows.ToDictionary(r => r.HonoreeId, r => BankAccountCipher.Open(protector, r));
    }
}
