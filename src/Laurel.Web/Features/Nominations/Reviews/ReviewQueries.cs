using Laurel.Rules.Nominations;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Nominations.Reviews;

/// <summary>Reading the reviews: a candidate's (as the gate sees them) and a campaign's department requirements.</summary>
public sealed class ReviewQueries(NominationAccess access)
{
    public async Task<Outcome<CandidateReviewsView>> GetAsync(long candidateId)
    {
        await using var connection = await access.OpenAsync();
        var candidate = await ReviewRecords.CandidateAsync(connection, null, candidateId, forUpdate: false);
        if (candidate is null || !await access.CanReadAtAsync(candidate.UnitPath))
        {
            return Outcome<CandidateReviewsView>.NotFound();
        }
        return Outcome<CandidateReviewsView>.Ok(await ReviewRecords.LoadAsync(connection, null, candidate,
            await access.CanWriteAtAsync(candidate.UnitPath), await access.CanAdministerAtAsync(candidate.CampaignUnitPath)));
    }

    /// <summary>The campaign's departments, each with whether the campaign requires it for every candidate.</summary>
    public async Task<Outcome<IReadOnlyList<ReviewDepartmentView>>> DepartmentsAsync(long campaignId)
    {
        await using var connection = await access.OpenAsync();
        var campaign = await NominationAccess.CampaignAsync(connection, null, campaignId);
        if (campaign is null || !await access.CanSeeCampaignAsync(campaign.UnitPath))
        {
            return Outcome<IReadOnlyList<ReviewDepartmentView>>.NotFound();
        }
        var (listed, required) = await ReviewRecords.DepartmentsAsync(connection, null, campaignId);
        return Outcome<IReadOnlyList<ReviewDepartmentView>>.Ok(listed.Select(d => new ReviewDepartmentView(d, required.Contains(d), required.Contains(d))).ToList());
    }

    /// <summary>Whether the user may change the campaign's department requirements: its selection admins, while its settings may change.</summary>
    public async Task<bool> CanEditRequirementsAsync(long campaignId)
    {
        await using var connection = await access.OpenAsync();
        var campaign = await NominationAccess.CampaignAsync(connection, null, campaignId);
        return campaign is not null && CampaignStatuses.SettingsEditable(campaign.StatusValue) && await access.CanAdministerAtAsync(campaign.UnitPath);
    }

    public long? UserId => access.UserId;
}
