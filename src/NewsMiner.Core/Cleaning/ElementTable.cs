using AngleSharp.Dom;

namespace NewsMiner.Core.Cleaning;

/// <summary>
/// The elements of a page in document order with their parents and subtree ends, and the visible text written
/// directly in each; built in one walk of the DOM, which every later stage reads instead of walking it again
/// (the metadata readers filter <see cref="Elements"/>, the main-text extractor keeps its figures in arrays
/// indexed like it). A walk of AngleSharp's DOM costs about 70 ns a node in cache misses alone, so walks count.
/// </summary>
internal sealed class ElementTable
{
    public required IElement[] Elements;

    /// <summary>Index of the parent element; -1 for the root's children.</summary>
    public required int[] Parent;

    /// <summary>One past the last element of the subtree.</summary>
    public required int[] End;

    /// <summary>Non-blank characters and commas of the text nodes directly inside each element.</summary>
    public required int[] OwnText, OwnCommas;

    public int Length => Elements.Length;

    /// <summary>
    /// The table of the root's descendants, or null when they are more than <paramref name="maxElements"/>
    /// (the caller's time budget: work is linear in elements).
    /// </summary>
    public static ElementTable? Build(INode root, int maxElements)
    {
        var elements = new List<IElement>(1024);
        var parent = new List<int>(1024);
        var ownText = new List<int>(1024);
        var ownCommas = new List<int>(1024);
        var stack = new Stack<(IElement Element, int Parent)>();
        // Children go on the stack last first, so they come off in document order; the text nodes met on the way
        // are counted for their element. Type tests are against the Element class and the node type: AngleSharp's
        // nodes implement a dozen interfaces each, and an interface test scans them. ChildNodes, not Children:
        // the element collection is a filtered view whose indexer walks the list from the start.
        int rootText = 0, rootCommas = 0;
        Push(root.ChildNodes, -1, stack, ref rootText, ref rootCommas);
        while (stack.Count > 0)
        {
            var (e, p) = stack.Pop();
            var index = elements.Count;
            if (index >= maxElements) return null;
            elements.Add(e);
            parent.Add(p);
            int text = 0, commas = 0;
            Push(e.ChildNodes, index, stack, ref text, ref commas);
            ownText.Add(text);
            ownCommas.Add(commas);
        }
        var n = elements.Count;
        var table = new ElementTable
        {
            Elements = elements.ToArray(), Parent = parent.ToArray(), End = new int[n], OwnText = ownText.ToArray(), OwnCommas = ownCommas.ToArray(),
        };
        for (var i = n - 1; i >= 0; i--)
        {
            if (table.End[i] == 0) table.End[i] = i + 1;
            if (table.Parent[i] is var pi and >= 0 && table.End[pi] < table.End[i]) table.End[pi] = table.End[i];
        }
        return table;
    }

    private static void Push(INodeList children, int parent, Stack<(IElement, int)> stack, ref int text, ref int commas)
    {
        for (var c = children.Length - 1; c >= 0; c--)
        {
            var node = children[c];
            if (node is Element child) stack.Push((child, parent));
            else if (node.NodeType == NodeType.Text) CountText(node.TextContent, ref text, ref commas);
        }
    }

    /// <summary>The index of <paramref name="element"/>, or -1.</summary>
    public int IndexOf(IElement element) => Array.IndexOf(Elements, element);

    /// <summary>The table of the descendants of element <paramref name="root"/>, indexed from 0 (its children get parent -1).</summary>
    public ElementTable Subtree(int root)
    {
        var from = root + 1;
        var n = End[root] - from;
        var parent = new int[n];
        var end = new int[n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = Parent[from + i] == root ? -1 : Parent[from + i] - from;
            end[i] = End[from + i] - from;
        }
        return new ElementTable
        {
            Elements = Elements[from..(from + n)], Parent = parent, End = end,
            OwnText = OwnText[from..(from + n)], OwnCommas = OwnCommas[from..(from + n)],
        };
    }

    /// <summary>The first child element's index of element <paramref name="i"/> (-1: the root), or past its end.</summary>
    public int FirstChild(int i) => i + 1;

    /// <summary>Adds the non-blank characters and the commas of a text (ASCII text with vectorised counts).</summary>
    private static void CountText(string data, ref int text, ref int commas)
    {
        var span = data.AsSpan();
        if (!span.ContainsAnyExceptInRange('\0', '\u007f'))
        {
            text += span.Length - span.Count(' ') - span.Count('\n') - span.Count('\t') - span.Count('\r') - span.Count('\v') - span.Count('\f');
            commas += span.Count(',');
            return;
        }
        foreach (var ch in span)
        {
            if (!char.IsWhiteSpace(ch)) text++;
            if (ch is ',' or '，' or '、' or '،') commas++;
        }
    }
}
