using System.IO.Compression;
using Laurel.Web.Features.Payments;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Tests.Payments;

/// <summary>What a bank result file may weigh: 20 MB as uploaded, 200 MB unpacked for an xlsx (a zip bomb guard).</summary>
public sealed class BankUploadLimitTests
{
    private static IReadOnlyList<string> Errors(Outcome<IReadOnlyList<BankResult>> outcome)
    {
        outcome.Kind.ShouldBe(OutcomeKind.Invalid);
        return outcome.Errors!.For("file");
    }

    [Fact]
    public void A_result_file_over_20_mb_is_refused_unread()
    {
        var csv = new MemoryStream(new byte[20 * 1024 * 1024 + 1]);
        Errors(BankResultFile.Read("回盘.csv", csv)).ShouldBe(["文件超过 20 MB，请分批导入"]);
    }

    [Fact]
    public void An_xlsx_that_unpacks_to_more_than_200_mb_is_refused()
    {
        var xlsx = new MemoryStream();
        using (var zip = new ZipArchive(xlsx, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 201; i++)
            {
                entry.Write(zeros);
            }
        }
        xlsx.Length.ShouldBeLessThan(20L * 1024 * 1024);
        xlsx.Position = 0;
        Errors(BankResultFile.Read("回盘.xlsx", xlsx)).ShouldBe(["工作簿解压后超过 200 MB，请分批导入"]);
    }
}
