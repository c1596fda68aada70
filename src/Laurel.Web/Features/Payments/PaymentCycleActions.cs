using Laurel.Rules.Organisation;
using Laurel.Rules.Payments;
using Laurel.Rules.Policies;

namespace Laurel.Web.Features.Payments;

public sealed record CycleInput(long? PayingOrgUnitId, string? Month);
/// <summary>A cycle's status after an action on it (the status code, or "deleted").</summary>
public sealed record CycleStatusView(long Id, string Status);
public sealed record CommentInput(string? Comment);
public sealed record SpecialFundInput(decimal? Amount);
public sealed record CycleChange(long HonoreeId, string BenefitCode, string Kind, decimal? Before, decimal? After, string Reason);
public sealed record ApprovalView(long Id, string Status, decimal Total, IReadOnlyList<CycleChange> ChangesSinceCompute);
/// <summary>An amount of one honoree and benefit: a stored item, an open receivable.</summary>
internal sealed record BenefitAmount(long HonoreeId, string PackCode, string BenefitCode, decimal Amount);

/// <summary>
/// The actions on payment cycles, one handler each (CreateCycle, ComputeCycle, ApproveCycle, RejectCycle, CloseCycle,
/// DeleteCycle, SetSpecialFund; the bank's side in BankCommands). Each runs in the request's unit of work and first locks the
/// cycle's row, so that two people pressing the same button at once are served one after the other: the second sees the
/// new status and gets a clear message. Killing the process at any point rolls the transaction back; the action can
/// simply be run again. The status an action writes comes from the state machine (<see cref="CycleRow.StatusAfter"/>).
/// </summary>
public static class PaymentCycleActions
{
    public static IServiceCollection AddPaymentCycleActions(this IServiceCollection services) => services
        .AddScoped<CreateCycle>().AddScoped<ComputeCycle>().AddScoped<ApproveCycle>().AddScoped<RejectCycle>().AddScoped<CloseCycle>()
        .AddScoped<DeleteCycle>().AddScoped<SetSpecialFund>();

    /// <summary>The in-force packs as the cycle's unit pays them (see PaymentCycles.Pays).</summary>
    public static IReadOnlyList<PolicyPack> PayingPacks(IReadOnlyList<PolicyPack> packs, CycleRow cycle) =>
        cycle.UnitRegion is { } region && OrgUnitKinds.Parse(cycle.UnitKind) is { } kind ? PaymentCycles.PaidBy(packs, kind, region) : [];
}
