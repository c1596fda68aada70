using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>The browser against an app whose clock the test moves forward (<see cref="ProcedureApp"/>): notice windows pass.</summary>
public sealed class ProcedureBrowserFixture : BrowserFixture
{
    public ProcedureBrowserFixture()
        : base(new ProcedureApp())
    {
    }

    public ProcedureApp Procedure => (ProcedureApp)App;
}
