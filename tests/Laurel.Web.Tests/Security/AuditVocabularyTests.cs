using System.Text.RegularExpressions;
using Laurel.Web.Security;

namespace Laurel.Web.Tests.Security;

/// <summary>
/// Every object type and action an audit entry can carry has a Chinese name, read from the one list the audit page's
/// filter is made from: the code's calls to the audit log and the migrations' inserts are searched for the types they write.
/// </summary>
public sealed class AuditVocabularyTests
{
    private static readonly DirectoryInfo Root = FindRoot();

    private static DirectoryInfo FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("The checkout (Laurel.slnx) is not above the test binaries.");
    }

    /// <summary>The second argument of every audit.Record / RecordNowAsync call in src, with where it is.</summary>
    private static IEnumerable<(string Where, string Argument)> EntityTypeArguments()
    {
        var call = new Regex(@"\b(?:Record|RecordNowAsync)\(\s*(?<action>[^,;]+?),\s*(?<type>[^,;)]+?)\s*,", RegexOptions.Singleline);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root.FullName, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in call.Matches(text))
            {
                // The declarations in AuditLog.cs take the parameters themselves.
                if (m.Groups["type"].Value.StartsWith("string ", StringComparison.Ordinal) || m.Groups["type"].Value == "entityType")
                {
                    continue;
                }
                if (!m.Groups["action"].Value.Contains("AuditActions.", StringComparison.Ordinal))
                {
                    continue;
                }
                yield return ($"{Path.GetRelativePath(Root.FullName, file)}:{text[..m.Index].Count(c => c == '\n') + 1}", m.Groups["type"].Value);
            }
        }
    }

    [Fact]
    public void Every_object_type_the_code_writes_is_a_literal_or_constant_of_the_one_list_with_a_Chinese_name()
    {
        var constants = typeof(AuditObjectTypes).GetFields().Where(f => f.IsLiteral)
            .ToDictionary(f => "AuditObjectTypes." + f.Name, f => (string)f.GetRawConstantValue()!);
        var found = EntityTypeArguments().ToList();
        found.Count.ShouldBeGreaterThan(40, "the search should find the audit calls of the whole code");
        var problems = new List<string>();
        foreach (var (where, argument) in found)
        {
            var code = argument.StartsWith('"') ? argument.Trim('"') : constants.GetValueOrDefault(argument);
            if (code is null)
            {
                problems.Add($"{where}: the object type {argument} is neither a string literal nor an AuditObjectTypes constant");
            }
            else if (!AuditObjectTypes.IsKnown(code))
            {
                problems.Add($"{where}: the object type \"{code}\" is not in AuditObjectTypes.All (add it with its Chinese name)");
            }
        }
        problems.ShouldBeEmpty();
        // The list holds what the code writes, the payment and policy types the page's filter once missed among them.
        var written = found.Select(f => f.Argument.Trim('"')).ToHashSet();
        written.ShouldContain("payment_cycle");
        written.ShouldContain("payment_budget");
        written.ShouldContain("policy_parameter_value");
        written.ShouldContain("honoree_bank_account");
    }

    [Fact]
    public void Every_object_type_a_migration_writes_into_the_audit_log_is_in_the_one_list()
    {
        var insert = new Regex(@"INSERT INTO audit_entries\s*\([^)]*\)\s*VALUES\s*\(\s*'[^']*',\s*'[a-z_]+',\s*'(?<type>[a-z_]+)'");
        var types = Directory.EnumerateFiles(Path.Combine(Root.FullName, "db", "migrations"), "*.sql")
            .SelectMany(f => insert.Matches(File.ReadAllText(f)).Select(m => m.Groups["type"].Value)).ToList();
        types.ShouldNotBeEmpty();
        types.Where(t => !AuditObjectTypes.IsKnown(t)).ShouldBeEmpty();
    }

    [Fact]
    public void Every_object_type_and_every_action_has_a_name_in_Chinese_and_no_code_is_listed_twice()
    {
        foreach (var t in AuditObjectTypes.All)
        {
            t.Name.ShouldMatch(@"^[\p{IsCJKUnifiedIdeographs}（）]+$", $"object type {t.Code}");
            AuditObjectTypes.ChineseName(t.Code).ShouldBe(t.Name);
        }
        AuditObjectTypes.All.Select(t => t.Code).ShouldBeUnique();
        typeof(AuditObjectTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => !AuditObjectTypes.IsKnown(c)).ShouldBeEmpty();

        AuditActions.All.Count.ShouldBeGreaterThan(15);
        AuditActions.All.ShouldContain(AuditActions.ViewFullPhone);
        AuditActions.All.ShouldBeUnique();
        foreach (var a in AuditActions.All)
        {
            AuditActions.ChineseName(a).ShouldMatch(@"^\p{IsCJKUnifiedIdeographs}+$", $"action {a}");
        }
    }
}
