using System.Runtime.InteropServices;

namespace VipAgent.Execution.Files;

/// <summary>Hard links through libc's link(2); falls back to a copy across file systems.</summary>
internal static partial class HardLink
{
    /// <summary>Makes <paramref name="destination"/> the same file as <paramref name="source"/>, or a copy of it.</summary>
    public static async Task LinkOrCopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        if (Link(source, destination) == 0)
        {
            return;
        }

        var temporary = destination + ".part-" + Guid.NewGuid().ToString("n");
        await using (var from = File.OpenRead(source))
        await using (var to = File.Create(temporary))
        {
            await from.CopyToAsync(to, cancellationToken);
        }

        File.Move(temporary, destination, overwrite: true);
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string oldPath, string newPath);
}
