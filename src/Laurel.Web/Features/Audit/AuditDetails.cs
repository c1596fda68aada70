using System.Text.Json;
using Laurel.Rules.Access;
using Laurel.Rules.Honours;
using Laurel.Rules.Organisation;
using Laurel.Rules.Payments;
using Laurel.Web.Features.Shared;

namespace Laurel.Web.Features.Audit;

/// <summary>One line of an audit entry's details as a reader sees it: a Chinese label and the value.</summary>
public sealed record AuditDetail(string Label, string Value);

/// <summary>
/// An audit entry's before/after snapshot (JSON with the code's camelCase keys) as a readable Chinese list: each key
/// under its Chinese label, codes (statuses, roles, titles, regions) under their Chinese names, true/false as 是/否.
/// The stored JSON is left as it is; the page shows it one click away and the API answers it unchanged.
/// </summary>
public static class AuditDetails
{
    /// <summary>The Chinese label of every detail key the code writes; a test checks the keys found in the log.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Honorees, facts, honours, bank accounts
        ["name"] = "姓名", ["residentId"] = "身份证号", ["phone"] = "联系电话", ["orgUnitId"] = "单位编号",
        ["hukouRegionCode"] = "户籍地区", ["employmentStatus"] = "就业状态", ["diedOn"] = "去世日期", ["version"] = "版本",
        ["honoreeId"] = "劳模档案编号", ["titleCode"] = "称号", ["awardingRegionCode"] = "授予地区", ["awardedOn"] = "授予日期",
        ["awardingBody"] = "授予机关", ["documentNumber"] = "文件号", ["certificateNumber"] = "证书编号", ["status"] = "状态",
        ["revokedOn"] = "撤销日期", ["revocationReason"] = "撤销原因", ["bankName"] = "开户行", ["accountName"] = "户名",
        ["accountNumber"] = "账号",
        // Org units, users, grants
        ["kind"] = "单位类别", ["regionCode"] = "行政区划", ["parentId"] = "上级单位编号", ["path"] = "单位路径",
        ["userName"] = "用户名", ["displayName"] = "姓名", ["role"] = "角色", ["orgUnitName"] = "单位",
        ["grantId"] = "授权编号", ["proposalId"] = "申请编号", ["proposedBy"] = "申请人", ["confirmedBy"] = "确认人",
        ["comment"] = "意见", ["reason"] = "原因",
        // Payments, budgets, parameters
        ["payingOrgUnitId"] = "付款单位编号", ["month"] = "发放月份", ["itemCount"] = "明细条数", ["total"] = "合计金额",
        ["paidTotal"] = "已发放金额", ["changes"] = "变动条数", ["format"] = "文件格式", ["lines"] = "行数", ["file"] = "文件名",
        ["settled"] = "成功笔数", ["returned"] = "退回笔数", ["unknown"] = "无法识别笔数", ["missing"] = "未回盘笔数",
        ["settledAmount"] = "成功金额", ["returnedAmount"] = "退回金额", ["amount"] = "金额", ["packCode"] = "政策包",
        ["pack"] = "政策包", ["benefitCode"] = "待遇项目", ["parameter"] = "参数", ["effectiveFrom"] = "生效日期",
        ["value"] = "取值", ["reference"] = "依据",
        // Exports and searches
        ["q"] = "查询内容", ["level"] = "级别", ["count"] = "条数", ["user"] = "用户", ["entityType"] = "对象类型",
        ["entityId"] = "对象编号", ["action"] = "操作", ["from"] = "起始日期", ["to"] = "截止日期",
    };

    public static string Label(string key) => Labels.GetValueOrDefault(key, key);

    /// <summary>The details of a snapshot; none for null, and the text itself under 内容 if it is not a JSON object.</summary>
    public static IReadOnlyList<AuditDetail> Of(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().Select(p => new AuditDetail(Label(p.Name), Value(p.Name, p.Value))).ToList()
                : [new AuditDetail("内容", Value("", document.RootElement))];
        }
        catch (JsonException)
        {
            return [new AuditDetail("内容", json)];
        }
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The stored JSON indented for reading (Chinese as it is); the text itself if it is not JSON.</summary>
    public static string Raw(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>The details in one line, for a spreadsheet cell: 状态：已计算；合计金额：1200.00</summary>
    public static string Text(string? json) => string.Join("；", Of(json).Select(d => $"{d.Label}：{d.Value}"));

    private static string Value(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "无",
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => Code(key, value.GetString() ?? ""),
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(v => Value(key, v))),
        _ => string.Join("，", value.EnumerateObject().Select(p => $"{Label(p.Name)}：{Value(p.Name, p.Value)}")),
    };

    private static string Code(string key, string text) => key switch
    {
        "status" => Status(text),
        "role" => Roles.ChineseName(text),
        "employmentStatus" => Show.Employment(text),
        "titleCode" => TitleCatalogue.Find(text)?.Name ?? text,
        "hukouRegionCode" or "awardingRegionCode" or "regionCode" => Show.Region(text),
        "kind" => OrgUnitKinds.Parse(text) is { } k ? OrgUnitKinds.ChineseName(k) : text,
        "entityType" => Laurel.Web.Security.AuditObjectTypes.ChineseName(text),
        "action" => Laurel.Web.Security.AuditActions.ChineseName(text),
        _ => text,
    };

    /// <summary>Statuses of payment cycles, grant proposals and honours (the codes do not overlap).</summary>
    private static string Status(string code) =>
        PaymentCycles.Parse(code) is { } cycle ? PaymentCycles.ChineseName(cycle)
        : GrantProposals.Parse(code) is { } proposal ? GrantProposals.ChineseName(proposal)
        : code switch { "active" => "有效", "revoked" => "已撤销", _ => code };
}
