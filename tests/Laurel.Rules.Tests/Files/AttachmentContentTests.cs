using System.Text;
using Laurel.Rules.Files;

namespace Laurel.Rules.Tests.Files;

public class AttachmentContentTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F'];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n");

    private static (AcceptedFile? File, string? Problem) Check(string name, byte[] bytes, IReadOnlyList<AttachmentKind>? allowed = null, long? length = null) =>
        AttachmentContent.Check("照片", name, length ?? bytes.Length, bytes.AsSpan(0, Math.Min(bytes.Length, AttachmentContent.HeaderLength)),
            allowed ?? AttachmentContent.Documents);

    [Fact]
    public void Each_accepted_kind_is_told_by_its_first_bytes()
    {
        Check("a.png", Png).File!.ContentType.ShouldBe("image/png");
        Check("a.jpg", Jpeg).File!.ContentType.ShouldBe("image/jpeg");
        Check("a.pdf", Pdf).File!.ContentType.ShouldBe("application/pdf");
    }

    [Fact]
    public void A_png_named_pdf_is_stored_as_the_png_it_is_under_a_name_ending_in_png()
    {
        var (file, problem) = Check("证明材料.pdf", Png);
        problem.ShouldBeNull();
        file!.Kind.ShouldBe(AttachmentKind.Png);
        file.ContentType.ShouldBe("image/png");
        file.FileName.ShouldBe("证明材料.png");
    }

    [Fact]
    public void An_html_page_named_jpg_is_refused_whatever_its_name_says()
    {
        var (file, problem) = Check("photo.jpg", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"));
        file.ShouldBeNull();
        problem!.ShouldStartWith("照片");
        problem.ShouldContain("不是 PDF、JPEG、PNG 文件");
    }

    [Fact]
    public void A_file_of_ten_megabytes_is_accepted_and_one_byte_more_is_refused_naming_the_field()
    {
        Check("big.png", Png, length: AttachmentContent.MaxBytes).File.ShouldNotBeNull();
        var (file, problem) = Check("big.png", Png, length: AttachmentContent.MaxBytes + 1);
        file.ShouldBeNull();
        problem!.ShouldStartWith("照片超过 10 MB");
    }

    [Fact]
    public void An_empty_file_and_a_kind_the_field_does_not_take_are_refused()
    {
        Check("a.png", [], length: 0).Problem!.ShouldContain("空文件");
        var (file, problem) = Check("a.pdf", Pdf, AttachmentContent.Images);
        file.ShouldBeNull();
        problem!.ShouldContain("请上传 JPEG、PNG 文件");
    }

    [Theory]
    [InlineData(@"C:\Users\me\照片.JPG", "照片.jpg")]
    [InlineData("../../etc/passwd", "passwd.jpg")]
    [InlineData("", "附件.jpg")]
    [InlineData("引号\".jpeg", "引号.jpg")]
    public void The_stored_name_drops_folders_and_quotes_and_takes_the_contents_extension(string given, string stored)
    {
        AttachmentContent.StoredName(given, AttachmentKind.Jpeg).ShouldBe(stored);
    }
}
