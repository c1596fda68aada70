using Laurel.Web.Data;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Laurel.Web.Tests.Policies;

/// <summary>
/// The bulk reader behind payment cycles: every honoree a subtree manages (or managed), once and in id order, with all of
/// their facts and honours, whichever half of the id range they fall in.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class PersonLoaderTests(LaurelApp app)
{
    private async Task<(List<long> Ids, int Facts, int Honours)> Load(long unitId, IReadOnlyCollection<string>? titles)
    {
        var stream = await PersonLoader.OpenAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), unitId, titles, CancellationToken.None);
        var (ids, facts, honours) = (new List<long>(), 0, 0);
        await foreach (var person in stream.People)
        {
            ids.Add(person.HonoreeId);
            facts += person.Facts.Count;
            honours += person.Honours.Count;
        }
        return (ids, facts, honours);
    }

    private Task<List<long>> Ids(string sql, params object[] args) => TestDb.Column<long>(app.OwnerConnectionString, sql, args);

    [Fact]
    public async Task The_whole_tree_reads_every_honoree_once_in_id_order_with_all_their_facts_and_honours()
    {
        var root = (await Ids("SELECT id FROM org_units WHERE parent_id IS NULL")).Single();
        var expected = await Ids("SELECT id FROM honorees ORDER BY id");
        expected.Count.ShouldBeGreaterThan(10);

        var (ids, facts, honours) = await Load(root, null);

        // The first, the last and the two around the middle of the id range included: nothing lost where the halves meet.
        ids.ShouldBe(expected);
        facts.ShouldBe((int)await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honoree_facts"));
        honours.ShouldBe((int)await TestDb.Scalar<long>(app.OwnerConnectionString, "SELECT count(*) FROM honours"));
    }

    [Fact]
    public async Task A_subtree_with_titles_reads_those_it_manages_or_managed_who_hold_or_held_one_of_them()
    {
        var unit = (await Ids("SELECT id FROM org_units WHERE name = '内蒙古自治区总工会'")).Single();
        string[] titles = ["national_model_worker", "provincial_model_worker"];
        var expected = await Ids("""
            SELECT h.id FROM honorees h
            WHERE (h.org_unit_id IN (SELECT s.id FROM org_units s, org_units r WHERE r.id = $1 AND s.path LIKE r.path || '%')
                   OR EXISTS (SELECT 1 FROM honoree_facts f WHERE f.honoree_id = h.id AND f.kind = 'org_unit'
                              AND f.org_unit_id IN (SELECT s.id FROM org_units s, org_units r WHERE r.id = $1 AND s.path LIKE r.path || '%')))
              AND (EXISTS (SELECT 1 FROM honours t WHERE t.honoree_id = h.id AND t.title_code = ANY($2))
                   OR EXISTS (SELECT 1 FROM payment_items p WHERE p.honoree_id = h.id))
            ORDER BY h.id
            """, unit, titles);
        expected.ShouldNotBeEmpty();
        (await Ids("SELECT id FROM honorees")).Count.ShouldBeGreaterThan(expected.Count);

        var (ids, _, _) = await Load(unit, titles);

        ids.ShouldBe(expected);
    }

    [Fact]
    public async Task An_id_window_reads_only_the_honorees_inside_it_with_all_of_their_facts()
    {
        var root = (await Ids("SELECT id FROM org_units WHERE parent_id IS NULL")).Single();
        var all = await Ids("SELECT id FROM honorees ORDER BY id");
        var (first, last) = (all[2], all[^3]);
        var expected = all.Where(id => id >= first && id <= last).ToList();

        var stream = await PersonLoader.OpenAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), root, null, CancellationToken.None, (first, last));
        var (ids, facts) = (new List<long>(), 0);
        await foreach (var person in stream.People)
        {
            ids.Add(person.HonoreeId);
            facts += person.Facts.Count;
        }

        ids.ShouldBe(expected);
        facts.ShouldBe((int)await TestDb.Scalar<long>(app.OwnerConnectionString,
            "SELECT count(*) FROM honoree_facts WHERE honoree_id BETWEEN $1 AND $2", first, last));
    }
}

