namespace Laurel.Web.Hosting;

/// <summary>Upload limits that more than one place names: the payments feature enforces them, the error page explains them.</summary>
public static class UploadLimits
{
    /// <summary>The largest bank result file (csv or xlsx) accepted.</summary>
    public const long BankResultFileBytes = 20L * 1024 * 1024;
}
