using Laurel.Web.Data;
using Laurel.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Laurel.Web.Tests.Hosting;

/// <summary>The request's unit of work (Data/UnitOfWork): what the filters rely on, against the real database.</summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    private readonly LaurelApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<int> Run(Func<UnitOfWork, Task> inner, bool succeeded)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        return await work.RunAsync(async () =>
        {
            await inner(work);
            return 0;
        }, _ => succeeded, default);
    }

    private static async Task Insert(UnitOfWork work, string marker)
    {
        await using var command = new NpgsqlCommand("INSERT INTO audit_entries (action, summary) VALUES ('test', @m)", work.Transaction.Connection, work.Transaction);
        command.Parameters.AddWithValue("m", marker);
        await command.ExecuteNonQueryAsync();
    }

    private Task<long> Count(string marker) =>
        TestDb.Scalar<long>(_app.OwnerConnectionString, "SELECT count(*) FROM audit_entries WHERE summary = $1", marker);

    [Fact]
    public async Task Work_that_succeeds_commits_and_work_that_fails_leaves_nothing()
    {
        await Run(w => Insert(w, "kept"), succeeded: true);
        await Run(w => Insert(w, "refused"), succeeded: false);
        (await Count("kept")).ShouldBe(1);
        (await Count("refused")).ShouldBe(0);
    }

    [Fact]
    public async Task An_exception_in_the_work_rolls_everything_back()
    {
        await Should.ThrowAsync<InvalidOperationException>(() => Run(async w =>
        {
            await Insert(w, "thrown");
            throw new InvalidOperationException("boom");
        }, succeeded: true));
        (await Count("thrown")).ShouldBe(0);
    }

    [Fact]
    public async Task Composed_work_joins_the_outer_unit_which_alone_decides()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        await work.RunAsync(async () =>
        {
            // The inner command says it succeeded; the outer request is refused afterwards, so neither change stays.
            await work.RunAsync(async () => { await Insert(work, "inner"); return 0; }, _ => true, default);
            await Insert(work, "outer");
            return 0;
        }, _ => false, default);
        (await Count("inner")).ShouldBe(0);
        (await Count("outer")).ShouldBe(0);
    }

    [Fact]
    public async Task A_handler_that_rolls_back_itself_can_still_read_and_the_unit_ends_cleanly()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var read = await work.RunAsync(async () =>
        {
            await Insert(work, "undone");
            await work.RollbackAsync();
            return db.AuditEntries.Count(a => a.Summary == "undone");
        }, _ => true, default);
        read.ShouldBe(0);
        (await Count("undone")).ShouldBe(0);
    }

    [Fact]
    public async Task Plain_sql_outside_a_unit_of_work_is_refused_as_a_bug()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        Should.Throw<InvalidOperationException>(() => work.Transaction);
    }
}
