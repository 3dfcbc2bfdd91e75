namespace NewsMiner.Core.Cleaning;

/// <summary>Reads a saved article from disk: HTML pages go through the cleaner, <c>.txt</c> files through the header reader.</summary>
public static class ArticleFiles
{
    public static CleanedArticle Read(string path, IArticleCleaner cleaner, string? url = null)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new NewsMinerInputException(path, "no such file");
            if (info.Length > 64L * 1024 * 1024) throw new NewsMinerInputException(path, $"the file is {info.Length / (1024 * 1024)} MB, too large to be an article");
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex) { throw new NewsMinerInputException(path, $"cannot be read ({ex.Message})", ex); }
        catch (UnauthorizedAccessException ex) { throw new NewsMinerInputException(path, "permission denied", ex); }

        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".txt" or ".text" or ".md") return PlainTextArticleReader.Read(path, bytes);
        return cleaner.Clean(new RawPage(path, url, bytes));
    }
}
