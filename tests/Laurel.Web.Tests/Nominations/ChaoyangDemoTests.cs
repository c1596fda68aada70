using System.Security.Cryptography;
using System.Text;
using Laurel.Web.Tests.Infrastructure;

namespace Laurel.Web.Tests.Nominations;

/// <summary>The demo's 2026 朝阳区 campaign under way (issue 12 §7), as the procedure would have left it.</summary>
[Collection(DemoCollection.Name)]
public sealed class ChaoyangDemoTests(LaurelApp app)
{
    private const string Campaign = "(SELECT id FROM campaigns WHERE basis_document = '朝工发〔2026〕12号')";

    [Fact]
    public async Task The_chaoyang_campaign_has_a_candidate_at_every_step_before_the_decision_and_one_rejected()
    {
        var states = await TestDb.Column<string>(app.OwnerConnectionString, $"SELECT DISTINCT state FROM candidates WHERE campaign_id = {Campaign}");
        states.ShouldBe(["recommended", "unit_notice", "first_review", "second_notice", "second_review", "final_notice", "rejected"], ignoreOrder: true);
        // Each candidate's history ends in its state, one step after another, in time order.
        (await TestDb.Scalar<long>(app.OwnerConnectionString, $"""
            SELECT count(*) FROM candidates k
            WHERE k.campaign_id = {Campaign} AND (
                k.state <> (SELECT to_state FROM candidate_steps s WHERE s.candidate_id = k.id ORDER BY seq DESC LIMIT 1)
                OR EXISTS (SELECT 1 FROM candidate_steps a JOIN candidate_steps b ON b.candidate_id = a.candidate_id AND b.seq = a.seq + 1
                           WHERE a.candidate_id = k.id AND (b.from_state <> a.to_state OR b.occurred_at < a.occurred_at)))
            """)).ShouldBe(0);
    }

    [Fact]
    public async Task A_notice_is_open_today_with_an_anonymous_objection_under_investigation_and_an_upheld_one_rejected_its_candidate()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        (await TestDb.Scalar<long>(app.OwnerConnectionString,
            $"SELECT count(*) FROM notices WHERE campaign_id = {Campaign} AND opens_on <= $1 AND closes_on >= $1 AND closed_at IS NULL AND withdrawn_at IS NULL",
            today)).ShouldBeGreaterThanOrEqualTo(1);
        (await TestDb.Scalar<long>(app.OwnerConnectionString, $"""
            SELECT count(*) FROM objections o JOIN notices n ON n.id = o.notice_id
            WHERE n.campaign_id = {Campaign} AND o.channel = 'online' AND o.objector_name IS NULL AND o.investigator_id IS NOT NULL
              AND o.finding IS NULL AND n.closes_on >= $1
            """, today)).ShouldBe(1);
        (await TestDb.Scalar<string>(app.OwnerConnectionString, $"""
            SELECT k.state FROM objections o JOIN notices n ON n.id = o.notice_id JOIN candidates k ON k.id = o.candidate_id
            WHERE n.campaign_id = {Campaign} AND o.finding = 'upheld'
            """)).ShouldBe("rejected");
    }

    [Fact]
    public async Task Every_demo_notice_keeps_the_sha256_of_its_snapshot_and_lists_exactly_its_published_candidates()
    {
        var snapshots = await TestDb.Column<string>(app.OwnerConnectionString, $"SELECT snapshot FROM notices WHERE campaign_id = {Campaign} ORDER BY id");
        var hashes = await TestDb.Column<byte[]>(app.OwnerConnectionString, $"SELECT snapshot_sha256 FROM notices WHERE campaign_id = {Campaign} ORDER BY id");
        snapshots.Count.ShouldBeGreaterThanOrEqualTo(5);
        for (var i = 0; i < snapshots.Count; i++)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(snapshots[i])).ShouldBe(hashes[i]);
        }
        // A candidate past a notice was on it: no one reached a review without the notice before it.
        (await TestDb.Scalar<long>(app.OwnerConnectionString, $"""
            SELECT count(*) FROM candidates k WHERE k.campaign_id = {Campaign} AND k.state IN ('first_review', 'second_notice', 'second_review', 'final_notice')
              AND NOT EXISTS (SELECT 1 FROM notice_candidates nc JOIN notices n ON n.id = nc.notice_id WHERE nc.candidate_id = k.id AND n.level = 'unit' AND n.closed_at IS NOT NULL)
            """)).ShouldBe(0);
    }
}
