namespace NewsMiner.Core.Pipeline;

/// <summary>
/// One run per database at a time: an exclusive lock on <c>&lt;db&gt;.lock</c>, held while the process lives. The
/// operating system releases it when the process ends, however it ends (kill -9 included), so a crash never leaves a
/// stale lock behind.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static RunLock Acquire(string databasePath)
    {
        var path = Path.GetFullPath(databasePath) + ".lock";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            stream.Write(pid);
            stream.Flush();
            return new RunLock(stream);
        }
        catch (IOException)
        {
            var holder = "";
            try { holder = File.ReadAllText(path).Trim(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new NewsMinerInputException(databasePath,
                $"another newsminer run is active on this database (lock {path}{(holder.Length > 0 ? ", pid " + holder : "")}); this run exits without doing anything");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new NewsMinerInputException(path, "cannot create the run lock file (permission denied)", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
