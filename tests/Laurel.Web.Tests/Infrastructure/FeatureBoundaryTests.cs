using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;

namespace Laurel.Web.Tests.Infrastructure;

/// <summary>
/// Feature folders never reach into one another (docs/decisions/0010-data-access.md, Where shared code lives): a type of
/// Laurel.Web.Features.X uses only its own feature's types and Features.Shared's, and Shared uses no feature's. What two
/// features share lives in a neutral place (Features/Shared, Policy, Data, Security, Hosting, Laurel.Rules).
/// </summary>
public sealed partial class FeatureBoundaryTests
{
    [Fact]
    public void No_type_of_a_feature_references_a_type_of_another_feature()
    {
        FeatureBoundaries.Violations(typeof(Program).Assembly, "Laurel.Web.Features").ShouldBeEmpty();
    }

    [Fact]
    public void The_check_finds_a_reference_made_only_inside_a_method_body_or_a_signature()
    {
        // Fixture types below, in a namespace shaped like the app's: Alpha reaches into Beta; Gamma only uses Shared.
        var violations = FeatureBoundaries.Violations(typeof(FeatureBoundaryTests).Assembly, "Laurel.Web.Tests.BoundaryFixture.Features");
        violations.ShouldContain(v => v.StartsWith("Alpha: Laurel.Web.Tests.BoundaryFixture.Features.Alpha.UsesBetaInBody.Describe → ", StringComparison.Ordinal)
            && v.EndsWith("Beta.Thing", StringComparison.Ordinal));
        violations.ShouldContain(v => v.StartsWith("Alpha: Laurel.Web.Tests.BoundaryFixture.Features.Alpha.UsesBetaInSignature.Take → ", StringComparison.Ordinal));
        violations.ShouldContain(v => v.StartsWith("Shared: ", StringComparison.Ordinal));
        violations.ShouldNotContain(v => v.StartsWith("Gamma: ", StringComparison.Ordinal));
    }

    [Fact]
    public void No_page_of_a_feature_composes_a_partial_of_another_feature()
    {
        var features = Path.Combine(RepositoryRoot(), "src", "Laurel.Web", "Features");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories))
        {
            var feature = Path.GetRelativePath(features, file).Split(Path.DirectorySeparatorChar)[0];
            foreach (Match m in PartialReference().Matches(File.ReadAllText(file)))
            {
                var target = m.Groups["folder"].Value;
                if (!target.Equals(feature, StringComparison.OrdinalIgnoreCase) && !target.Equals("Shared", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{Path.GetRelativePath(features, file)}: {m.Value}");
                }
            }
        }
        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_partial_check_recognises_a_path_into_another_feature()
    {
        PartialReference().Match("""<partial name="/Features/Payments/_HonoreePayments.cshtml" model="Model.Payments" />""").Groups["folder"].Value.ShouldBe("Payments");
        PartialReference().Match("""@await Html.PartialAsync("../Policies/_Entitlements", b)""").Groups["folder"].Value.ShouldBe("Policies");
        PartialReference().Match("""<partial name="_Entitlements" model="b" />""").Success.ShouldBeFalse();
    }

    // A partial named by a path (a plain name resolves in the page's own folder, then in Features/Shared).
    [GeneratedRegex("""(?:<partial\s+name|PartialAsync\(|RenderPartialAsync\()\s*=?\s*"(?:~?/Features/|\.\./)(?<folder>[A-Za-z]+)/""")]
    private static partial Regex PartialReference();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Laurel.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Laurel.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Every type an assembly's types reference, from their signatures and from the IL of their method bodies (lambdas and
/// async state machines are nested types, so they are walked too), grouped by feature.
/// </summary>
internal static class FeatureBoundaries
{
    /// <summary>"Feature: Type.Member → referenced type" for every reference from one feature into another.</summary>
    public static List<string> Violations(Assembly assembly, string featuresNamespace)
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (FeatureOf(type, featuresNamespace) is not { } feature)
            {
                continue;
            }
            foreach (var (where, referenced) in References(type))
            {
                if (FeatureOf(referenced, featuresNamespace) is { } other && other != feature && other != "Shared")
                {
                    violations.Add($"{feature}: {where} → {referenced.FullName}");
                }
            }
        }
        return [.. violations];
    }

    /// <summary>
    /// The feature of a type: the namespace segment after the features namespace, or, for a compiled Razor page
    /// (AspNetCoreGeneratedDocument.Features_Honorees_Detail), the folder after Features.
    /// </summary>
    private static string? FeatureOf(Type type, string featuresNamespace)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }
        var ns = type.Namespace ?? "";
        if (ns.StartsWith(featuresNamespace + ".", StringComparison.Ordinal))
        {
            return ns[(featuresNamespace.Length + 1)..].Split('.')[0];
        }
        if (ns == "AspNetCoreGeneratedDocument" && featuresNamespace == "Laurel.Web.Features" && type.Name.StartsWith("Features_", StringComparison.Ordinal))
        {
            var folder = type.Name.Split('_')[1];
            return folder.Length == 0 ? "Shared" : folder; // Features/_ViewStart.cshtml: the folder of every feature

        }
        return null;
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<(string Where, Type Referenced)> References(Type type)
    {
        var name = type.FullName ?? type.Name;
        var found = new List<(string, Type)>();
        void Add(string where, Type? t)
        {
            foreach (var each in Expand(t))
            {
                found.Add(($"{name}{where}", each));
            }
        }
        Add(" (base)", type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(" (interface)", i);
        }
        foreach (var f in type.GetFields(Declared))
        {
            Add("." + f.Name, f.FieldType);
        }
        foreach (var p in type.GetProperties(Declared))
        {
            Add("." + p.Name, p.PropertyType);
        }
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var where = "." + m.Name;
            if (m is MethodInfo mi)
            {
                Add(where, mi.ReturnType);
            }
            foreach (var p in m.GetParameters())
            {
                Add(where, p.ParameterType);
            }
            foreach (var t in BodyReferences(m))
            {
                Add(where, t);
            }
        }
        return found;
    }

    /// <summary>A type with its generic arguments and element types, each a type of its own.</summary>
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()))
            {
                yield return t;
            }
            yield break;
        }
        yield return type;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The types, methods' declaring types and fields' declaring types the IL of a method body names.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }
        if (il is null)
        {
            yield break;
        }
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[i++]));
            }
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break; // not IL we can walk: stop rather than misread the rest
            }
            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                {
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member;
                    try
                    {
                        member = module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }
                    switch (member)
                    {
                        case Type t:
                            yield return t;
                            break;
                        case FieldInfo f:
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                            break;
                        case MethodBase m:
                            yield return m.DeclaringType!;
                            if (m is MethodInfo mi)
                            {
                                yield return mi.ReturnType;
                                if (mi.IsGenericMethod)
                                {
                                    foreach (var a in mi.GetGenericArguments())
                                    {
                                        yield return a;
                                    }
                                }
                            }
                            foreach (var p in m.GetParameters())
                            {
                                yield return p.ParameterType;
                            }
                            break;
                    }
                    break;
                }
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
