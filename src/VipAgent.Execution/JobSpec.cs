namespace VipAgent.Execution;

/// <summary>
/// One job to run, as plain data: what to run, where, with which environment and limits,
/// and which files it is expected to leave behind (relative to <see cref="WorkingDirectory"/>).
/// </summary>
/// <param name="JobId">The caller's id for the job; backends report status under it.</param>
/// <param name="WorkingDirectory">The job's private folder (absolute); created when missing.</param>
/// <param name="Command">An argv run without a shell, or a command line already quoted for <c>/bin/sh -c</c>.</param>
public sealed record JobSpec(string JobId, string WorkingDirectory, JobCommand Command)
{
    /// <summary>Variables added to the job's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The most the job may run; it is killed (state TIMEOUT) past it. Null: no limit.</summary>
    public TimeSpan? WallTime { get; init; }

    /// <summary>Output files or folders, relative to the working folder, collected after the job.</summary>
    public IReadOnlyList<string> ExpectedOutputs { get; init; } = [];

    /// <summary>A container image to run the command in (docker, podman, apptainer or singularity).</summary>
    public string? ContainerImage { get; init; }

    /// <summary>Run on the host even when <see cref="ContainerImage"/> is set (bosh's <c>--no-container</c>).</summary>
    public bool NoContainer { get; init; }

    /// <summary>
    /// For the <c>onnx</c> backend: the model and files of an ONNX application's job (see <see cref="Onnx.OnnxJob.Create"/>);
    /// null for every other backend, which runs <see cref="Command"/>.
    /// </summary>
    public Onnx.OnnxJob? Onnx { get; init; }

    /// <summary>Whether the command must go through a container runtime.</summary>
    public bool UsesContainer => ContainerImage is not null && !NoContainer;
}

/// <summary>What a job runs: either an argument vector or a shell command line.</summary>
public abstract record JobCommand
{
    private protected JobCommand()
    {
    }

    /// <summary>Runs <paramref name="arguments"/> directly: the first is the program, no shell sees any of them.</summary>
    public static ArgvCommand FromArgv(params string[] arguments) => new(arguments);

    /// <summary>Runs <c>/bin/sh -c</c> on a line whose user values the Boutiques engine already quoted.</summary>
    public static ShellCommand FromShell(string commandLine) => new(commandLine);
}

/// <summary>A program and its arguments, passed as they are (no shell).</summary>
public sealed record ArgvCommand : JobCommand
{
    public ArgvCommand(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0 || string.IsNullOrEmpty(arguments[0]))
        {
            throw new ArgumentException("An argv command needs at least a program name.", nameof(arguments));
        }

        Arguments = arguments;
    }

    public IReadOnlyList<string> Arguments { get; }
}

/// <summary>A command line for <c>/bin/sh -c</c>; every user value in it must already be quoted.</summary>
public sealed record ShellCommand : JobCommand
{
    public ShellCommand(string commandLine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandLine);
        CommandLine = commandLine;
    }

    public string CommandLine { get; }
}
