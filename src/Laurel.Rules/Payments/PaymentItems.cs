using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Laurel.Rules.Payments;

/// <summary>regular: the cycle's own month; arrears (补发): owed for a past month and not paid; recovery (追回): paid and not owed.</summary>
public enum ItemType { Regular, Arrears, Recovery }

/// <summary>What one item pays: a benefit of a pack, to an honoree, for a month (the period).</summary>
public readonly record struct ItemKey(long HonoreeId, string PackCode, string BenefitCode, DateOnly Period, ItemType Type);

public static class PaymentItems
{
    public static string Code(ItemType type) => type switch
    {
        ItemType.Regular => "regular",
        ItemType.Arrears => "arrears",
        ItemType.Recovery => "recovery",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static ItemType? Parse(string? code) => code switch
    {
        "regular" => ItemType.Regular,
        "arrears" => ItemType.Arrears,
        "recovery" => ItemType.Recovery,
        _ => null,
    };

    public static string ChineseName(ItemType type) => type switch
    {
        ItemType.Regular => "正常发放",
        ItemType.Arrears => "补发",
        ItemType.Recovery => "追回",
        _ => type.ToString(),
    };

    /// <summary>
    /// The instruction ID sent to the bank: "LM", the paying month, and 16 base-32 characters of a SHA-256 over the
    /// paying unit, the cycle month and the item's key. The same item always gets the same ID (so exporting twice
    /// gives the same file, and recomputing a draft does not change it); a different item, including the re-issue of a
    /// returned one in a later cycle, gets a different one. 22 characters, letters and digits only.
    /// </summary>
    public static string InstructionId(long payingUnitId, DateOnly cycleMonth, ItemKey key)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{payingUnitId}|{cycleMonth:yyyy-MM}|{key.HonoreeId}|{key.PackCode}|{key.BenefitCode}|{key.Period:yyyy-MM}|{Code(key.Type)}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> id = stackalloc char[22];
        "LM".AsSpan().CopyTo(id);
        cycleMonth.ToString("yyyyMM", CultureInfo.InvariantCulture).AsSpan().CopyTo(id[2..]);
        // 16 characters of 5 bits each from the first 10 bytes.
        ulong bits = 0;
        var available = 0;
        var source = 0;
        for (var i = 8; i < 22; i++)
        {
            if (available < 5)
            {
                bits = (bits << 8) | hash[source++];
                available += 8;
            }
            id[i] = alphabet[(int)((bits >> (available - 5)) & 31)];
            available -= 5;
        }
        return new string(id);
    }

    /// <summary>
    /// The correction for a past month: what the engine says is owed now, against what approved cycles recognised for
    /// it (returned bank payments excluded). Null when they agree.
    /// </summary>
    public static (ItemType Type, decimal Amount)? Correction(decimal owed, decimal recognised)
    {
        var difference = Math.Round(owed - recognised, 2, MidpointRounding.AwayFromZero);
        return difference switch
        {
            > 0 => (ItemType.Arrears, difference),
            < 0 => (ItemType.Recovery, difference),
            _ => null,
        };
    }

    /// <summary>
    /// Offsets what an honoree owes back in one benefit (open receivable, positive) against that benefit's positive
    /// items of a cycle, in the given order: returns the amount actually sent to the bank for each item and the
    /// receivable left open. Nothing is sent negative; what cannot be offset stays open.
    /// </summary>
    public static (decimal[] Paid, decimal OpenReceivable) Offset(IReadOnlyList<decimal> positiveAmounts, decimal receivable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(receivable);
        var paid = new decimal[positiveAmounts.Count];
        var left = receivable;
        for (var i = 0; i < paid.Length; i++)
        {
            var amount = positiveAmounts[i];
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
            var offset = Math.Min(amount, left);
            paid[i] = amount - offset;
            left -= offset;
        }
        return (paid, left);
    }
}
