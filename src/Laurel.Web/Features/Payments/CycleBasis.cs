using System.Buffers;
using System.Text;
using System.Text.Json;
using Laurel.Rules.Calendar;
using Laurel.Rules.Policies;
using Laurel.Rules.Registry;

namespace Laurel.Web.Features.Payments;

/// <summary>
/// The facts, honours and approved applications a computation read for one honoree, as compact JSON stored with each item: a later edit of
/// the record changes nothing in a computed cycle, and an auditor can see what the amount was computed from.
/// </summary>
public static class CycleBasis
{
    public static string Json(PersonRecord person)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("birthDate", person.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("region", person.ManagingRegionCode);
            w.WriteStartArray("facts");
            foreach (var fact in person.Facts)
            {
                w.WriteStartObject();
                w.WriteString("kind", FactCodes.Code(fact.Kind));
                w.WriteString("from", fact.EffectiveOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                switch (fact)
                {
                    case EmploymentFact e:
                        w.WriteString("status", FactCodes.Code(e.Status));
                        if (e.EmployerType is { } type)
                        {
                            w.WriteString("employerType", FactCodes.Code(type));
                        }
                        break;
                    case PensionFact p:
                        w.WriteString("scheme", FactCodes.Code(p.Scheme));
                        w.WriteNumber("monthly", p.MonthlyAmount);
                        break;
                    case HukouFact h:
                        w.WriteString("region", h.RegionCode);
                        break;
                    case OrgUnitFact o:
                        w.WriteNumber("orgUnitId", o.OrgUnitId);
                        break;
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("honours");
            foreach (var h in person.Honours)
            {
                w.WriteStartObject();
                w.WriteString("title", h.TitleCode);
                if (h.AwardingRegionCode is { } region)
                {
                    w.WriteString("region", region);
                }
                w.WriteString("awardedOn", h.AwardedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                if (h.RevokedOn is { } revoked)
                {
                    w.WriteString("revokedOn", revoked.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (person.Approvals is { Count: > 0 } approvals)
            {
                w.WriteStartArray("approvals");
                foreach (var a in approvals)
                {
                    w.WriteStartObject();
                    w.WriteString("pack", a.PackCode);
                    w.WriteString("benefit", a.BenefitCode);
                    w.WriteString("month", PayMonth.Format(a.Month));
                    w.WriteNumber("amount", a.Amount);
                    w.WriteString("reference", a.Reference);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
