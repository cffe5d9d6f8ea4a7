using System.Text.Json;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// The file holding the DiracX tokens (<c>FOLDER/tokens.json</c>): created 0600 in a 0700 folder, replaced atomically
/// so a crash never leaves half a token, and re-read before each refresh so two processes share rotations.
/// </summary>
public sealed class DiracTokenFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Uses <c>tokens.json</c> in <paramref name="folder"/>.</summary>
    public DiracTokenFile(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        FilePath = System.IO.Path.Combine(Folder, "tokens.json");
    }

    /// <summary>The folder holding the file.</summary>
    public string Folder { get; }

    /// <summary>The token file's path.</summary>
    public string FilePath { get; }

    /// <summary>The stored tokens, or null when nobody logged in yet.</summary>
    public DiracTokens? Read()
    {
        try
        {
            var tokens = JsonSerializer.Deserialize<DiracTokens>(File.ReadAllBytes(FilePath));
            return tokens is { AccessToken.Length: > 0, RefreshToken.Length: > 0 } ? tokens : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            throw new DiracAuthenticationException($"The DiracX token file {FilePath} is damaged: run 'vip dirac login' again.");
        }
    }

    /// <summary>Replaces the stored tokens (owner-only file, atomic rename).</summary>
    public void Write(DiracTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = System.IO.Path.Combine(Folder, ".tokens-" + Guid.NewGuid().ToString("n") + ".part");
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnly,
        }))
        {
            JsonSerializer.Serialize(stream, tokens);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>Forgets the stored tokens (logout).</summary>
    public void Delete() => File.Delete(FilePath);
}
