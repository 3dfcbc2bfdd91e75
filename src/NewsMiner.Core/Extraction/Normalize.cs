using System.Globalization;

namespace NewsMiner.Core.Extraction;

/// <summary>Value normalisation shared by extraction, training and evaluation.</summary>
internal static class Normalize
{
    public static string Amount(decimal value, string currency) =>
        decimal.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>True when two amounts agree within 2% in the same currency (the evaluation's rule).</summary>
    public static bool SameAmount(decimal? a, string? ca, decimal? b, string? cb)
    {
        if (a is null || b is null || ca is null || cb is null) return false;
        if (!string.Equals(Currency(ca), Currency(cb), StringComparison.OrdinalIgnoreCase)) return false;
        var max = Math.Max(Math.Abs(a.Value), Math.Abs(b.Value));
        return max == 0 || Math.Abs(a.Value - b.Value) / max <= 0.02m;
    }

    /// <summary>Folds wrapped and alternative tickers onto one code for comparison.</summary>
    public static string Currency(string c) => c.ToUpperInvariant() switch
    {
        "WETH" or "ETHER" => "ETH",
        "WBTC" => "BTC",
        "NEM" => "XEM",
        var x => x,
    };

    /// <summary>
    /// An order-of-magnitude USD value, used only as a feature to compare amounts within one article
    /// (never stored): fixed rough rates, not prices.
    /// </summary>
    public static decimal RoughUsd(decimal value, string currency) => value * Currency(currency) switch
    {
        "USD" or "USDT" or "USDC" or "DAI" => 1m,
        "EUR" => 1.1m, "GBP" => 1.27m, "CHF" => 1.1m, "AUD" or "CAD" or "NZD" or "SGD" => 0.7m, "HKD" => 0.13m,
        "JPY" => 0.007m, "KRW" => 0.00075m, "INR" => 0.012m, "TRY" => 0.03m, "IDR" => 0.000063m, "BRL" => 0.19m,
        "BTC" => 40000m, "ETH" => 2500m, "BNB" => 400m, "SOL" => 100m, "XRP" => 0.5m, "XEM" => 0.5m, "TRX" => 0.1m,
        _ => 1m,
    };

    /// <summary>True when two ISO dates agree at the precision of the less precise one ("2025-05" matches "2025-05-08").</summary>
    public static bool SameDate(string? a, string? b)
    {
        if (a is null || b is null) return false;
        return a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);
    }
}
