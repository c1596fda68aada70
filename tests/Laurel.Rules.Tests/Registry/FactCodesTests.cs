using Laurel.Rules.Identity;
using Laurel.Rules.Registry;

namespace Laurel.Rules.Tests.Registry;

public class FactCodesTests
{
    [Theory]
    [InlineData(EmploymentStatus.Employed, "employed", "在职")]
    [InlineData(EmploymentStatus.Retired, "retired", "退休")]
    [InlineData(EmploymentStatus.Unemployed, "unemployed", "失业")]
    public void Each_employment_status_has_a_code_that_parses_back_and_a_chinese_name(EmploymentStatus status, string code, string name)
    {
        FactCodes.Code(status).ShouldBe(code);
        FactCodes.ParseEmploymentStatus(code).ShouldBe(status);
        FactCodes.ChineseName(status).ShouldBe(name);
    }

    [Theory]
    [InlineData(EmployerType.Government, "government", "机关")]
    [InlineData(EmployerType.PublicInstitution, "public_institution", "事业单位")]
    [InlineData(EmployerType.Enterprise, "enterprise", "企业")]
    [InlineData(EmployerType.Other, "other", "其他")]
    public void Each_employer_type_has_a_code_that_parses_back_and_a_chinese_name(EmployerType type, string code, string name)
    {
        FactCodes.Code(type).ShouldBe(code);
        FactCodes.ParseEmployerType(code).ShouldBe(type);
        FactCodes.ChineseName(type).ShouldBe(name);
    }

    [Theory]
    [InlineData(PensionScheme.CivilService, "civil_service", "机关事业养老")]
    [InlineData(PensionScheme.Enterprise, "enterprise", "企业职工养老")]
    [InlineData(PensionScheme.Resident, "resident", "城乡居民养老")]
    [InlineData(PensionScheme.None, "none", "无")]
    public void Each_pension_scheme_has_a_code_that_parses_back_and_a_chinese_name(PensionScheme scheme, string code, string name)
    {
        FactCodes.Code(scheme).ShouldBe(code);
        FactCodes.ParsePensionScheme(code).ShouldBe(scheme);
        FactCodes.ChineseName(scheme).ShouldBe(name);
    }

    [Theory]
    [InlineData(FactKind.Employment, "employment", "就业状况", "employment_changed", "就业变动")]
    [InlineData(FactKind.Pension, "pension", "养老保险", "pension_changed", "养老保险变动")]
    [InlineData(FactKind.Hukou, "hukou", "户籍", "hukou_changed", "户籍迁移")]
    [InlineData(FactKind.OrgUnit, "org_unit", "管理单位", "org_unit_changed", "管理单位变更")]
    [InlineData(FactKind.Death, "death", "去世", "died", "去世")]
    public void Each_fact_kind_has_a_code_that_parses_back_a_chinese_name_and_the_event_that_records_it(FactKind kind, string code,
        string name, string eventCode, string eventName)
    {
        FactCodes.Code(kind).ShouldBe(code);
        FactCodes.ParseFactKind(code).ShouldBe(kind);
        FactCodes.ChineseName(kind).ShouldBe(name);
        FactCodes.KindName(code).ShouldBe(name);
        FactCodes.EventCode(kind).ShouldBe(eventCode);
        FactCodes.EventName(kind).ShouldBe(eventName);
    }

    [Fact]
    public void An_unknown_fact_kind_code_is_shown_as_it_is()
    {
        FactCodes.KindName("salary").ShouldBe("salary");
    }

    [Fact]
    public void Each_gender_has_a_code_that_parses_back_and_a_chinese_name()
    {
        foreach (var (gender, code, name) in new[] { (Gender.Male, "male", "男"), (Gender.Female, "female", "女") })
        {
            (FactCodes.Code(gender), FactCodes.ParseGender(code), FactCodes.ChineseName(gender)).ShouldBe((code, (Gender?)gender, name));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Retired")]
    [InlineData("public-institution")]
    [InlineData("orgunit")]
    public void Unknown_codes_parse_to_null(string? code)
    {
        FactCodes.ParseEmploymentStatus(code).ShouldBeNull();
        FactCodes.ParseEmployerType(code).ShouldBeNull();
        FactCodes.ParsePensionScheme(code).ShouldBeNull();
        FactCodes.ParseFactKind(code).ShouldBeNull();
        FactCodes.ParseGender(code).ShouldBeNull();
    }

    [Fact]
    public void Each_fact_type_reports_its_kind()
    {
        var day = new DateOnly(2020, 1, 1);
        new EmploymentFact(day, EmploymentStatus.Retired, null, null).Kind.ShouldBe(FactKind.Employment);
        new PensionFact(day, PensionScheme.Enterprise, 1m).Kind.ShouldBe(FactKind.Pension);
        new HukouFact(day, "150102").Kind.ShouldBe(FactKind.Hukou);
        new OrgUnitFact(day, 5).Kind.ShouldBe(FactKind.OrgUnit);
        new DeathFact(day).Kind.ShouldBe(FactKind.Death);
    }

    [Fact]
    public void The_choices_a_message_lists_are_the_Chinese_names_in_order_with_the_last_after_or()
    {
        FactCodes.EmploymentStatusChoices.ShouldBe("在职、退休或失业");
        FactCodes.EmployerTypeChoices.ShouldBe("机关、事业单位、企业或其他");
        FactCodes.PensionSchemeChoices.ShouldBe("机关事业养老、企业职工养老、城乡居民养老或无");
        FactCodes.EventChoices.ShouldBe("就业变动、养老保险变动、户籍迁移、管理单位变更或去世");
        FactCodes.ChoiceList(["甲"]).ShouldBe("甲");
    }
}
