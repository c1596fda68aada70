using System.Text.Encodings.Web;
using System.Text.Unicode;
using Laurel.Web.Data;
using Laurel.Web.Demo;
using Laurel.Web.Features.Account;
using Laurel.Web.Features.Auth;
using Laurel.Web.Features.Calendar;
using Laurel.Web.Features.Home;
using Laurel.Web.Features.Honorees;
using Laurel.Web.Features.HonourRoll;
using Laurel.Web.Features.Nominations;
using Laurel.Web.Features.OrgUnits;
using Laurel.Web.Features.Payments;
using Laurel.Web.Features.Policies;
using Laurel.Web.Features.Revocations;
using Laurel.Web.Features.Shared;
using Laurel.Web.Policy;
using Laurel.Web.Features.Users;
using Laurel.Web.Features.Audit;
using Laurel.Web.Hosting;
using Laurel.Web.Public;
using Laurel.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

if (args.FirstOrDefault() == "generate")
{
    return await GenerateCommand.RunAsync(args[1..]);
}
if (args.FirstOrDefault() == "ledger-check")
{
    var (checkSettings, checkError) = LaurelSettings.From(new ConfigurationBuilder().AddEnvironmentVariables().Build());
    if (checkSettings is null)
    {
        await Console.Error.WriteLineAsync(checkError);
        return 2;
    }
    await using var checkSource = LaurelDataSource.Create(checkSettings.ConnectionString);
    return await LedgerCheck.RunCommandAsync(checkSource);
}

// `--demo` is a flag of Laurel's, not a configuration key: the host's command-line parser would take the next
// argument as its value.
var loadDemo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());

const long MaxBody = 1024 * 1024;
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBody);
builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxBody);

// Settings are read from the built configuration (so that every source, the tests' included, has been added).
builder.Services.AddSingleton(sp => LaurelSettings.From(sp.GetRequiredService<IConfiguration>()).Settings
    ?? throw new InvalidOperationException("Laurel settings are incomplete."));
builder.Services.AddSingleton(sp => LaurelDataSource.Create(sp.GetRequiredService<LaurelSettings>().ConnectionString));
builder.Services.AddSingleton(sp => sp.GetRequiredService<LaurelSettings>().Protector);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDbContext<LaurelDb>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddScoped<UnitOfWork>();
builder.Services.AddScoped<Scope>();
builder.Services.AddScoped<Laurel.Web.Features.Shared.RegionChoices>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<ResidentIds>();
builder.Services.AddScoped<SignInChecks>();
builder.Services.AddHonoreeChanges();
builder.Services.AddScoped<HonoreeQueries>();
builder.Services.AddBankAccounts();
builder.Services.AddScoped<OrgUnitCommands>();
builder.Services.AddScoped<UserCommands>();
builder.Services.AddScoped<GrantProposalCommands>(); // issue 9: maker-checker grants (ADR 13)
builder.Services.AddScoped<UserStatus>(); // issue 11: deactivation and second-factor resets (ADR 18)
builder.Services.AddScoped<TwoFactorResets>();
builder.Services.AddScoped<HomeQueries>();
builder.Services.AddScoped<AuditQueries>();
builder.Services.AddSingleton(_ => PolicyCatalog.Load());
builder.Services.AddScoped<EntitlementQueries>();
builder.Services.AddScoped<PolicyPacks>();
builder.Services.AddScoped<ParameterCommands>();
builder.Services.AddPayments();
// Issue 12: the working-day calendar (ADR 20) that notices and services count with, and its corrections.
builder.Services.AddSingleton<WorkingCalendarStore>();
builder.Services.AddScoped<CalendarCommands>();
// Issue 12: the attachment store (Data/Attachments) and the honour roll (光荣榜), staff side and public side.
builder.Services.AddScoped<Attachments>();
builder.Services.AddHonourRoll();
builder.Services.AddScoped<Laurel.Web.Features.Public.HonourRollQuery>();
builder.Services.AddRevocations(); // issue 12 §5: revocation cases (ADR 22)
builder.Services.AddScoped<Laurel.Web.Features.Shared.HonourCases>();
builder.Services.AddNominations(); // issue 12: pool, campaigns, quotas, candidates (ADR 21)

builder.Services.AddIdentityCore<LaurelUser>(o =>
    {
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.Password.RequiredLength = 8;
        o.Password.RequireNonAlphanumeric = false;
        o.User.RequireUniqueEmail = false;
    })
    .AddSignInManager()
    .AddEntityFrameworkStores<LaurelDb>()
    .AddDefaultTokenProviders();
builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
    .AddIdentityCookies();
builder.Services.AddAuthentication()
    .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
// Two-factor sign-in (ADR 12): the second step's cookie and service; enrolment is enforced after UseAuthorization.
builder.Services.AddTwoFactorSignIn();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/login";
    o.LogoutPath = "/logout";
    o.AccessDeniedPath = "/denied";
    o.Cookie.Name = "laurel";
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
    // Secure whenever the request came over HTTPS; plain HTTP stays usable for the loopback demo.
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.ExpireTimeSpan = TimeSpan.FromHours(8);
    o.SlidingExpiration = true;
});
// Sessions and sign-in limits (issue 9, docs/decisions/0011-server-side-sessions.md): a server-side row per cookie
// sign-in and per token, checked on every request; per-address rate limits (Laurel:RateLimits).
builder.Services.AddScoped<Sessions>();
builder.Services.AddScoped<SessionCookieEvents>();
builder.Services.ConfigureApplicationCookie(o => o.EventsType = typeof(SessionCookieEvents));
builder.Services.AddScoped<PasswordChanges>();
builder.Services.AddScoped<PasswordResets>();
builder.Services.AddLaurelRateLimits();
builder.Services.AddPublicNoticeCache(); // issue 12 §9: the public notice page from memory (ADR 27)
builder.Services.AddAuthorization();
builder.Services.AddAudiences();
builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
builder.Services.AddDataProtection().SetApplicationName("Laurel");
// The key ring lives in PostgreSQL, each key encrypted with a key derived from Laurel:EncryptionKey (ADR 14).
builder.Services.AddOptions<KeyManagementOptions>()
    .Configure<NpgsqlDataSource, LaurelSettings, ILogger<PostgresXmlRepository>>((o, dataSource, settings, log) =>
    {
        o.XmlRepository = new PostgresXmlRepository(dataSource, log);
        o.XmlEncryptor = new KeyRingEncryptor(settings.KeyRing);
    });

builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AuthorizeFolder("/");
    o.Conventions.AllowAnonymousToPage("/Auth/Login");
    o.Conventions.AllowAnonymousToPage("/Shared/Error");
    // Pages under Features/Public: anonymous, rate-limited, not indexed (ADR 15).
    o.Conventions.AddPublicPages();
}).AddMvcOptions(o => o.Filters.Add(new UnitOfWorkFilters.PageFilter()));
builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Chinese text is written as itself, not as numeric entities; markup characters are still escaped.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
// Bad input (issue 9 §2): no control or format character in any JSON string of a request (422 naming the field).
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new TypedTextJsonConverter()));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiErrors>();
builder.Services.AddOpenApi("v1");

var app = builder.Build();
var (settings, error) = LaurelSettings.From(app.Configuration);
if (settings is null)
{
    await Console.Error.WriteLineAsync(error);
    return 2;
}
// Laurel:Demo=true in configuration does the same as --demo (the tests use it).
loadDemo |= app.Configuration.GetValue<bool>("Laurel:Demo");

await MigrationRunner.ApplyAsync(settings.OwnerConnectionString, settings.ConnectionString, MigrationRunner.DefaultDirectory);
await DataProtectionKeys.EnsureAsync(app.Services);
// Phones stored in plain by versions before migration 0009 are encrypted once (ADR 14).
await Phones.EncryptPlainAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), settings.Protector);
// Honorees stored before migration 0013 get the keyed hashes of their resident IDs' tails once (ADR 6).
await ResidentIdTails.FillMissingAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), settings.Protector);
// The State Council's holidays and make-up workdays from the pinned package; administrators' corrections stay (ADR 20).
await WorkingCalendarStore.ImportPackageAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), app.Environment.WebRootFileProvider, app.Logger);
// Read the policy packs now, so that a pack that fails validation stops the start instead of the first request.
_ = app.Services.GetRequiredService<PolicyCatalog>();
if (loadDemo)
{
    await using var scope = app.Services.CreateAsyncScope();
    await DemoData.LoadIfEmptyAsync(scope.ServiceProvider);
}

app.UseSecurityHeaders();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/error",
    StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : 500,
});
// Bad input (issue 9 §2): problem details for status codes under /api, the Chinese page elsewhere.
app.UseLaurelStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseOutputCache();
// Bad input (issue 9 §2): a page form over its limit answers 413, not the antiforgery check's 400.
app.UseOversizedFormRefusal(MaxBody);
app.UseAuthentication();
app.UseAuthorization();
app.UsePasswordChangeGate();
app.UseTwoFactorEnrolment();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapRazorPages();

// Route groups by audience (Hosting/Audiences); each runs a changing request in one unit of work (Data/UnitOfWork).
var api = app.MapStaffApi();
api.MapTokenApi();
api.MapOrgUnitApi();
api.MapHonoreeApi();
api.MapBankAccountApi();
api.MapUserApi();
api.MapPasswordResetApi();
api.MapAccountApi();
api.MapAuditApi();
api.MapPolicyApi();
api.MapParameterApi();
api.MapPaymentApi();
api.MapCalendarApi();
api.MapHonourRollApi();
api.MapRevocationApi();
api.MapNominationApi();
app.MapPublicApi().MapPublicEndpoints();
app.MapPartnerApi();
app.MapPortalApi();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var urls = string.Join(", ", app.Urls);
    app.Logger.LogInformation("Laurel 已启动：{Urls}", urls);
    if (loadDemo)
    {
        Console.WriteLine($"Laurel 劳模工匠服务管理平台已启动：{urls}");
        Console.WriteLine("演示账号（密码均为 " + DemoData.Password + "）：");
        foreach (var account in DemoData.Accounts)
        {
            Console.WriteLine($"  {account.UserName,-18} {account.DisplayName,-6} {account.RoleName,-10} {account.UnitName}");
        }
    }
});

await app.RunAsync();
return 0;

/// <summary>Marker for WebApplicationFactory in the tests.</summary>
public partial class Program;
