using Laurel.Rules.Registry;

namespace Laurel.Rules.Policies;

/// <summary>The facts of one person as they stood on the first day of the month asked.</summary>
internal sealed class MonthContext
{
    public MonthContext(PersonRecord person, DateOnly month, bool explain)
    {
        Explain = explain;
        Person = person;
        Month = month;
        LastDay = month.AddMonths(1).AddDays(-1);
        Facts = FactTimeline.AsOf(person.Facts, month);
        DiedOn = person.DiedOn;
        var age = month.Year - person.BirthDate.Year;
        if (month < person.BirthDate.AddYears(age))
        {
            age--;
        }
        AgeOnFirstDay = age;
    }

    /// <summary>Whether to write the Chinese texts; when false every text is empty and nothing is formatted.</summary>
    public bool Explain { get; }
    public PersonRecord Person { get; }
    public DateOnly Month { get; }
    public DateOnly LastDay { get; }
    public FactSnapshot Facts { get; }
    public DateOnly? DiedOn { get; }
    public int AgeOnFirstDay { get; }
}
