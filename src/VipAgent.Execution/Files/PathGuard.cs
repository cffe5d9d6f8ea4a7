namespace VipAgent.Execution.Files;

/// <summary>
/// Turns a relative path from a user or a descriptor into an absolute path inside a job's folder, or refuses it:
/// absolute paths, <c>..</c> segments and symbolic links that lead out of the folder all throw
/// <see cref="PathEscapeException"/> naming the path.
/// </summary>
public static class PathGuard
{
    /// <summary>The absolute path of <paramref name="relativePath"/> inside <paramref name="root"/>.</summary>
    public static string Resolve(string root, string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0 || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathEscapeException(relativePath, root, "it is empty or holds a NUL character");
        }

        if (Path.IsPathRooted(relativePath) || relativePath.StartsWith('~'))
        {
            throw new PathEscapeException(relativePath, root, "it is absolute");
        }

        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            throw new PathEscapeException(relativePath, root, "it climbs out with '..'");
        }

        var realRoot = RealPath(Path.GetFullPath(root));
        var current = realRoot;
        foreach (var segment in segments.Where(s => s != "."))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is null)
            {
                continue;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName
                ?? Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(current)!);
            current = RealPath(target);
            if (!IsInside(realRoot, current))
            {
                throw new PathEscapeException(relativePath, root, $"'{segment}' is a symbolic link to '{current}'");
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both absolute, normalised).</summary>
    public static bool IsInside(string root, string path)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path == trimmed || path.StartsWith(trimmed + "/", StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it resolved (the parts that exist).</summary>
    private static string RealPath(string fullPath)
    {
        var result = "/";
        foreach (var segment in fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, segment);
            var info = new FileInfo(next);
            result = info.LinkTarget is null
                ? next
                : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(info.LinkTarget, result);
        }

        return result;
    }
}
