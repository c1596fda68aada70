using Laurel.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Laurel.Web.Features.Nominations;

/// <summary>What the nomination pages do after an action: on success a message and a redirect; out of sight 404; otherwise the page again with the errors.</summary>
internal static class NominationPages
{
    public static async Task<IActionResult> AfterAsync<T>(PageModel page, FormErrors errors, Outcome<T> outcome, string redirect, Func<Task<bool>> reload)
    {
        if (outcome.IsOk)
        {
            return new RedirectResult(redirect);
        }
        if (outcome.Kind == OutcomeKind.NotFound)
        {
            return new NotFoundResult();
        }
        errors.Take(outcome);
        return await reload() ? page.Page() : new NotFoundResult();
    }
}
