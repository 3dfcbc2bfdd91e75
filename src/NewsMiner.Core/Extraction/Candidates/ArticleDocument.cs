using System.Text.RegularExpressions;

namespace NewsMiner.Core.Extraction.Candidates;

/// <summary>A sentence of the cleaned text with its character offsets.</summary>
internal sealed record Sentence(int Index, int Start, int End, int Paragraph, string Text);

/// <summary>The cleaned article prepared for candidate generation: sentences with offsets and the publication date.</summary>
internal sealed partial class ArticleDocument
{
    public ArticleDocument(string title, string text, DateOnly? published)
    {
        Title = title;
        Text = text;
        Published = published;
        Sentences = Split(text);
    }

    public string Title { get; }
    public string Text { get; }
    public DateOnly? Published { get; }
    public IReadOnlyList<Sentence> Sentences { get; }

    public Sentence SentenceAt(int offset)
    {
        // Binary search over sentence starts.
        int lo = 0, hi = Sentences.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Sentences[mid].Start <= offset) lo = mid; else hi = mid - 1;
        }
        return Sentences[lo];
    }

    [GeneratedRegex(@"(?<=[.!?][""'”’)]?)\s+(?=[""'“‘(]?[A-Z0-9])")]
    private static partial Regex SentenceBoundary();

    [GeneratedRegex(@"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Co|Corp|Jr|Sr|St|vs|No|Gov|Sen|Rep|U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|e\.g|i\.e|etc|Mt)|\b[A-Z])\.$")]
    private static partial Regex Abbreviation();

    private static List<Sentence> Split(string text)
    {
        var result = new List<Sentence>();
        var paragraph = 0;
        var pos = 0;
        foreach (var para in text.Split("\n\n"))
        {
            var start = pos;
            var last = 0;
            foreach (Match m in SentenceBoundary().Matches(para))
            {
                var candidate = para[last..m.Index];
                if (Abbreviation().IsMatch(candidate)) continue;
                Add(result, start + last, candidate, paragraph);
                last = m.Index + m.Length;
            }
            Add(result, start + last, para[last..], paragraph);
            pos += para.Length + 2;
            paragraph++;
        }
        if (result.Count == 0) result.Add(new Sentence(0, 0, 0, 0, ""));
        return result;
    }

    private static void Add(List<Sentence> list, int start, string s, int paragraph)
    {
        var trimmedStart = s.Length - s.TrimStart().Length;
        var t = s.Trim();
        if (t.Length == 0) return;
        list.Add(new Sentence(list.Count, start + trimmedStart, start + trimmedStart + t.Length, paragraph, t));
    }
}
