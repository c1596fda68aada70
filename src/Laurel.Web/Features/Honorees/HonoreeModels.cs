namespace Laurel.Web.Features.Honorees;

// Inputs are all nullable so that a missing field becomes a Chinese message naming it, not a binding failure.

public sealed record EmploymentInput(string? Status, string? EmployerName, string? EmployerType, DateOnly? Since);

public sealed record PensionInput(string? Scheme, decimal? MonthlyAmount, DateOnly? Since);

public sealed record HonoreeCreateInput(
    string? Name, string? ResidentId, long? OrgUnitId, string? Phone, string? HukouRegionCode,
    EmploymentInput? Employment, PensionInput? Pension);

/// <summary>Corrects the record itself; what changes over time (unit, hukou, employment, pension, death) goes through events.</summary>
public sealed record HonoreeUpdateInput(string? Name, string? ResidentId, string? Phone, int? Version);

/// <summary>A dated fact: employment_changed, pension_changed, hukou_changed, org_unit_changed, died.</summary>
public sealed record FactEventInput(
    string? Type, DateOnly? EffectiveOn, string? Status, string? EmployerName, string? EmployerType,
    string? Scheme, decimal? MonthlyAmount, string? RegionCode, long? OrgUnitId);

public sealed record HonourInput(
    string? TitleCode, string? AwardingRegionCode, DateOnly? AwardedOn, string? AwardingBody,
    string? DocumentNumber, string? CertificateNumber);


public sealed record OrgUnitRef(long Id, string Name);

public sealed record EmploymentView(string Status, string StatusName, string? EmployerName, string? EmployerType, string? EmployerTypeName, DateOnly Since);

public sealed record PensionView(string Scheme, string SchemeName, decimal MonthlyAmount, DateOnly Since);

public sealed record FactsView(
    DateOnly AsOf, EmploymentView? Employment, PensionView? Pension, string? HukouRegionCode, string? HukouRegionName,
    OrgUnitRef? OrgUnit, DateOnly? DiedOn);

public sealed record HonourView(
    long Id, string TitleCode, string TitleName, string DisplayName, string Level, string LevelName,
    string? AwardingRegionCode, DateOnly AwardedOn, string AwardingBody, string? DocumentNumber, string? CertificateNumber,
    string Status, DateOnly? RevokedOn, string? RevocationReason);

/// <summary>One row of the timeline; a withdrawn fact (entered in error) stays on it with when and why, and counts for nothing.</summary>
public sealed record FactView(
    long Id, string Kind, string KindName, DateOnly EffectiveOn, string Description, DateTimeOffset RecordedAt,
    DateTimeOffset? WithdrawnAt = null, string? WithdrawalReason = null);

/// <summary>The honoree as the API and the detail page show it; ResidentId is masked unless FullIdShown, Phone unless FullPhoneShown.</summary>
public sealed record HonoreeView(
    long Id, string Name, string ResidentId, bool FullIdShown, DateOnly BirthDate, string Gender, string? Phone, bool FullPhoneShown,
    OrgUnitRef OrgUnit, string HukouRegionCode, string? EmploymentStatus, DateOnly? DiedOn, int Version,
    FactsView Facts, IReadOnlyList<HonourView> Honours, IReadOnlyList<FactView> Timeline, bool CanWrite, bool CanSeeFullId);

public sealed record HonoreeListItem(
    long Id, string Name, string ResidentId, string Gender, DateOnly BirthDate, OrgUnitRef OrgUnit,
    string? EmploymentStatus, DateOnly? DiedOn, IReadOnlyList<string> Titles, string? HighestLevel);

/// <summary>
/// A search of the registry. Q: a name prefix, a given name without the surname (two characters or more), a whole
/// resident ID, or its last 4 to 6 characters. Employer: any part of the current employer's name. Sort: name (byte
/// order, the default), name_desc, pinyin (拼音), stroke (笔画), birth, birth_desc, created_desc.
/// </summary>
public sealed record HonoreeSearch(
    string? Q, string? TitleCode, string? Level, long? OrgUnitId, string? Status, string? Sort, int? Page, int? PageSize,
    string? Employer = null);
