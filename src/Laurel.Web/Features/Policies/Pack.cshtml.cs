using Laurel.Rules.Policies;
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

    [BindProperty] public ValueForm Input { get; set; } = new();
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

    private ParameterValueInput ToInput() => new(Input.EffectiveFrom, Input.Value, Input.Reference);

    private async Task<IActionResult> ShowAsync(string code)
    {
        if (await packs.FindAsync(code) is not { } pack)
        {
            return NotFound();
        }
        Pack = pack;
        CanAdminister = await commands.AdministersAsync(pack);
        return Page();
    }
}
