using NewsMiner.Core.Feeds;

namespace NewsMiner.Core.Tests.Feeds;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Tue, 03 Jun 2025 01:42:00 GMT", "2025-06-03T01:42:00Z")]
    [InlineData("Tue, 03 Jun 2025 01:42:00 +0200", "2025-06-02T23:42:00Z")]
    [InlineData("Tue, 03 Jun 2025 01:42:00 EST", "2025-06-03T06:42:00Z")]
    [InlineData("Tue, 03 Jun 2025 01:42:00 PDT", "2025-06-03T08:42:00Z")]
    [InlineData("Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z")]
    [InlineData("Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z")]
    [InlineData("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z")]
    [InlineData("Thu, 01 Jan 2004", "2004-01-01T00:00:00Z")]
    [InlineData("Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z")]
    [InlineData("03 Apr 02 1500 GMT", "2002-04-03T15:00:00Z")]
    [InlineData("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z")]
    [InlineData("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z")]
    [InlineData("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z")]
    [InlineData("2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z")]
    [InlineData("2003-12", "2003-12-01T00:00:00Z")]
    [InlineData("2004-07-08 23:56:58", "2004-07-08T23:56:58Z")]
    [InlineData("20250603T014200Z", "2025-06-03T01:42:00Z")]
    [InlineData("1717378920", "2024-06-03T01:42:00Z")]
    [InlineData("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z")]
    [InlineData("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z")]
    [InlineData("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z")]
    [InlineData("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z")]
    [InlineData("Mo, 02 Jun 2025 10:00:00 MESZ", "2025-06-02T08:00:00Z")]
    public void Parse_ReadsTheFormsFeedsUse(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Sun, 99 Jun 2009 12:00:00 GMT")]
    [InlineData("Sun, 16 Dec 2012 1:2:3:4 GMT")]
    [InlineData("Sun, 16 zzz 2012 11:47:32 GMT")]
    [InlineData("2003-12-31T25:14:55Z")]
    [InlineData("9999-12-31T23:59:59-99:99")]
    [InlineData("2013-01-27-01")]
    [InlineData("2013-01-28T11:30:00-06:00Textra")]
    public void Parse_GivesNull_ForWhatIsNotADate(string text) => Assert.Null(FeedDates.Parse(text));
}
