using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsMiner.Core;

namespace NewsMiner.Bench.Harness;

/// <summary>Markdown for people (stdout), JSON for keeping (<c>--json FILE</c>).</summary>
internal static class Report
{
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        sb.Append('|').AppendJoin('|', headers.Select(_ => " --- ")).AppendLine("|");
        foreach (var row in rows) sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        return sb.ToString();
    }

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Bytes in binary units: "812 KiB", "1.4 MiB".</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024 * 1024 * 1024 => Number(bytes / (1024.0 * 1024 * 1024), "0.00") + " GiB",
        >= 1024 * 1024 => Number(bytes / (1024.0 * 1024), "0.0") + " MiB",
        >= 1024 => Number(bytes / 1024.0, "0") + " KiB",
        _ => Number(bytes, "0") + " B",
    };

    public static string OptionalBytes(long? bytes) => bytes is { } b ? Bytes((double)b) : "n/a";

    public static void WriteJson(string path, object value)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(value, JsonOptions.Indented) + "\n");
    }
}
