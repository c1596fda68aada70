using System.Net.Http.Json;
using System.Text.Json;
using Laurel.Rules.Identity;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>One Laurel instance with the demo data, shared by the test classes of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<LaurelApp>
{
    public const string Name = "demo";
}

public static class TestData
{
    private static int _next;

    /// <summary>
    /// A fresh valid resident ID. Region 110108 (海淀区) is one the demo data never uses, so these never collide with it.
    /// The birth date lies within <paramref name="birthSpanDays"/> days from 1955-01-01 (by default up to 1987), at a point
    /// that depends on the process id: a test that dates facts (employment since 1985 …) must narrow the span so that
    /// every birth date falls before them.
    /// </summary>
    public static string NewResidentId(int birthSpanDays = 12000)
    {
        var n = Interlocked.Increment(ref _next) + Environment.ProcessId % 1000 * 1000;
        var birth = new DateOnly(1955, 1, 1).AddDays(n % birthSpanDays);
        var first17 = $"110108{birth:yyyyMMdd}{n % 997:D3}";
        return first17 + ResidentId.CheckCharacter(first17);
    }

    public static async Task<long> UnitId(HttpClient client, string name)
    {
        var units = await client.GetFromJsonAsync<JsonElement>("/api/v1/org-units");
        return units.EnumerateArray().Single(u => u.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
    }

    public static object NewHonoree(long unitId, string name, string? residentId = null) => new
    {
        name,
        residentId = residentId ?? NewResidentId(),
        orgUnitId = unitId,
        phone = "13800138000",
        hukouRegionCode = "110105",
        employment = new { status = "employed", employerName = "朝阳区某公司", employerType = "enterprise", since = "2000-03-01" },
        pension = new { scheme = "enterprise", monthlyAmount = 0, since = "2000-03-01" },
    };

    /// <summary>Creates an honoree through the API as the client's user; returns the answer's JSON.</summary>
    public static async Task<JsonElement> CreateHonoree(HttpClient client, string unitName, string name, string? residentId = null)
    {
        var unitId = await UnitId(client, unitName);
        var response = await client.PostAsJsonAsync("/api/v1/honorees", NewHonoree(unitId, name, residentId));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Grants a role as Laurel requires (ADR 13): <paramref name="proposer"/> proposes, <paramref name="confirmer"/> (another
    /// sysadmin) confirms. Returns the grant's id; throws when either step is refused.
    /// </summary>
    public static async Task<long> Grant(HttpClient proposer, HttpClient confirmer, long userId, string role, long orgUnitId)
    {
        var proposed = await proposer.PostAsJsonAsync($"/api/v1/users/{userId}/grants", new { role, orgUnitId });
        if (proposed.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Proposal refused, {proposed.StatusCode}: {await proposed.Content.ReadAsStringAsync()}");
        }
        var proposalId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var confirmed = await confirmer.PostAsync($"/api/v1/grant-proposals/{proposalId}/confirm", null);
        if (!confirmed.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Confirmation refused, {confirmed.StatusCode}: {await confirmed.Content.ReadAsStringAsync()}");
        }
        return (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grantId").GetInt64();
    }

    /// <summary>
    /// Revokes an honour as Laurel requires (退出机制, ADR 22): <paramref name="proposer"/> (a manager of the honoree) proposes a
    /// revocation case, <paramref name="decider"/> (another person, a selection admin of the awarding level) decides it with
    /// the effective date. Returns the case's id; throws when either step is refused.
    /// </summary>
    public static async Task<long> Revoke(HttpClient proposer, HttpClient decider, long honourId, string effectiveOn, string grounds = "fraud",
        string documentNumber = "内工发〔2026〕12号")
    {
        var proposed = await proposer.PostAsJsonAsync("/api/v1/revocations", new { honourId, grounds, evidence = "经查，申报材料弄虚作假。" });
        if (proposed.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Proposal refused, {proposed.StatusCode}: {await proposed.Content.ReadAsStringAsync()}");
        }
        var caseId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var decided = await decider.PostAsJsonAsync($"/api/v1/revocations/{caseId}/decide", new { documentNumber, effectiveOn });
        if (!decided.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Decision refused, {decided.StatusCode}: {await decided.Content.ReadAsStringAsync()}");
        }
        return caseId;
    }

    /// <summary>A name no other test uses: the prefix and nine digits (no Latin letters, so pages stay Chinese).</summary>
    public static string UniqueName(string prefix) => prefix + Random.Shared.NextInt64(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
