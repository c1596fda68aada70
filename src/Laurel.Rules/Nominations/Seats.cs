namespace Laurel.Rules.Nominations;

/// <summary>
/// One unit's seats in a campaign (名额): what it holds, what it has handed to its children, and how many of its own
/// candidates hold a seat. The holdings partition: a seat handed down is no longer the unit's to use.
/// </summary>
public sealed record SeatHolding(int Held, int AllocatedToChildren, int UsedByOwnCandidates)
{
    public int Free => Held - AllocatedToChildren - UsedByOwnCandidates;
}

/// <summary>Quota arithmetic (名额分配): a unit allocates to its children at most what it holds; it cannot put forward more candidates than its seats.</summary>
public static class Seats
{
    /// <summary>
    /// Null when the unit may set a child's allocation to <paramref name="seats"/> (replacing <paramref name="currentForChild"/>);
    /// otherwise why not. A child cannot be set below what it has itself handed down and used.
    /// </summary>
    public static string? AllocationRefusal(SeatHolding parent, int currentForChild, int seats, int childCommitted)
    {
        if (seats < 0)
        {
            return "名额不能为负数";
        }
        var available = parent.Free + currentForChild;
        if (seats > available)
        {
            return $"本单位持有 {parent.Held} 个名额，已分配下级 {parent.AllocatedToChildren} 个、本单位推荐占用 {parent.UsedByOwnCandidates} 个，"
                + $"最多还能给该单位分配 {available} 个";
        }
        if (seats < childCommitted)
        {
            return $"该单位已分配或占用 {childCommitted} 个名额，分配数不能少于此数";
        }
        return null;
    }

    /// <summary>Null when one more candidate may be put forward under the holding; otherwise the message (a 409).</summary>
    public static string? SubmissionRefusal(string unitName, SeatHolding? holding)
    {
        if (holding is null || holding.Held == 0)
        {
            return $"{unitName}在本次评选中没有推荐名额";
        }
        return holding.Free <= 0
            ? $"{unitName}的推荐名额已用完（共 {holding.Held} 个，已分配下级 {holding.AllocatedToChildren} 个，已推荐 {holding.UsedByOwnCandidates} 人）"
            : null;
    }
}
