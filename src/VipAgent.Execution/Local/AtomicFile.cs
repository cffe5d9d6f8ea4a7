namespace VipAgent.Execution.Local;

/// <summary>Writes a small file so that readers see either nothing or all of it (write aside, then rename).</summary>
internal static class AtomicFile
{
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var aside = path + ".tmp";
        File.WriteAllText(aside, text);
        File.Move(aside, path, overwrite: true);
    }

    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
