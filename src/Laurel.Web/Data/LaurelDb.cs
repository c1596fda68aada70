using System.Text;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Laurel.Web.Data;

/// <summary>
/// EF Core maps the tables that db/migrations creates; it never creates or alters them.
/// Names are snake_case to match the SQL.
/// </summary>
public sealed class LaurelDb(DbContextOptions<LaurelDb> options) : IdentityUserContext<LaurelUser, long>(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<GrantProposal> GrantProposals => Set<GrantProposal>();
    public DbSet<TwoFactorResetRow> TwoFactorResets => Set<TwoFactorResetRow>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Honoree> Honorees => Set<Honoree>();
    public DbSet<HonoreeFact> HonoreeFacts => Set<HonoreeFact>();
    public DbSet<Honour> Honours => Set<Honour>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PolicyParameterValue> PolicyParameterValues => Set<PolicyParameterValue>();
    public DbSet<ApprovedPaymentRow> ApprovedPayments => Set<ApprovedPaymentRow>();
    public DbSet<HonoreeBankAccount> HonoreeBankAccounts => Set<HonoreeBankAccount>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<LaurelUser>(u =>
        {
            u.ToTable("users");
            u.HasMany(x => x.Grants).WithOne().HasForeignKey(g => g.UserId);
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<long>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<long>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<long>>().ToTable("user_tokens");
        // Identity's passkeys (db/migrations/0007): the credential id, its user, and Identity's data as one jsonb.
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserPasskey<long>>(p =>
        {
            p.ToTable("user_passkeys").HasKey(x => x.CredentialId);
            p.HasOne<LaurelUser>().WithMany().HasForeignKey(x => x.UserId);
            p.OwnsOne(x => x.Data).ToJson("data");
        });
        builder.Entity<OrgUnit>().ToTable("org_units").Property(u => u.Version).IsConcurrencyToken();
        builder.Entity<RoleGrant>(g =>
        {
            g.ToTable("role_grants");
            g.HasOne(x => x.OrgUnit).WithMany().HasForeignKey(x => x.OrgUnitId);
        });
        builder.Entity<GrantProposal>().ToTable("grant_proposals");
        builder.Entity<TwoFactorResetRow>().ToTable("two_factor_resets");
        builder.Entity<ApiToken>(t =>
        {
            t.ToTable("api_tokens");
            t.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId);
        });
        builder.Entity<UserSession>(s =>
        {
            s.ToTable("user_sessions");
            s.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId);
        });
        builder.Entity<Honoree>(h =>
        {
            h.ToTable("honorees");
            h.Property(x => x.Version).IsConcurrencyToken();
            // Written only by the honours triggers (db/migrations/0001): EF reads it and never writes it.
            var titles = h.Property(x => x.TitleCodes).Metadata;
            titles.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            titles.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            h.HasMany(x => x.Honours).WithOne().HasForeignKey(x => x.HonoreeId);
            h.HasMany(x => x.Facts).WithOne().HasForeignKey(x => x.HonoreeId);
        });
        builder.HasDbFunction(typeof(LaurelDb).GetMethod(nameof(GivenName))!).HasName("honoree_given_name");
        builder.Entity<HonoreeFact>().ToTable("honoree_facts");
        builder.Entity<Honour>().ToTable("honours").Property(x => x.Version).IsConcurrencyToken();
        builder.Entity<PolicyParameterValue>().ToTable("policy_parameter_values");
        builder.Entity<ApprovedPaymentRow>().ToTable("approved_payments");
        builder.Entity<HonoreeBankAccount>(b =>
        {
            b.ToTable("honoree_bank_accounts").HasKey(x => x.HonoreeId);
            b.Property(x => x.HonoreeId).ValueGeneratedNever();
            b.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_entries");
            a.Property(x => x.Before).HasColumnType("jsonb");
            a.Property(x => x.After).HasColumnType("jsonb");
        });

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary>SQL's honoree_given_name (db/migrations/0013): the name without its surname; only inside queries.</summary>
    public static string GivenName(string name) => throw new InvalidOperationException("Only for queries: honoree_given_name in SQL.");

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
