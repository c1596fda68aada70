using System.Data;
using Laurel.Web.Data;

namespace Laurel.Web.Tests.Data;

/// <summary>
/// The typed reader of plain SQL maps columns to a record's constructor by name, and refuses a result that does not fit
/// its record with the column and the parameter named, instead of reading the wrong column or a zero.
/// </summary>
public sealed class RowsTests
{
    public sealed record Cycle(long Id, long PayingOrgUnitId, string UnitName, string? UnitRegion, DateOnly Month, long? ComputedBy,
        int ItemCount, decimal Total, bool Locked, string Basis);

    private static DataTable Table(params (string Name, Type Type)[] columns)
    {
        var table = new DataTable();
        foreach (var (name, type) in columns)
        {
            table.Columns.Add(name, type);
        }
        return table;
    }

    private static readonly (string, Type)[] CycleColumns =
    [
        ("id", typeof(long)), ("paying_org_unit_id", typeof(long)), ("unit_name", typeof(string)), ("unit_region", typeof(string)),
        ("month", typeof(DateOnly)), ("computed_by", typeof(long)), ("item_count", typeof(int)), ("total", typeof(decimal)),
        ("locked", typeof(bool)), ("basis", typeof(string)),
    ];

    private static Task<List<T>> Read<T>(DataTable table) => Rows.ListAsync<T>(table.CreateDataReader());

    [Fact]
    public async Task Columns_map_to_the_record_by_snake_case_name_whatever_their_order()
    {
        var table = Table([.. CycleColumns.Reverse()]);
        table.Rows.Add("{\"a\":1}", true, 12.34m, 3, 7L, new DateOnly(2026, 5, 1), "150100", "呼和浩特市总工会", 2L, 1L);
        table.Rows.Add("{}", false, 0m, 0, DBNull.Value, new DateOnly(2026, 6, 1), DBNull.Value, "某单位", 2L, 9L);

        var rows = await Read<Cycle>(table);

        rows.ShouldBe([
            new Cycle(1, 2, "呼和浩特市总工会", "150100", new DateOnly(2026, 5, 1), 7, 3, 12.34m, true, "{\"a\":1}"),
            new Cycle(9, 2, "某单位", null, new DateOnly(2026, 6, 1), null, 0, 0m, false, "{}"),
        ]);
    }

    [Fact]
    public async Task A_missing_column_names_the_parameter_that_has_none()
    {
        var table = Table([.. CycleColumns.Where(c => c.Item1 != "item_count")]);
        table.Rows.Add(1L, 2L, "x", "150100", new DateOnly(2026, 5, 1), 7L, 1m, true, "{}");

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("Cycle.ItemCount has no column");
        e.Message.ShouldContain("item_count");
    }

    [Fact]
    public async Task A_null_into_a_parameter_that_allows_none_names_the_column()
    {
        var table = Table(CycleColumns);
        table.Rows.Add(1L, 2L, DBNull.Value, "150100", new DateOnly(2026, 5, 1), 7L, 3, 1m, true, "{}");

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("\"unit_name\" is null");
        e.Message.ShouldContain("Cycle.UnitName");
    }

    [Fact]
    public async Task A_null_into_a_value_parameter_is_refused_not_read_as_zero()
    {
        var table = Table(CycleColumns);
        table.Rows.Add(1L, 2L, "x", "150100", new DateOnly(2026, 5, 1), 7L, 3, DBNull.Value, true, "{}");

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("\"total\" is null");
    }

    [Fact]
    public async Task A_column_no_parameter_is_named_for_is_refused()
    {
        // An unnamed aggregate comes back as "sum": a name mismatch, not a column to skip.
        var table = Table([.. CycleColumns.Select(c => c.Item1 == "total" ? ("sum", c.Item2) : c)]);
        table.Rows.Add(1L, 2L, "x", "150100", new DateOnly(2026, 5, 1), 7L, 3, 1m, true, "{}");

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("Column \"sum\" matches no parameter of Cycle");
    }

    [Fact]
    public async Task A_column_of_the_wrong_type_names_both_types()
    {
        var table = Table([.. CycleColumns.Select(c => c.Item1 == "item_count" ? (c.Item1, typeof(string)) : c)]);
        table.Rows.Add(1L, 2L, "x", "150100", new DateOnly(2026, 5, 1), 7L, "3", 1m, true, "{}");

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("\"item_count\"");
        e.Message.ShouldContain("Int32");
        e.Message.ShouldContain("Cycle.ItemCount");
    }

    [Fact]
    public async Task A_column_twice_is_refused()
    {
        var table = Table(("id", typeof(long)), ("i_d", typeof(long)));
        table.Rows.Add(1L, 2L);

        var e = await Should.ThrowAsync<InvalidOperationException>(() => Read<Cycle>(table));

        e.Message.ShouldContain("appears twice");
    }
}
