using System.Globalization;
using NewsMiner.Core.Extraction;

namespace NewsMiner.Core.Pricing;

/// <summary>A USD value computed from a reported amount in another currency, with the reference month used.</summary>
/// <param name="Usd">The value in US dollars.</param>
/// <param name="Rate">USD per one unit of the currency.</param>
/// <param name="Month">The reference month (<c>yyyy-MM</c>) whose price was used.</param>
/// <param name="Note">Why a month other than the requested one was used (the table ends earlier), or null.</param>
public sealed record UsdConversion(decimal Usd, decimal Rate, string Month, string? Note);

/// <summary>
/// Monthly reference prices in USD for major crypto assets and fiat currencies, read from the
/// <c>reference-prices.csv</c> shipped in this folder (approximate monthly averages; see the README). Used to put
/// amounts reported only in a crypto asset or a foreign currency on one USD scale; such values are always marked
/// as derived.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, SortedDictionary<string, decimal>> _prices;

    private PriceTable(Dictionary<string, SortedDictionary<string, decimal>> prices) => _prices = prices;

    /// <summary>The table shipped with NewsMiner.</summary>
    public static PriceTable Default { get; } = Load();

    /// <summary>The assets and currencies the table prices.</summary>
    public IReadOnlyCollection<string> Assets => _prices.Keys;

    /// <summary>First and last month of the table (<c>yyyy-MM</c>).</summary>
    public (string First, string Last) Range { get; private set; }

    /// <summary>
    /// Converts <paramref name="amount"/> of <paramref name="currency"/> to USD at the reference price of the month
    /// of <paramref name="date"/> (<c>yyyy-MM-dd</c> or <c>yyyy-MM</c>). Returns null for an unpriced currency, a
    /// missing date, or a month before the asset's first price. A month after the table's end uses the last month,
    /// and says so in <see cref="UsdConversion.Note"/>.
    /// </summary>
    public UsdConversion? ToUsd(decimal amount, string currency, string? date)
    {
        if (date is null || date.Length < 7) return null;
        var code = Normalize.Currency(currency);
        if (!_prices.TryGetValue(code, out var series) || series.Count == 0) return null;
        var month = date[..7];
        if (series.TryGetValue(month, out var rate)) return new UsdConversion(amount * rate, rate, month, null);
        var last = series.Keys.Last();
        if (string.CompareOrdinal(month, last) > 0)
            return new UsdConversion(amount * series[last], series[last], last, $"{month} is after the price table's last month {last}; the {last} price was used");
        return null;
    }

    private static PriceTable Load()
    {
        var asm = typeof(PriceTable).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(".reference-prices.csv", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return Parse(reader, "reference-prices.csv");
    }

    /// <summary>Reads a table: a header <c>month,ASSET,...</c> then one row per month; an empty cell is no price.</summary>
    internal static PriceTable Parse(TextReader reader, string source)
    {
        var header = reader.ReadLine()?.Split(',') ?? throw new NewsMinerInputException(source, "empty price table");
        if (header.Length < 2 || header[0] != "month") throw new NewsMinerInputException(source, "the first column must be 'month'");
        var prices = header.Skip(1).ToDictionary(h => h.Trim(), _ => new SortedDictionary<string, decimal>(StringComparer.Ordinal));
        string? first = null, last = null;
        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != header.Length) throw new NewsMinerInputException(source, $"line {lineNo} has {cells.Length} cells, the header {header.Length}");
            var month = cells[0];
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                throw new NewsMinerInputException(source, $"line {lineNo}: '{month}' is not a yyyy-MM month");
            first ??= month;
            last = month;
            for (var i = 1; i < cells.Length; i++)
            {
                if (cells[i].Length == 0) continue;
                if (!decimal.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0)
                    throw new NewsMinerInputException(source, $"line {lineNo}: '{cells[i]}' is not a positive price for {header[i]}");
                prices[header[i].Trim()][month] = v;
            }
        }
        return new PriceTable(prices) { Range = (first ?? "", last ?? "") };
    }
}
