using Laurel.Rules.Policies;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;

namespace Laurel.Web.Features.Policies;

public static class PolicyApi
{
    public static void MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/honorees/{id:long}/entitlements", async (long id, string? month, EntitlementQueries queries, TimeProvider clock) =>
            (await queries.ForHonoreeAsync(id, month ?? Dates.ThisMonth(clock))).ToApi(Results.Ok));
        api.MapPost("/entitlements/evaluate", async (EvaluateInput input, EntitlementQueries queries) => (await queries.EvaluateAsync(input)).ToApi(Results.Ok));
        api.MapGet("/policy-packs", (PolicyCatalog catalog) => catalog.Packs.Select(p => new
        {
            p.Code, p.Name, Status = Status(p), p.RegionCode, p.EffectiveFrom, p.EffectiveFromAssumed, p.DocumentNumber, p.IssuingBody,
        }));
        api.MapGet("/policy-packs/{code}", async (string code, PolicyPacks packs) => await packs.FindAsync(code) is { } p
            ? Results.Ok(new
            {
                p.Code, p.Name, Status = Status(p), p.RegionCode, p.EffectiveFrom, p.EffectiveFromAssumed, p.DocumentNumber, p.IssuingBody, p.SourceFile,
                Parameters = p.Parameters.Values.Select(x => new
                {
                    x.Name, x.Description, x.Unit,
                    Values = x.Values.Select(v => new { EffectiveFrom = v.From, v.Value, Reference = v.Reference.Clause, v.Reference.Quote }),
                }),
                Benefits = p.Benefits.Select(b => new { b.Code, b.Name, Kind = BenefitKinds.Code(b.Kind), Clause = b.Clause.Clause, b.Clause.Quote, b.Note }),
            })
            : Results.Problem(statusCode: 404, title: "政策包不存在"));
    }

    public static void MapParameterApi(this RouteGroupBuilder api)
    {
        api.MapPost("/policy-packs/{code}/parameters/{name}/values", async (string code, string name, ParameterValueInput input, ParameterCommands commands) =>
            (await commands.AddAsync(code, name, input)).ToApi(id => Results.Created($"/api/v1/policy-packs/{code}", new { id })));
        api.MapPost("/policy-packs/{code}/parameters/{name}/values/{id:long}/withdraw", async (string code, string name, long id, WithdrawValueInput input, ParameterCommands commands) =>
            (await commands.WithdrawAsync(code, name, id, input)).ToApi(_ => Results.Ok(new { id, status = "withdrawn" })));
        api.MapPost("/policy-packs/{code}/parameters/{name}/values/preview", async (string code, string name, ParameterValueInput input, ParameterCommands commands) =>
            (await commands.PreviewAsync(code, name, input)).ToApi(Results.Ok));
    }

    private static string Status(PolicyPack p) => p.Status == PackStatus.InForce ? "in_force" : "draft";
}
