using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Laurel.Web.Tests.Infrastructure;
using static Laurel.Web.Tests.Payments.PaymentCycleTests;

namespace Laurel.Web.Tests.Payments;

/// <summary>
/// The items of a cycle page searched on the server (a part of a name, an instruction ID) within the cycle the user may
/// read, fifty to a page with the search kept from page to page, and names that open the record only for those who may.
/// One database for the class: one Inner Mongolia cycle, computed once.
/// </summary>
public sealed class CycleItemSearchTests(CycleItemSearchTests.Cycle fixture) : IClassFixture<CycleItemSearchTests.Cycle>
{
    private LaurelApp App => fixture.App;

    /// <summary>51 honorees whose names share a part no demo name has, and a computed 2026-01 cycle that pays them.</summary>
    public sealed class Cycle : IAsyncLifetime
    {
        public LaurelApp App { get; } = new();
        public string Part { get; } = Guid.NewGuid().ToString("N")[..6];
        public long Id { get; private set; }
        public List<long> Honorees { get; } = [];

        /// <summary>The cycle's items of <see cref="Honorees"/>, counted by id (not by the search under test).</summary>
        public long ItemCount { get; private set; }

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            var nmg = await App.ApiAs("nmg");
            for (var i = 0; i < 51; i++)
            {
                Honorees.Add(await RetiredNationalModelWorker(nmg, name: $"查{Part}{i:D2}"));
            }
            // Not paid by Inner Mongolia: a search cannot reach past the cycle to them.
            await RetiredNationalModelWorker(await App.ApiAs("tieling"), unit: "银州区总工会", title: "municipal_model_worker", name: $"铁{Part}");
            var finance = await App.ApiAs("nmg-finance");
            Id = await CreateCycle(finance, await TestData.UnitId(finance, "内蒙古自治区总工会"), "2026-01");
            await Ok(await Act(finance, Id, "compute"));
            ItemCount = await TestDb.Scalar<long>(App.OwnerConnectionString,
                "SELECT count(*) FROM payment_items WHERE cycle_id = $1 AND honoree_id = ANY($2)", Id, Honorees.ToArray());
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static List<IElement> Rows(IDocument page) => page.QuerySelectorAll("[data-testid='items'] tbody tr").ToList();

    [Fact]
    public async Task A_part_of_a_name_finds_the_cycles_items_of_those_honorees_only_fifty_a_page_with_the_search_kept_on_the_next_page()
    {
        var client = await App.BrowserAs("nmg-finance");
        var path = $"/payments/{fixture.Id}";
        fixture.ItemCount.ShouldBeGreaterThan(50);
        var pages = (fixture.ItemCount + 49) / 50;

        var first = Parse(await client.GetStringAsync($"{path}?q={fixture.Part}"));
        first.QuerySelector("#q")!.GetAttribute("value").ShouldBe(fixture.Part);
        first.QuerySelector("[data-testid='item-total']")!.TextContent.ShouldContain($"共 {fixture.ItemCount} 条，第 1 / {pages} 页");
        Rows(first).Count.ShouldBe(50);
        first.QuerySelector("[data-testid='next-page']")!.GetAttribute("href").ShouldBe($"/payments/{fixture.Id}?q={fixture.Part}&p=2#items");

        // Page after page through the links, the search kept: every item of those honorees, and nothing else.
        var rows = new List<IElement>();
        var page = first;
        for (var n = 1; ; n++)
        {
            rows.AddRange(Rows(page));
            if (n == pages)
            {
                page.QuerySelector("[data-testid='previous-page']")!.GetAttribute("href").ShouldBe($"/payments/{fixture.Id}?q={fixture.Part}&p={n - 1}#items");
                break;
            }
            page = Parse(await client.GetStringAsync(page.QuerySelector("[data-testid='next-page']")!.GetAttribute("href")!.Split('#')[0]));
        }
        rows.Count.ShouldBe((int)fixture.ItemCount);
        rows.ShouldAllBe(r => r.QuerySelector("td")!.TextContent.Contains(fixture.Part));
        rows.Select(r => long.Parse(r.GetAttribute("data-honoree-id")!, System.Globalization.CultureInfo.InvariantCulture)).Distinct()
            .ShouldBe(fixture.Honorees, ignoreOrder: true);

        // The search with a type filter is still the one search.
        var regular = Parse(await client.GetStringAsync($"{path}?q={fixture.Part}&type=regular"));
        Rows(regular).ShouldAllBe(r => r.GetAttribute("data-type") == "regular" && r.QuerySelector("td")!.TextContent.Contains(fixture.Part));
        // The Tieling honoree of the same part is in no item of this cycle.
        var tieling = Parse(await client.GetStringAsync($"{path}?q=" + Uri.EscapeDataString("铁" + fixture.Part)));
        Rows(tieling).ShouldBeEmpty();
        tieling.QuerySelector("[data-testid='no-match']")!.TextContent.ShouldContain("铁" + fixture.Part);
    }

    [Fact]
    public async Task An_instruction_id_finds_its_one_item_and_the_api_searches_the_same_way_within_the_scope()
    {
        var finance = await App.ApiAs("nmg-finance");
        var items = await Items(finance, fixture.Id, fixture.Honorees[7]);
        var instruction = items.First().GetProperty("instructionId").GetString()!;

        var page = Parse(await (await App.BrowserAs("nmg-finance")).GetStringAsync($"/payments/{fixture.Id}?q={instruction.ToLowerInvariant()}"));
        Rows(page).ShouldHaveSingleItem().GetAttribute("data-instruction-id").ShouldBe(instruction);

        var api = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/payment-cycles/{fixture.Id}/items?q={Uri.EscapeDataString($"查{fixture.Part}07")}");
        api.GetProperty("total").GetInt32().ShouldBe(items.Length);
        api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("instructionId").GetString()).ShouldContain(instruction);
        (await finance.GetAsync($"/api/v1/payment-cycles/{fixture.Id}/items?status=lost")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await finance.GetAsync($"/api/v1/payment-cycles/{fixture.Id}/items?q={new string('查', 51)}")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // Another region's finance staff search nothing of it: the cycle does not exist for them.
        (await (await App.ApiAs("tieling-finance")).GetAsync($"/api/v1/payment-cycles/{fixture.Id}/items?q={fixture.Part}")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await (await App.BrowserAs("tieling-finance")).GetAsync($"/payments/{fixture.Id}?q={fixture.Part}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_opens_the_honoree_record_for_finance_staff_who_may_read_it_and_is_plain_text_for_the_others()
    {
        var reader = await TestUsers.Create(App, "内蒙古自治区总工会", ("finance", "内蒙古自治区总工会"), ("viewer", "新城区总工会"));
        var path = $"/payments/{fixture.Id}?q={fixture.Part}";
        var page = Parse(await (await App.BrowserAs(reader)).GetStringAsync(path));
        var row = Rows(page).First();
        var link = row.QuerySelector("a[data-testid='honoree-link']")!;
        link.GetAttribute("href").ShouldBe($"/honorees/{row.GetAttribute("data-honoree-id")}?tab=payments");
        link.TextContent.ShouldContain(fixture.Part);
        (await (await App.BrowserAs(reader)).GetAsync(link.GetAttribute("href"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        Rows(Parse(await (await App.BrowserAs("nmg-finance")).GetStringAsync(path)))
            .ShouldAllBe(r => r.QuerySelector("a[data-testid='honoree-link']") == null);
    }
}
