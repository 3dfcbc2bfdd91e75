namespace NewsMiner.Core;

/// <summary>
/// A bad input: a file, URL, feed, page, model or database that NewsMiner cannot use.
/// The message always names the input and the problem.
/// </summary>
public sealed class NewsMinerInputException : Exception
{
    public NewsMinerInputException(string input, string reason, Exception? inner = null)
        : base($"{input}: {reason}", inner)
    {
        Input = input;
        Reason = reason;
    }

    /// <summary>The path, URL or name of the input that was refused.</summary>
    public string Input { get; }

    /// <summary>What is wrong with it, in words a user can act on.</summary>
    public string Reason { get; }
}
