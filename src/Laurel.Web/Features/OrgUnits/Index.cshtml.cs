using Laurel.Rules.Organisation;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Laurel.Web.Features.OrgUnits;

public sealed class IndexModel(OrgUnitCommands commands, Scope scope, CurrentUser me) : PageModel, IFormPage
{
    public sealed class CreateForm
    {
        public long? ParentId { get; set; }
        public string? Name { get; set; }
        public string? Kind { get; set; }
        public string? RegionCode { get; set; }
    }

    public sealed class RenameForm
    {
        public long? Id { get; set; }
        public string? Name { get; set; }
    }

    public sealed class MoveForm
    {
        public long? Id { get; set; }
        public long? ParentId { get; set; }
    }

    [BindProperty] public CreateForm Create { get; set; } = new();
    [BindProperty] public RenameForm Rename { get; set; } = new();
    [BindProperty] public MoveForm Move { get; set; } = new();

    [TempData] public string? Flash { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];
    public IReadOnlyDictionary<long, OrgUnitView> Views { get; private set; } = new Dictionary<long, OrgUnitView>();
    public bool IsSysadmin { get; private set; }
    public List<SelectListItem> AdministeredUnits { get; private set; } = [];
    public FormErrors Errors { get; } = new();

    public static IReadOnlyList<SelectListItem> Kinds { get; } = Enum.GetValues<OrgUnitKind>()
        .Select(k => new SelectListItem(OrgUnitKinds.ChineseName(k), OrgUnitKinds.Code(k))).ToList();

    public static string KindName(string code) => OrgUnitKinds.Parse(code) is { } k ? OrgUnitKinds.ChineseName(k) : code;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Errors.Form = "create";
        if (!Errors.TakeBindingErrors(ModelState, new Dictionary<string, string> { ["Create.ParentId"] = "parentId" }))
        {
            var outcome = await commands.CreateAsync(new OrgUnitInput(Create.ParentId, Create.Name, Create.Kind, RegionChoices.ToCode(Create.RegionCode)));
            if (outcome.IsOk)
            {
                Flash = $"已新增单位：{outcome.Value!.Name}";
                return RedirectToPage();
            }
            Errors.Take(outcome, notFound: "单位不存在或不在您的管理范围内，请从列表中选择。");
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync()
    {
        Errors.Form = "rename";
        var outcome = await commands.RenameAsync(Rename.Id ?? 0, new OrgUnitRenameInput(Rename.Name));
        if (outcome.IsOk)
        {
            Flash = $"单位已更名为：{outcome.Value!.Name}";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "单位不存在或不在您的管理范围内，请从列表中选择。");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync()
    {
        Errors.Form = "move";
        var outcome = await commands.MoveAsync(Move.Id ?? 0, new OrgUnitMoveInput(Move.ParentId));
        if (outcome.IsOk)
        {
            Flash = $"已移动单位：{outcome.Value!.Name}";
            return RedirectToPage();
        }
        Errors.Take(outcome, notFound: "单位不存在或不在您的管理范围内，请从列表中选择。");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var visible = await commands.VisibleAsync();
        Views = visible.ToDictionary(v => v.Id);
        Units = UnitTree.Arrange(visible.Select(v => (v.Id, v.ParentId, v.Name)));
        IsSysadmin = (await me.GrantsAsync()).IsSysadmin;
        if (IsSysadmin)
        {
            AdministeredUnits = UnitTree.Select(await UnitTree.LoadAsync(await scope.OrgUnitsWhereAsync(g => g.AdminRoots)));
        }
    }
}
