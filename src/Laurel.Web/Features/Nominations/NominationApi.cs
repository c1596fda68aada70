using Laurel.Web.Features.Nominations.Reviews;
using Laurel.Web.Features.Nominations.NoticeBoard;
using Laurel.Web.Features.Nominations.Objections;
using Laurel.Web.Features.Nominations.Decision;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations;

/// <summary>Nominations under /api/v1: pool-entries, campaigns (with /quotas), candidates (with /steps).</summary>
public static class NominationSetup
{
    public static IServiceCollection AddNominations(this IServiceCollection services) => services
        .AddScoped<NominationAccess>().AddScoped<PoolCommands>().AddScoped<PoolQueries>().AddScoped<CampaignCommands>().AddScoped<CampaignQueries>()
        .AddScoped<QuotaCommands>().AddScoped<CandidateSteps>().AddScoped<ICandidateGate, NoticeGate>().AddScoped<RecommendCandidate>().AddScoped<CandidateQueries>()
        .AddReviews()
        .AddNotices()
        .AddObjections()
        .AddDecision();

    public static void MapNominationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pool-entries", async (long? orgUnitId, int? year, string? q, int? page, int? pageSize, PoolQueries queries) =>
            (await queries.ListAsync(orgUnitId, year, q, page, pageSize)).ToApi(Results.Ok));
        api.MapPost("/pool-entries", async (PoolEntryInput input, PoolCommands commands, PoolQueries queries) =>
            (await commands.CreateAsync(input)).ToApi(id => Results.Created($"/api/v1/pool-entries/{id}", new { id })));
        api.MapGet("/pool-entries/{id:long}", async (long id, PoolQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPut("/pool-entries/{id:long}", async (long id, PoolEntryUpdate input, PoolCommands commands) =>
            (await commands.UpdateAsync(id, input)).ToApi(v => Results.Ok(new { id = v })));
        api.MapPost("/pool-entries/{id:long}/follow-ups", async (long id, FollowUpInput input, PoolCommands commands) =>
            (await commands.AddFollowUpAsync(id, input)).ToApi(v => Results.Created($"/api/v1/pool-entries/{id}", new { id = v })));
        api.MapPost("/pool-reports", async (PoolReportInput input, PoolCommands commands) =>
            (await commands.ReportAsync(input)).ToApi(r => Results.Created($"/api/v1/pool-entries?orgUnitId={r.OrgUnitId}&year={r.Year}", r)));

        api.MapGet("/campaigns", async (int? year, string? status, int? page, int? pageSize, CampaignQueries queries) =>
        {
            var list = await queries.ListAsync(year, status, page, pageSize);
            return Results.Ok(new
            {
                items = list.Items.Select(c => new { c.Id, c.TitleCode, c.Year, c.OrgUnitId, c.Status, c.TitleName, c.OrgUnitName, c.StatusName, c.SeatTotal }),
                total = list.Total,
            });
        });
        api.MapPost("/campaigns", async (CampaignInput input, CampaignCommands commands) =>
            (await commands.CreateAsync(input)).ToApi(c => Results.Created($"/api/v1/campaigns/{c.Id}", c)));
        api.MapGet("/campaigns/{id:long}", async (long id, CampaignQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapPut("/campaigns/{id:long}/report", async (long id, CampaignReportInput input, CampaignCommands commands) =>
            (await commands.RecordReportAsync(id, input)).ToApi(v => Results.Ok(new { id = v })));
        api.MapPut("/campaigns/{id:long}/settings", async (long id, CampaignSettingsInput input, CampaignCommands commands) =>
            (await commands.SetSettingsAsync(id, input.Departments, input.CompositionRules)).ToApi(v => Results.Ok(new { id = v })));
        api.MapPost("/campaigns/{id:long}/open", async (long id, CampaignCommands commands) => (await commands.OpenAsync(id)).ToApi(Results.Ok));
        api.MapPost("/campaigns/{id:long}/close", async (long id, CampaignCommands commands) => (await commands.CloseAsync(id)).ToApi(Results.Ok));
        api.MapGet("/campaigns/{id:long}/quotas", async (long id, CampaignQueries queries) =>
            (await queries.GetAsync(id)).ToApi(c => Results.Ok(c.Quotas)));
        api.MapPost("/campaigns/{id:long}/quotas", async (long id, QuotaInput input, QuotaCommands commands) =>
            (await commands.AllocateAsync(id, input)).ToApi(Results.Ok));

        api.MapGet("/candidates", async (long? campaignId, long? orgUnitId, string? state, int? page, int? pageSize, CandidateQueries queries) =>
            (await queries.ListAsync(campaignId, orgUnitId, state, page, pageSize)).ToApi(p => Results.Ok(new { items = p.Items, total = p.Total })));
        api.MapPost("/candidates", async (CandidateInput input, RecommendCandidate recommend) =>
            (await recommend.RecommendAsync(input)).ToApi(c => Results.Created($"/api/v1/candidates/{c.Id}", c)));
        api.MapGet("/candidates/{id:long}", async (long id, CandidateQueries queries) => (await queries.GetAsync(id)).ToApi(Results.Ok));
        api.MapGet("/candidates/{id:long}/steps", async (long id, CandidateQueries queries) => (await queries.GetAsync(id)).ToApi(c => Results.Ok(c.Steps)));
        api.MapPost("/candidates/{id:long}/steps", async (long id, StepInput input, CandidateSteps steps) =>
            (await steps.TakeAsync(id, input)).ToApi(s => Results.Created($"/api/v1/candidates/{id}/steps", s)));
        api.MapReviewApi();
        api.MapNoticeApi();
        api.MapObjectionApi();
        api.MapDecisionApi();
    }
}

public sealed record CampaignSettingsInput(IReadOnlyList<string>? Departments, IReadOnlyList<CompositionRuleInput>? CompositionRules);
