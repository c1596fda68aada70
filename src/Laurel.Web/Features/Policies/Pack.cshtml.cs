using Laurel.Rules.Policies;
using Laurel.Web.Data;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Policies;

public sealed class PackModel(PolicyPacks packs, ParameterCommands commands) : PageModel, IFormPage
{
    public sealed class ValueForm
    {
        public string? Parameter { get; set; }
        public DateOnly? EffectiveFrom { get; set; }
        public decimal? Value { get; set; }
        public string? Reference { get; set; }
    }

    public sealed class WithdrawForm
    {
        public string? Reason { get; set; }
    }

    [BindProperty] public ValueForm Input { get; set; } = new();
    [BindProperty] public WithdrawForm Withdraw { get; set; } = new();

    /// <summary>The values administrators added to the pack, withdrawn ones included.</summary>
    public IReadOnlyList<PolicyParameterValue> LocalValues { get; private set; } = [];

    /// <summary>The value whose withdraw form was posted.</summary>
    public long? WithdrawValueId { get; private set; }

    /// <summary>The added value in force for a parameter and date (one at most), which may be withdrawn; null for a shipped one.</summary>
    public PolicyParameterValue? InForce(string parameter, DateOnly from) =>
        LocalValues.FirstOrDefault(v => v.ParameterName == parameter && v.EffectiveFrom == from && v.WithdrawnAt is null);

    /// <summary>The withdrawn values of a parameter, kept for the history.</summary>
    public IEnumerable<PolicyParameterValue> Withdrawn(string parameter) =>
        LocalValues.Where(v => v.ParameterName == parameter && v.WithdrawnAt is not null);
    [TempData] public string? Flash { get; set; }

    public PolicyPack Pack { get; private set; } = null!;
    public bool CanAdminister { get; private set; }
    public PreviewView? Preview { get; private set; }
    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string code) => await ShowAsync(code);

    public async Task<IActionResult> OnPostPreviewAsync(string code)
    {
        var outcome = await commands.PreviewAsync(code, Input.Parameter ?? "", ToInput());
        if (outcome.IsOk)
        {
            Preview = outcome.Value;
        }
        else
        {
            Errors.Take(outcome, notFound: "参数不存在，或您不是该政策包所在地区的政策管理员");
        }
        return await ShowAsync(code);
    }

    public async Task<IActionResult> OnPostAddAsync(string code)
    {
        var outcome = await commands.AddAsync(code, Input.Parameter ?? "", ToInput());
        if (outcome.IsOk)
        {
            Flash = $"已添加 {Input.Parameter} 自 {Input.EffectiveFrom:yyyy-MM-dd} 起的取值。";
            return Redirect($"/policies/{code}");
        }
        Errors.Take(outcome, conflictField: "effectiveFrom", notFound: "参数不存在，或您不是该政策包所在地区的政策管理员");
        return await ShowAsync(code);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string code, string parameter, long valueId)
    {
        Errors.Form = "withdraw";
        WithdrawValueId = valueId;
        var outcome = await commands.WithdrawAsync(code, parameter, valueId, new WithdrawValueInput(Withdraw.Reason));
        if (outcome.IsOk)
        {
            Flash = "取值已撤回，不再用于核算；原记录保留在参数表中。";
            return Redirect($"/policies/{code}");
        }
        Errors.Take(outcome, notFound: "取值不存在，或您不是该政策包所在地区的政策管理员");
        return await ShowAsync(code);
    }

    private ParameterValueInput ToInput() => new(Input.EffectiveFrom, Input.Value, Input.Reference);

    private async Task<IActionResult> ShowAsync(string code)
    {
        if (await packs.FindAsync(code) is not { } pack)
        {
            return NotFound();
        }
        Pack = pack;
        CanAdminister = await commands.AdministersAsync(pack);
        LocalValues = await packs.LocalValuesAsync(pack.Code);
        return Page();
    }
}
