namespace VipAgent.Host.Cli;

/// <summary>Reads files named on the command line, turning every failure into one clear line and exit code 2.</summary>
public static class InputFiles
{
    public static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.TrimEnd('.');
            throw VipException.InvalidInput("VIP2001", $"Cannot read the {what} '{path}': {reason}.");
        }
    }
}
