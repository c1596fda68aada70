using Laurel.Rules.HonourRoll;

namespace Laurel.Rules.Tests.HonourRoll;

public class ConsentsTests
{
    [Fact]
    public void Nothing_beyond_name_and_unit_is_published_without_a_consent_in_force()
    {
        Consents.Publishes(ConsentField.Photo, deceased: false, []).ShouldBeFalse();
        Consents.Publishes(ConsentField.Deeds, deceased: false, []).ShouldBeFalse();
        Consents.Publishes(ConsentField.Photo, deceased: false, [ConsentGiver.Honoree]).ShouldBeTrue();
        Consents.Publishes(ConsentField.Deeds, deceased: false, [ConsentGiver.Honoree]).ShouldBeTrue();
    }

    [Fact]
    public void A_deceased_honorees_photo_needs_the_familys_consent_while_their_own_consent_still_covers_the_deeds()
    {
        Consents.Publishes(ConsentField.Photo, deceased: true, [ConsentGiver.Honoree]).ShouldBeFalse();
        Consents.Publishes(ConsentField.Photo, deceased: true, [ConsentGiver.Family]).ShouldBeTrue();
        Consents.Publishes(ConsentField.Deeds, deceased: true, [ConsentGiver.Honoree]).ShouldBeTrue();
    }

    [Fact]
    public void A_familys_consent_is_for_the_deceased_only_and_names_who_gave_it()
    {
        Consents.GiverProblem(ConsentGiver.Family, deceased: false, "王某（配偶）").ShouldNotBeNull();
        Consents.GiverProblem(ConsentGiver.Family, deceased: true, " ").ShouldNotBeNull();
        Consents.GiverProblem(ConsentGiver.Family, deceased: true, "王某（配偶）").ShouldBeNull();
        Consents.GiverProblem(ConsentGiver.Honoree, deceased: false, null).ShouldBeNull();
    }

    [Fact]
    public void Every_code_parses_back_to_its_value()
    {
        foreach (var f in Enum.GetValues<ConsentField>())
        {
            Consents.ParseField(Consents.Code(f)).ShouldBe(f);
        }
        foreach (var g in Enum.GetValues<ConsentGiver>())
        {
            Consents.ParseGiver(Consents.Code(g)).ShouldBe(g);
        }
        foreach (var f in Enum.GetValues<ConsentForm>())
        {
            Consents.ParseForm(Consents.Code(f)).ShouldBe(f);
        }
        Consents.ParseField("address").ShouldBeNull();
    }
}
