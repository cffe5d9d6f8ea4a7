using System.Text.Json.Nodes;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Containers;

/// <summary>
/// How to wrap a command line in a container. <paramref name="InstalledEngines"/> says which of docker, podman,
/// singularity, apptainer the machine has (the caller probes; this library runs nothing).
/// <paramref name="ForcedEngine"/> is bosh's <c>--force-*</c>; <paramref name="ContainerOpts"/> replaces the descriptor's.
/// </summary>
public sealed record ContainerOptions(
    string WorkingDirectory,
    string ScriptPath,
    IReadOnlyList<string> InstalledEngines,
    string? ForcedEngine = null,
    IReadOnlyList<string>? ContainerOpts = null,
    IReadOnlyList<string>? Volumes = null,
    string? ImageDirectory = null,
    string Shell = "/bin/sh");

/// <summary>
/// The process to start: <see cref="Argv"/> plus <see cref="Environment"/> (singularity's SINGULARITYENV_ variables),
/// the <see cref="Script"/> to write at the script path first, and <see cref="Image"/> (for singularity/apptainer the
/// local image file and where to pull it from).
/// </summary>
public sealed record ContainerCommand(
    string Engine,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string Script,
    string Image,
    string? PullSource);

public sealed record ContainerResult(ContainerCommand? Command, string? Error);

public static class ContainerWrapper
{
    public const string NoEngine = "Could not find any container engine. Make sure that Docker or Singularity/Apptainer is installed.";

    public static ContainerResult Wrap(BoutiquesDescriptor descriptor, Simulation simulation, ContainerOptions options)
    {
        if (descriptor.Container is not { Image: { } image } container)
        {
            return new ContainerResult(null, "The descriptor has no container-image with an image to run.");
        }

        var engine = ChooseEngine(container.Type, options);
        if (engine is null)
        {
            return new ContainerResult(null, NoEngine);
        }

        var opts = options.ContainerOpts ?? (SameFamily(engine, container.Type) ? container.ContainerOpts : []);
        var splitOpts = opts.SelectMany(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var mounts = Mounts(descriptor, simulation.EffectiveInvocation, options);
        var shebang = options.Shell == "/bin/sh" ? "#!/bin/sh -l" : "#!" + options.Shell;
        var script = shebang + "\n" + simulation.CommandLine + "\n";
        return new ContainerResult(
            engine is "docker" or "podman"
                ? Docker(engine, image, splitOpts, mounts, simulation, options, script)
                : Singularity(engine, container, image, splitOpts, mounts, simulation, options, script),
            null);
    }

    private static ContainerCommand Docker(string engine, string image, List<string> opts, List<string> mounts, Simulation simulation, ContainerOptions options, string script)
    {
        var argv = new List<string> { engine, "run", "--entrypoint=" + options.Shell, "--rm" };
        foreach (var (name, value) in simulation.Environment)
        {
            argv.AddRange(["-e", $"{name}={value}"]);
        }

        foreach (var mount in mounts)
        {
            argv.AddRange(["-v", mount]);
        }

        argv.AddRange(["-w", options.WorkingDirectory]);
        argv.AddRange(opts);
        argv.AddRange([image, options.ScriptPath]);
        return new ContainerCommand(engine, argv, new Dictionary<string, string>(), script, image, null);
    }

    private static ContainerCommand Singularity(string engine, ContainerSpec container, string image, List<string> opts, List<string> mounts, Simulation simulation, ContainerOptions options, string script)
    {
        var (index, name) = SplitIndex(container, image);
        var local = name.Replace('/', '-').Replace(':', '-') + ".simg";
        var localPath = (options.ImageDirectory ?? options.WorkingDirectory).TrimEnd('/') + "/" + local;
        var argv = new List<string> { engine, "exec", "--cleanenv" };
        foreach (var mount in mounts)
        {
            argv.AddRange(["-B", mount]);
        }

        argv.AddRange(["-W", options.WorkingDirectory]);
        argv.AddRange(opts);
        argv.AddRange([localPath, options.ScriptPath]);
        var environment = simulation.Environment.ToDictionary(p => "SINGULARITYENV_" + p.Key, p => p.Value);
        return new ContainerCommand(engine, argv, environment, script, localPath, index + name);
    }

    /// <summary>bosh's singularity image naming: an <c>xyz://</c> prefix in the image wins, docker images get <c>docker://</c>, else <c>shub://</c>.</summary>
    public static (string Index, string Name) SplitIndex(ContainerSpec container, string image)
    {
        var scheme = image.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            return (image[..(scheme + 3)], image[(scheme + 3)..]);
        }

        var index = container.Type == "docker" ? "docker://" + (container.Index ?? "") : container.Index ?? "shub://";
        return (index.EndsWith('/') ? index : index + (index.EndsWith("://", StringComparison.Ordinal) ? "" : "/"), image);
    }

    private static string? ChooseEngine(string type, ContainerOptions options)
    {
        bool Has(string engine) => options.InstalledEngines.Contains(engine);
        if (options.ForcedEngine is { } forced)
        {
            return Has(forced) ? forced : null;
        }

        string[] order = type == "docker" ? ["docker", "podman", "singularity", "apptainer"] : ["singularity", "apptainer"];
        return order.FirstOrDefault(Has);
    }

    private static bool SameFamily(string engine, string type) =>
        type == "docker" ? engine is "docker" or "podman" : engine is "singularity" or "apptainer";

    private static List<string> Mounts(BoutiquesDescriptor descriptor, JsonObject invocation, ContainerOptions options)
    {
        var cwd = options.WorkingDirectory;
        var mounts = new List<string>();
        foreach (var volume in options.Volumes ?? [])
        {
            var colon = volume.IndexOf(':', StringComparison.Ordinal);
            mounts.Add(colon < 0 ? volume : OutputPaths.AbsolutePath(volume[..colon], cwd) + volume[colon..]);
        }

        mounts.Add($"{cwd}:{cwd}");
        var targets = mounts.Select(m => m.Split(':')[1]).ToHashSet();
        foreach (var input in descriptor.Inputs.Where(i => i.Type == "File"))
        {
            var values = invocation[input.Id] switch { JsonArray a => a.Select(PythonText.Str), JsonValue v => [PythonText.Str(v)], _ => [] };
            foreach (var path in values.Select(v => OutputPaths.AbsolutePath(v, cwd)))
            {
                if (!targets.Any(t => path == t || path.StartsWith(t.TrimEnd('/') + "/", StringComparison.Ordinal)) && targets.Add(path))
                {
                    mounts.Add($"{path}:{path}");
                }
            }
        }

        return mounts;
    }
}
