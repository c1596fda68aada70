using System.Text.Json;
using System.Text.Json.Serialization;
using Laurel.Rules.Text;

namespace Laurel.Web.Hosting;

/// <summary>
/// Reads every JSON string of a request through <see cref="TypedText"/>'s rule (line feeds and tabs allowed, as in a
/// multi-line field): a NUL or another control or format character in any field of any body is refused with 422 naming
/// the field (see <see cref="ApiErrors"/>) before a handler sees it, so nothing PostgreSQL cannot store reaches it.
/// Handlers check their single-line fields again, with the field's label. Writing is unchanged.
/// </summary>
public sealed class TypedTextJsonConverter : JsonConverter<string>
{
    /// <summary>Marks this converter's messages, which ApiErrors shows after the field name.</summary>
    public const string MessageMark = "\u0001typed-text:";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }
        var value = reader.GetString();
        // A value of nothing but whitespace and invisible characters goes on to the handler, which reports a required
        // field as missing; a NUL never does, since no handler may meet one.
        if ((TypedText.HasNul(value) || !TypedText.IsEmpty(value)) && TypedText.Check(value, multiLine: true) is { } problem)
        {
            throw new JsonException(MessageMark + " " + problem);
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
