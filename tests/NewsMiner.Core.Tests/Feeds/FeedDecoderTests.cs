using System.Text;
using NewsMiner.Core.Feeds;

namespace NewsMiner.Core.Tests.Feeds;

public sealed class FeedDecoderTests
{
    private const string Rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Caf\u00e9</title></channel></rss>";

    private static byte[] Bom(Encoding e, string text) => [.. e.GetPreamble(), .. e.GetBytes(text)];

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    public void Decode_UsesByteOrderMark_WhenPresent(string name)
    {
        Encoding e = name switch
        {
            "utf-16le" => new UnicodeEncoding(false, true), "utf-16be" => new UnicodeEncoding(true, true),
            "utf-32le" => new UTF32Encoding(false, true), _ => new UTF32Encoding(true, true),
        };
        var d = FeedDecoder.Decode(Bom(e, Rss), "application/xml; charset=iso-8859-1");
        Assert.Equal(name, d.Encoding);
        Assert.StartsWith("<?xml", d.Text);
        Assert.Contains("Caf\u00e9", d.Text);
    }

    [Fact]
    public void Decode_RecognisesUtf16WithoutBom_FromTheBytePattern()
    {
        var d = FeedDecoder.Decode(new UnicodeEncoding(true, false).GetBytes(Rss));
        Assert.Equal("utf-16be", d.Encoding);
        Assert.Contains("Caf\u00e9", d.Text);
    }

    [Fact]
    public void Decode_HttpCharset_OverridesTheXmlDeclaration()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><title>Caf\u00e9</title></channel></rss>");
        var d = FeedDecoder.Decode(bytes, "application/rss+xml; charset=\"utf-8\"");
        Assert.Equal("utf-8", d.Encoding);
        Assert.Contains("Caf\u00e9", d.Text);
    }

    [Fact]
    public void Decode_ReadsTheXmlDeclaration_WhenHttpGivesNoCharset()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\u00e9</title></channel></rss>");
        var d = FeedDecoder.Decode(bytes, "application/xml");
        Assert.Equal("iso-8859-1", d.Encoding);
        Assert.Contains("Caf\u00e9", d.Text);
    }

    [Fact]
    public void Decode_TextXmlWithoutCharset_IsUsAscii_WhenTheBytesAreAscii()
    {
        var bytes = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss/>");
        Assert.Equal("us-ascii", FeedDecoder.Decode(bytes, "text/xml").Encoding);
    }

    [Fact]
    public void Decode_TextXmlWithoutCharset_FollowsTheBytes_WhenTheyAreNotAscii()
    {
        var d = FeedDecoder.Decode(Encoding.UTF8.GetBytes(Rss), "text/xml");
        Assert.Equal("utf-8", d.Encoding);
        Assert.Contains("Caf\u00e9", d.Text);
    }

    [Fact]
    public void Decode_InvalidUtf8WithoutDeclaration_FallsBackToWindows1252_WithAReason()
    {
        var bytes = Encoding.Latin1.GetBytes("<rss><channel><title>Caf\u00e9</title></channel></rss>");
        var d = FeedDecoder.Decode(bytes);
        Assert.Equal("windows-1252", d.Encoding);
        Assert.Contains("Caf\u00e9", d.Text);
        Assert.NotNull(d.Fallback);
    }

    [Fact]
    public void Decode_UnknownDeclaredEncoding_FallsBackWithAReason()
    {
        var d = FeedDecoder.Decode(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss/>"));
        Assert.Equal("utf-8", d.Encoding);
        Assert.Contains("x-no-such", d.Fallback);
    }

    [Theory]
    [InlineData("gb2312", "gb18030")]
    [InlineData("UTF8", "utf-8")]
    [InlineData("latin1", "iso-8859-1")]
    [InlineData("Shift-JIS", "shift_jis")]
    [InlineData("no-such-charset", null)]
    public void Lookup_GivesCanonicalNames(string label, string? expected) => Assert.Equal(expected, FeedDecoder.Lookup(label));
}
