using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

/// <summary>A money expression found in text, normalised to a number and a currency code.</summary>
internal sealed record MoneyMention(int Start, int End, decimal Value, string Currency, string Text)
{
    public bool IsFiat => MoneyRecognizer.IsFiat(Currency);
}

/// <summary>
/// Finds amounts in the forms news uses: "US$11 million", "$1.5bn", "$11M", "11 million dollars",
/// "11,5 millions de dollars", "roughly 4,000 ETH", "₩58 billion", "48.2 billion yen", "KRW 58 billion".
/// </summary>
internal static partial class MoneyRecognizer
{
    private const string Num = @"(?<num>\d{1,3}(?:[,\u00A0 ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)";
    private const string Scale = @"(?:\s?(?<scale>trillion|billion|million|thousand|billions|millions|milliards?|milliarden|mrd|bn|b|mn|mln|m|k|tn)\b\.?)?";

    private const string SymbolPrefix =
        @"(?<sym>US\$|USD\s?\$?|U\.S\.\s?\$|A\$|AU\$|AUD\s?|C\$|CA\$|CAD\s?|NZ\$|HK\$|S\$|SG\$|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|₩|KRW\s?|₹|INR\s?|CHF\s?|R\$|TRY\s?|₺|Rp\s?|IDR\s?)";

    private const string CurrencyWord =
        @"(?<cur>US\s?dollars?|U\.S\.\s?dollars?|dollars?|USD|dólares|dollari|de\s+dollars|euros?|EUR|pounds?|GBP|yen|JPY|won|KRW|rupees?|INR|Swiss\s+francs|CHF|lira|TRY|rupiah|IDR|" +
        @"USDT|USDC|DAI|ETH|ether|Ether|BTC|bitcoins?|Bitcoin|BNB|SOL|XRP|XEM|NEM|TRX|MATIC|POL|ADA|AVAX|DOGE|LTC|EOS|NANO|Nano|XLM|stETH|wstETH|WETH|wETH|wBTC|WBTC|ARB|SUI|FTM|ATOM|BCH|XMR|ZEC|" +
        @"tether|USD\s?Coin|Ethereum|Solana|Tron|Litecoin)";

    // $11 million / US$1.5bn / €3.2m / ₩58 billion
    [GeneratedRegex(@"(?<![\w])" + SymbolPrefix + @"\s?" + Num + Scale + @"(?:\s+(?<trail>worth\s+of\s+)?(?<cur2>USDT|USDC|ETH|BTC|in\s+(?:crypto|cryptocurrency|digital\s+assets|tokens)))?", RegexOptions.IgnoreCase)]
    private static partial Regex SymbolFirst();

    // 11 million dollars / 4,000 ETH / 48.2 billion yen / 11,5 millions de dollars
    [GeneratedRegex(@"(?<![\w$€£¥₩.,])" + Num + Scale + @"\s?(?:of\s+|worth\s+of\s+)?" + CurrencyWord + @"(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex NumberFirst();

    public static IReadOnlyList<MoneyMention> Find(string text)
    {
        var found = new List<MoneyMention>();
        foreach (Match m in SymbolFirst().Matches(text))
        {
            var currency = SymbolCurrency(m.Groups["sym"].Value);
            if (currency is null) continue;
            if (!TryValue(m.Groups["num"].Value, m.Groups["scale"].Value, out var value)) continue;
            // "$5 in ETH" style suffix keeps the fiat currency: the symbol wins.
            AddIfPlausible(found, m.Index, m.Index + m.Length, value, currency, m.Value, hasScale: m.Groups["scale"].Success);
        }
        foreach (Match m in NumberFirst().Matches(text))
        {
            if (found.Any(f => m.Index < f.End && f.Start < m.Index + m.Length)) continue;
            var currency = WordCurrency(m.Groups["cur"].Value);
            if (currency is null) continue;
            if (!TryValue(m.Groups["num"].Value, m.Groups["scale"].Value, out var value)) continue;
            AddIfPlausible(found, m.Index, m.Index + m.Length, value, currency, m.Value, hasScale: m.Groups["scale"].Success);
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static void AddIfPlausible(List<MoneyMention> found, int start, int end, decimal value, string currency, string text, bool hasScale)
    {
        if (value <= 0) return;
        // A bare "$2" or "5 ETH" gas fee is not a theft figure, but keep small crypto amounts (100 BTC is large).
        if (IsFiat(currency) && value < 1000 && !hasScale) return;
        found.Add(new MoneyMention(start, end, value, currency, text.Trim()));
    }

    internal static bool IsFiat(string currency) => currency is "USD" or "EUR" or "GBP" or "JPY" or "KRW" or "AUD" or "CAD" or "NZD" or "HKD" or "SGD" or "INR" or "CHF" or "BRL" or "TRY" or "IDR";

    private static string? SymbolCurrency(string sym)
    {
        var s = sym.Trim().ToUpperInvariant().Replace(".", "").Replace(" ", "");
        return s switch
        {
            "$" or "US$" or "USD" or "USD$" => "USD",
            "A$" or "AU$" or "AUD" => "AUD",
            "C$" or "CA$" or "CAD" => "CAD",
            "NZ$" => "NZD",
            "HK$" => "HKD",
            "S$" or "SG$" => "SGD",
            "€" or "EUR" => "EUR",
            "£" or "GBP" => "GBP",
            "¥" or "JPY" => "JPY",
            "₩" or "KRW" => "KRW",
            "₹" or "INR" => "INR",
            "CHF" => "CHF",
            "R$" => "BRL",
            "TRY" or "₺" => "TRY",
            "RP" or "IDR" => "IDR",
            _ => null,
        };
    }

    private static string? WordCurrency(string word)
    {
        var w = Regex.Replace(word.Trim(), @"\s+", " ");
        var lower = w.ToLowerInvariant();
        if (lower.Contains("dollar") || lower.Contains("dólar") || lower == "usd") return "USD";
        if (lower.StartsWith("euro") || lower == "eur") return "EUR";
        if (lower.StartsWith("pound") || lower == "gbp") return "GBP";
        if (lower is "yen" or "jpy") return "JPY";
        if (lower is "won" or "krw") return "KRW";
        if (lower.StartsWith("rupee") || lower == "inr") return "INR";
        if (lower is "rupiah" or "idr") return "IDR";
        if (lower.Contains("franc") || lower == "chf") return "CHF";
        if (lower is "lira" or "try") return "TRY";
        if (lower is "ether" or "ethereum" or "eth") return "ETH";
        if (lower.StartsWith("bitcoin") || lower == "btc") return "BTC";
        if (lower is "tether" or "usdt") return "USDT";
        if (lower is "usd coin" or "usdcoin" or "usdc") return "USDC";
        if (lower is "solana") return "SOL";
        if (lower is "tron") return "TRX";
        if (lower is "litecoin") return "LTC";
        if (lower is "nem") return "XEM";
        return w.ToUpperInvariant() switch
        {
            "WETH" => "WETH",
            "STETH" => "STETH",
            var t => t,
        };
    }

    /// <summary>Parses "1,500.5", "11,5" (decimal comma), "4 000" and applies a scale word.</summary>
    internal static bool TryValue(string num, string scale, out decimal value)
    {
        value = 0;
        var n = num.Replace('\u00A0', ' ');
        string normalized;
        if (Regex.IsMatch(n, @"^\d{1,3}([, ]\d{3})+(\.\d+)?$")) normalized = n.Replace(",", "").Replace(" ", "");
        else if (Regex.IsMatch(n, @"^\d+,\d{1,2}$")) normalized = n.Replace(',', '.'); // 11,5 millions
        else if (Regex.IsMatch(n, @"^\d+,\d+$")) normalized = n.Replace(",", "");
        else normalized = n;
        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)) return false;
        var multiplier = scale.Trim().TrimEnd('.').ToLowerInvariant() switch
        {
            "trillion" or "tn" => 1_000_000_000_000m,
            "billion" or "billions" or "bn" or "b" or "milliard" or "milliards" or "milliarden" or "mrd" => 1_000_000_000m,
            "million" or "millions" or "mn" or "mln" or "m" => 1_000_000m,
            "thousand" or "k" => 1_000m,
            _ => 1m,
        };
        value = v * multiplier;
        return true;
    }
}
