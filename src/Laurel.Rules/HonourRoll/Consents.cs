namespace Laurel.Rules.HonourRoll;

/// <summary>What the honour roll (光荣榜) may publish beyond name and unit, each only with its own consent (PIPL art. 25).</summary>
public enum ConsentField
{
    Photo,
    Deeds,
}

/// <summary>Who gave a consent: the honoree, or for a deceased honoree the family (近亲属).</summary>
public enum ConsentGiver
{
    Honoree,
    Family,
}

/// <summary>The form a consent was given in.</summary>
public enum ConsentForm
{
    Written,
    Electronic,
    Recorded,
}

/// <summary>The codes and Chinese names of the consent vocabulary, and what the roll publishes under which consent.</summary>
public static class Consents
{
    /// <summary>The deeds paragraph's maximum length.</summary>
    public const int MaxDeedsLength = 500;

    public static string Code(ConsentField f) => f switch { ConsentField.Photo => "photo", _ => "deeds" };
    public static string ChineseName(ConsentField f) => f switch { ConsentField.Photo => "照片", _ => "事迹简介" };

    public static string Code(ConsentGiver g) => g switch { ConsentGiver.Honoree => "honoree", _ => "family" };
    public static string ChineseName(ConsentGiver g) => g switch { ConsentGiver.Honoree => "本人", _ => "家属" };

    public static string Code(ConsentForm f) => f switch
    {
        ConsentForm.Written => "written",
        ConsentForm.Electronic => "electronic",
        _ => "recorded",
    };

    public static string ChineseName(ConsentForm f) => f switch
    {
        ConsentForm.Written => "书面同意",
        ConsentForm.Electronic => "电子签署",
        _ => "录音录像确认",
    };

    public static ConsentField? ParseField(string? code) => Parse<ConsentField>(code, Code);
    public static ConsentGiver? ParseGiver(string? code) => Parse<ConsentGiver>(code, Code);
    public static ConsentForm? ParseForm(string? code) => Parse<ConsentForm>(code, Code);

    private static T? Parse<T>(string? code, Func<T, string> codeOf) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => codeOf(v) == code).Select(v => (T?)v).FirstOrDefault();

    /// <summary>
    /// Whether a consent in force (recorded, given on or before today, not withdrawn) allows the field to be published:
    /// the deeds with any consent in force; the photo of a living honoree with theirs, of a deceased one only with the
    /// family's (the honoree's own consent ends with them, as the roll's rule for the deceased says).
    /// </summary>
    public static bool Publishes(ConsentField field, bool deceased, IEnumerable<ConsentGiver> inForce)
    {
        var givers = inForce.ToList();
        return field == ConsentField.Photo && deceased ? givers.Contains(ConsentGiver.Family) : givers.Count > 0;
    }

    /// <summary>Why a consent cannot be recorded as given, or null: a family's consent needs a deceased honoree, and names who gave it.</summary>
    public static string? GiverProblem(ConsentGiver giver, bool deceased, string? familyMember) => (giver, deceased) switch
    {
        (ConsentGiver.Family, false) => "家属同意仅适用于已故劳模，在世劳模须由本人同意",
        (ConsentGiver.Family, true) when string.IsNullOrWhiteSpace(familyMember) => "请填写给予同意的家属姓名及关系",
        _ => null,
    };
}
