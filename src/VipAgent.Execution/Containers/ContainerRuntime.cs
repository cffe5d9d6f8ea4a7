namespace VipAgent.Execution.Containers;

/// <summary>A container runtime found on this machine, and how it wraps a job's argv.</summary>
/// <param name="Name">docker, podman, apptainer or singularity.</param>
/// <param name="Program">The program to start (a name on PATH or an absolute path).</param>
public sealed record ContainerRuntime(string Name, string Program)
{
    /// <summary>The runtimes looked for, in order of preference.</summary>
    public static IReadOnlyList<string> Known { get; } = ["podman", "docker", "apptainer", "singularity"];

    /// <summary>
    /// The runtime named by <paramref name="configured"/> (a name or a path whose file name is a known runtime),
    /// else the first known runtime on PATH; null when there is none.
    /// </summary>
    public static ContainerRuntime? Detect(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            var name = Known.FirstOrDefault(k => Path.GetFileName(configured).StartsWith(k, StringComparison.Ordinal))
                ?? throw new ArgumentException(
                    $"Unknown container runtime '{configured}': expected one of {string.Join(", ", Known)}.", nameof(configured));
            return new ContainerRuntime(name, configured);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in Known)
        {
            foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return new ContainerRuntime(name, candidate);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The argv that runs <paramref name="inner"/> inside <paramref name="image"/> with the working folder mounted
    /// at the same path, plus the variables to give the runtime itself (apptainer reads <c>APPTAINERENV_*</c>).
    /// </summary>
    public (IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> RuntimeEnvironment) Wrap(
        string image, string workingDirectory, IReadOnlyList<string> inner, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(environment);
        var argv = new List<string> { Program };
        var runtimeEnvironment = new Dictionary<string, string>();
        if (Name is "docker" or "podman")
        {
            argv.AddRange(["run", "--rm", "-v", $"{workingDirectory}:{workingDirectory}", "-w", workingDirectory]);
            foreach (var (key, value) in environment)
            {
                argv.AddRange(["-e", $"{key}={value}"]);
            }
        }
        else
        {
            argv.AddRange(["exec", "--pwd", workingDirectory, "--bind", workingDirectory]);
            foreach (var (key, value) in environment)
            {
                runtimeEnvironment[$"{Name.ToUpperInvariant()}ENV_{key}"] = value;
            }
        }

        argv.Add(image);
        argv.AddRange(inner);
        return (argv, runtimeEnvironment);
    }
}
