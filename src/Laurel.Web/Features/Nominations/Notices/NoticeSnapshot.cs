using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Web.Features.Nominations.NoticeBoard;

/// <summary>
/// The exact published content of a notice as canonical JSON: object keys in ordinal order at every depth, no
/// whitespace, text written as itself (UTF-8, only what JSON must escape escaped), so that the same content always gives
/// the same bytes and the stored SHA-256 can be recomputed by anyone from the snapshot.
/// </summary>
public static class NoticeSnapshot
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static string Canonical(object content) => Sorted(JsonSerializer.SerializeToNode(content, Options))?.ToJsonString(Options) ?? "null";

    public static byte[] Sha256(string snapshot) => SHA256.HashData(Encoding.UTF8.GetBytes(snapshot));

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(e => Sorted(e?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
