using Laurel.Rules.Identity;
using Laurel.Rules.Nominations;
using Laurel.Rules.Registry;
using Laurel.Web.Features.Shared;
using Laurel.Web.Security;
using Npgsql;

namespace Laurel.Web.Features.Nominations;

/// <summary>A person as a pool entry or a candidate keeps them: the resident ID protected exactly as in the registry.</summary>
public sealed record ProtectedPerson(string Name, byte[] Cipher, byte[] Hash, string Masked, DateOnly BirthDate, string Gender);

/// <summary>The checks of a person's fields that the pool and the candidates share, and the one-person-one-record link.</summary>
public static class PersonFields
{
    public static ResidentId? CheckResidentId(string? input, DateOnly today, FieldErrors errors) => TextFields.ResidentIdNumber(input, today, errors);

    public static ProtectedPerson Protect(ResidentIds ids, string name, ResidentId id)
    {
        var (cipher, hash, masked) = ids.Protect(id);
        return new ProtectedPerson(name, cipher, hash, masked, id.BirthDate, FactCodes.Code(id.Gender));
    }

    /// <summary>The category, selection kind or meeting kind, checked against its list.</summary>
    public static string? Code(string? input, IReadOnlyList<CodeName> list, string field, string label, FieldErrors errors)
    {
        var code = input?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(field, $"请选择{label}");
            return null;
        }
        if (!NominationCodes.IsKnown(list, code))
        {
            errors.Add(field, $"{label}应为{NominationCodes.Choices(list)}之一");
            return null;
        }
        return code;
    }

    /// <summary>The registry's record of the person (same keyed hash), if any: one person, one record.</summary>
    public static async Task<long?> HonoreeIdAsync(NpgsqlTransaction tx, byte[] hash)
    {
        await using var command = NominationAccess.Command(tx.Connection!, tx, "SELECT id FROM honorees WHERE resident_id_hash = @hash", ("hash", hash));
        return await command.ExecuteScalarAsync() is long id ? id : null;
    }

    public static string GenderName(string gender) => gender == "female" ? "女" : "男";
}
