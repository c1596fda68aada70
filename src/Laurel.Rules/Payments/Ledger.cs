namespace Laurel.Rules.Payments;

/// <summary>One side of a double entry on one of the ledger's accounts; exactly one of Debit and Credit is non-zero.</summary>
public sealed record LedgerLine(string Account, decimal Debit, decimal Credit);

/// <summary>
/// The postings of the ledger (台账). Accounts: fund_expense 专项经费支出, honoree_payable 应付劳模款, honoree_receivable
/// 应收劳模款 (paid and not owed), bank_clearing 银行存款. Approval: expense against payable, recoveries against
/// receivable, offsets from payable against receivable. A bank success: payable against bank. A return: the payable
/// goes back to expense (the month is paid again by a later arrears item). Zero lines are left out.
/// </summary>
public static class Ledger
{
    public const string FundExpense = "fund_expense";
    public const string HonoreePayable = "honoree_payable";
    public const string HonoreeReceivable = "honoree_receivable";
    public const string BankClearing = "bank_clearing";

    public static string ChineseName(string account) => account switch
    {
        FundExpense => "专项经费支出",
        HonoreePayable => "应付劳模款",
        HonoreeReceivable => "应收劳模款",
        BankClearing => "银行存款",
        _ => account,
    };

    /// <param name="owed">Sum of the cycle's regular and arrears items.</param>
    /// <param name="recovered">Sum of the cycle's recovery items, as a positive number.</param>
    /// <param name="offset">What was withheld from the cycle's payments against open receivables.</param>
    public static IReadOnlyList<LedgerLine> Approval(decimal owed, decimal recovered, decimal offset) => Lines(
        (FundExpense, owed, 0), (HonoreePayable, 0, owed),
        (HonoreeReceivable, recovered, 0), (FundExpense, 0, recovered),
        (HonoreePayable, offset, 0), (HonoreeReceivable, 0, offset));

    public static IReadOnlyList<LedgerLine> Settlement(decimal settled) => Lines((HonoreePayable, settled, 0), (BankClearing, 0, settled));

    public static IReadOnlyList<LedgerLine> Return(decimal returned) => Lines((HonoreePayable, returned, 0), (FundExpense, 0, returned));

    public static bool Balances(IEnumerable<LedgerLine> lines)
    {
        decimal debit = 0, credit = 0;
        foreach (var line in lines)
        {
            if (line.Debit < 0 || line.Credit < 0 || (line.Debit != 0) == (line.Credit != 0))
            {
                return false;
            }
            debit += line.Debit;
            credit += line.Credit;
        }
        return debit == credit;
    }

    private static IReadOnlyList<LedgerLine> Lines(params (string Account, decimal Debit, decimal Credit)[] lines)
    {
        foreach (var (_, debit, credit) in lines)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(debit);
            ArgumentOutOfRangeException.ThrowIfNegative(credit);
        }
        return lines.Where(l => l.Debit != 0 || l.Credit != 0).Select(l => new LedgerLine(l.Account, l.Debit, l.Credit)).ToList();
    }
}
