using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace VipAgent.Registry.Applications;

/// <summary>A file referenced by a descriptor, as hashed at import.</summary>
public sealed record DescriptorFile(string Key, string RelativePath, string Sha256, long Size);

/// <summary>A check the host adds to imports (an ONNX application's fields and model): problems, or none.</summary>
/// <param name="descriptor">The parsed descriptor.</param>
/// <param name="folder">The descriptor file's folder, or null when it was given as text.</param>
public delegate IReadOnlyList<string> DescriptorCheck(JsonNode descriptor, string? folder);

/// <summary>
/// The files a descriptor's <c>custom</c> object references (<see cref="Keys"/>), read relative to the
/// descriptor's folder and hashed; every problem says which key and what to do.
/// </summary>
public static class DescriptorFiles
{
    /// <summary>The <c>custom</c> keys whose value is a file that belongs to the application version.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["vipagent:model"];

    public static (IReadOnlyList<DescriptorFile> Files, IReadOnlyList<string> Problems) Read(JsonNode? descriptor, string? folder)
    {
        var files = new List<DescriptorFile>();
        var problems = new List<string>();
        if (descriptor?["custom"] is not JsonObject custom)
        {
            return (files, problems);
        }

        foreach (var key in Keys)
        {
            if (custom[key] is not JsonValue value || !value.TryGetValue<string>(out var relative))
            {
                continue;
            }

            if (folder is null)
            {
                problems.Add($"custom.{key} names the file '{relative}': import the descriptor from its file, with that file beside it, so it can be hashed.");
                continue;
            }

            var root = Path.GetFullPath(folder);
            var path = Path.GetFullPath(Path.Combine(root, relative));
            if (Path.IsPathRooted(relative) || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"custom.{key} '{relative}' must be a relative path inside the descriptor's folder.");
            }
            else if (!File.Exists(path))
            {
                problems.Add($"custom.{key} names '{relative}', which does not exist beside the descriptor ({path}); put the file there or fix the path.");
            }
            else
            {
                using var stream = File.OpenRead(path);
                files.Add(new DescriptorFile(key, relative, Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length));
            }
        }

        return (files, problems);
    }
}
