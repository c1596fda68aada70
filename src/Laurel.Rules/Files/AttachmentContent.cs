namespace Laurel.Rules.Files;

/// <summary>The kinds of file an attachment may be: told by the file's first bytes, never by its name or declared type.</summary>
public enum AttachmentKind
{
    Pdf,
    Jpeg,
    Png,
}

/// <summary>An accepted file: its kind as read from its content, and the name it is stored and downloaded under.</summary>
public sealed record AcceptedFile(AttachmentKind Kind, string ContentType, string FileName);

/// <summary>
/// The checks of an uploaded attachment (issue 12; ADR 23): PDF, JPEG or PNG only, recognised by magic bytes, at most
/// <see cref="MaxBytes"/>. The content decides: a PNG named .pdf is a PNG, stored as image/png under the name
/// with .png (so that it opens as what it is); an HTML page named .jpg is no JPEG and is refused. Each message names the
/// field by its Chinese label.
/// </summary>
public static class AttachmentContent
{
    /// <summary>10 MB, the issue's limit for each attachment.</summary>
    public const long MaxBytes = 10L * 1024 * 1024;

    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 8;

    public static readonly IReadOnlyList<AttachmentKind> Documents = [AttachmentKind.Pdf, AttachmentKind.Jpeg, AttachmentKind.Png];
    public static readonly IReadOnlyList<AttachmentKind> Images = [AttachmentKind.Jpeg, AttachmentKind.Png];

    public static string ContentType(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Pdf => "application/pdf",
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Extension(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Pdf => ".pdf",
        AttachmentKind.Jpeg => ".jpg",
        AttachmentKind.Png => ".png",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ChineseName(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Pdf => "PDF",
        AttachmentKind.Jpeg => "JPEG",
        AttachmentKind.Png => "PNG",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind the first bytes show, or null: %PDF- for PDF, FF D8 FF for JPEG, the 8-byte signature for PNG.</summary>
    public static AttachmentKind? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("%PDF-"u8))
        {
            return AttachmentKind.Pdf;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return AttachmentKind.Jpeg;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return AttachmentKind.Png;
        }
        return null;
    }

    /// <summary>
    /// The file accepted, or the problem (a message that starts with <paramref name="label"/>): empty, over the limit,
    /// not one of <paramref name="allowed"/> by content.
    /// </summary>
    public static (AcceptedFile? File, string? Problem) Check(string label, string? fileName, long length, ReadOnlySpan<byte> header,
        IReadOnlyList<AttachmentKind> allowed)
    {
        var names = string.Join("、", allowed.Select(ChineseName));
        if (length <= 0)
        {
            return (null, $"{label}为空文件，请选择要上传的文件");
        }
        if (length > MaxBytes)
        {
            return (null, $"{label}超过 {MaxBytes / 1024 / 1024} MB 的上限（{Megabytes(length)} MB），请压缩后再上传");
        }
        if (Detect(header) is not { } kind || !allowed.Contains(kind))
        {
            return (null, $"{label}的内容不是 {names} 文件（按文件内容识别，与扩展名无关），请上传 {names} 文件");
        }
        return (new AcceptedFile(kind, ContentType(kind), StoredName(fileName, kind)), null);
    }

    /// <summary>The name without any folder, its extension the one of the content's kind, at most 100 characters.</summary>
    public static string StoredName(string? fileName, AttachmentKind kind)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        var clean = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray());
        var dot = clean.LastIndexOf('.');
        var stem = dot > 0 ? clean[..dot] : clean;
        if (stem.Length == 0)
        {
            stem = "附件";
        }
        if (stem.Length > 90)
        {
            stem = stem[..90];
        }
        return stem + Extension(kind);
    }

    private static string Megabytes(long length) =>
        (length / 1024d / 1024d).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
