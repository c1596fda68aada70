using Laurel.Rules.Files;
using Laurel.Web.Data;
using Laurel.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Laurel.Web.Features.Shared;

/// <summary>
/// A record that holds attachments (a candidate's deeds, a revocation case's evidence): its owner kind in the store, the
/// Chinese label of its files, and the owning feature's scope decisions. Out of scope is "not there" (404).
/// </summary>
public interface IAttachmentOwner
{
    string OwnerKind { get; }

    /// <summary>What the files are called in messages and on pages (事迹材料附件, 证据材料附件).</summary>
    string Label { get; }

    /// <summary>Whether the user may list and download the owner's files; false answers 404.</summary>
    Task<bool> CanReadAsync(long ownerId);

    /// <summary>Null when the user may add a file now; otherwise the refusal (404 out of scope, 403, 409 when the record is closed).</summary>
    Task<Outcome<AttachmentInfo>?> UploadRefusalAsync(long ownerId);
}

/// <summary>An attachment as the API lists it.</summary>
public sealed record AttachmentItem(long Id, string FileName, string ContentType, int Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static AttachmentItem Of(AttachmentInfo a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256Hex, a.UploadedAt);
}

/// <summary>What a page shows of an owner's attachments: the list, where files download, and the upload form when allowed.</summary>
public sealed record OwnedAttachmentsView(string Label, IReadOnlyList<AttachmentInfo> Files, string DownloadPath, string? UploadPath)
{
    /// <summary>The upload form's errors, on the upload page after a refusal.</summary>
    public FormErrors? Errors { get; init; }
}

/// <summary>
/// Upload, list and download of an owner's attachments through the store (Data/Attachments, ADR 23), for the API and the
/// pages alike: PDF, JPEG or PNG by their bytes, at most 10 MB, only for users in the owner's scope, downloads audited.
/// </summary>
public static class OwnedAttachments
{
    public static async Task<Outcome<AttachmentInfo>> UploadAsync(this Attachments files, IAttachmentOwner owner, long ownerId, IFormFile? file,
        CancellationToken ct = default) =>
        await owner.UploadRefusalAsync(ownerId) ?? await files.SaveAsync(owner.OwnerKind, ownerId, file, "file", owner.Label, AttachmentContent.Documents, ct);

    /// <summary>The owner's files, or null (so 404) when the user may not see them.</summary>
    public static async Task<IReadOnlyList<AttachmentInfo>?> ListAsync(this Attachments files, IAttachmentOwner owner, long ownerId, CancellationToken ct = default) =>
        await owner.CanReadAsync(ownerId) ? await files.ListAsync(owner.OwnerKind, ownerId, ct) : null;

    /// <summary>One file of the owner, audited as a sensitive read; null (so 404) when out of scope or not the owner's.</summary>
    public static async Task<AttachmentFile?> DownloadAsync(this Attachments files, IAttachmentOwner owner, long ownerId, long attachmentId,
        CancellationToken ct = default) =>
        await files.ReadAsync(attachmentId, owner.OwnerKind, ownerId, await owner.CanReadAsync(ownerId), ct);

    /// <summary>The page's view of the owner's files; null when the user may not see them.</summary>
    public static async Task<OwnedAttachmentsView?> ViewAsync(this Attachments files, IAttachmentOwner owner, long ownerId, string pagePath)
    {
        var list = await files.ListAsync(owner, ownerId);
        if (list is null)
        {
            return null;
        }
        return new OwnedAttachmentsView(owner.Label, list, pagePath + "?handler=download&attachmentId=", await owner.UploadRefusalAsync(ownerId) is null ? pagePath : null);
    }

    /// <summary>
    /// GET and POST <paramref name="route"/> (the list, an upload) and GET <paramref name="route"/>/{attachmentId} (a
    /// download) for the owner <typeparamref name="TOwner"/>. The upload is the one endpoint of the route whose body may
    /// exceed the 1 MB of every other request.
    /// </summary>
    public static void MapOwnedAttachments<TOwner>(this RouteGroupBuilder api, string route) where TOwner : IAttachmentOwner
    {
        api.MapGet(route, async (long id, TOwner owner, Attachments files, CancellationToken ct) =>
            await files.ListAsync(owner, id, ct) is { } list ? Results.Ok(list.Select(AttachmentItem.Of)) : Outcome<bool>.NotFound().ToApi(_ => Results.Ok()));
        api.MapGet(route + "/{attachmentId:long}", async (long id, long attachmentId, HttpResponse response, TOwner owner, Attachments files, CancellationToken ct) =>
            await files.DownloadAsync(owner, id, attachmentId, ct) is { } file ? file.ToDownload(response) : Outcome<bool>.NotFound().ToApi(_ => Results.Ok()));
        api.MapPost(route, async (long id, HttpRequest request, TOwner owner, Attachments files, CancellationToken ct) =>
            {
                var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
                return (await files.UploadAsync(owner, id, form?.Files.GetFile("file"), ct)).ToApi(a =>
                    Results.Created($"{Audiences.StaffApi}{route.Replace("{id:long}", id.ToString(System.Globalization.CultureInfo.InvariantCulture))}/{a.Id}", AttachmentItem.Of(a)));
            })
            // A bearer-token call needs no antiforgery token.
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimits.AttachmentRequestBytes),
                new RequestFormLimitsAttribute { MultipartBodyLengthLimit = UploadLimits.AttachmentRequestBytes })
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();
    }
}
