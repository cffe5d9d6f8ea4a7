using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Execution.Files;
using VipAgent.Host.Apps;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Executions;

/// <summary>A local file given to a File input, and where it is staged inside the job's folder.</summary>
internal sealed record StagedInput(string SourcePath, string RelativePath);

/// <summary>One job of a direct execution, checked and ready to run in any job folder.</summary>
/// <param name="JobId">The job's id in the execution (<c>job-1</c>, <c>job-2</c>, …).</param>
/// <param name="Invocation">The job's invocation, its local files rewritten to their staged paths.</param>
/// <param name="Inputs">The local files to stage into the job's folder.</param>
/// <param name="ExpectedOutputs">Output paths relative to the job's folder.</param>
/// <param name="RequiredOutputs">Those of <paramref name="ExpectedOutputs"/> the descriptor does not mark optional.</param>
internal sealed record PreparedJob(
    string JobId, JsonObject Invocation, IReadOnlyList<StagedInput> Inputs, IReadOnlyList<string> ExpectedOutputs, IReadOnlyList<string> RequiredOutputs);

/// <summary>
/// Turns an invocation into checked jobs before anything is recorded: Boutiques expansion, File inputs
/// resolved to local files (staged under <c>inputs/ID/</c> so the job's folder is self-contained), a
/// simulation of each job, and outputs that must stay inside the job's folder. Any problem: exit 2.
/// </summary>
internal static class JobPreparation
{
    private const string ProbeFolder = "/job";

    public static IReadOnlyList<PreparedJob> Prepare(string descriptorJson, string invocationJson, string invocationFile)
    {
        var expanded = BoutiquesEngine.Expand(descriptorJson, invocationJson, ListDirectory);
        if (expanded.Value is not { } invocations)
        {
            ProblemReport.Write("descriptor", expanded.DescriptorProblems);
            ProblemReport.Write(invocationFile, expanded.InvocationProblems);
            throw VipException.InvalidInput("VIP5001", $"The invocation '{invocationFile}' is not valid for this application; nothing was recorded.");
        }

        var fileInputs = FileInputIds(descriptorJson);
        var optionalOutputs = OptionalOutputIds(descriptorJson);
        var problems = new List<DescriptorProblem>();
        var jobs = new List<PreparedJob>();
        for (var i = 0; i < invocations.Count; i++)
        {
            var invocation = (JsonObject)invocations[i].DeepClone();
            var staged = StageFileValues(invocation, fileInputs, problems);
            var simulated = BoutiquesEngine.Simulate(descriptorJson, invocation.ToJsonString(), ProbeFolder);
            problems.AddRange(simulated.InvocationProblems);
            if (simulated.Value is { } simulation)
            {
                if (simulation.ConfigFiles.Count > 0)
                {
                    throw VipException.InvalidInput("VIP5003", "This application writes configuration files, which 'vip exec' does not support yet.");
                }

                var outputs = Outputs(simulation.OutputFiles, problems);
                var required = outputs.Where(o => !optionalOutputs.Contains(o.Id)).Select(o => o.Path).ToList();
                jobs.Add(new PreparedJob($"job-{i + 1}", invocation, staged, [.. outputs.Select(o => o.Path)], required));
            }
        }

        if (problems.Count > 0)
        {
            ProblemReport.Write(invocationFile, problems);
            throw VipException.InvalidInput("VIP5001", $"The invocation '{invocationFile}' is not valid for this application; nothing was recorded.");
        }

        return jobs;
    }

    private static List<StagedInput> StageFileValues(JsonObject invocation, IReadOnlySet<string> fileInputs, List<DescriptorProblem> problems)
    {
        var staged = new List<StagedInput>();
        foreach (var id in fileInputs.Where(invocation.ContainsKey))
        {
            switch (invocation[id])
            {
                case JsonValue value when value.TryGetValue<string>(out var path):
                    invocation[id] = Resolve(id, path, $"inputs/{id}", staged, problems);
                    break;
                case JsonArray values:
                    for (var k = 0; k < values.Count; k++)
                    {
                        if (values[k] is JsonValue item && item.TryGetValue<string>(out var itemPath))
                        {
                            values[k] = Resolve(id, itemPath, $"inputs/{id}/{k + 1}", staged, problems);
                        }
                    }

                    break;
            }
        }

        return staged;
    }

    private static string Resolve(string id, string path, string folder, List<StagedInput> staged, List<DescriptorProblem> problems)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var relative = $"{folder}/{Path.GetFileName(full)}";
            staged.Add(new StagedInput(full, relative));
            return relative;
        }

        if (Directory.Exists(full))
        {
            return full;
        }

        problems.Add(new DescriptorProblem($"$.{id}", $"'{path}' is neither a file nor a folder on this machine."));
        return path;
    }

    private static List<(string Id, string Path)> Outputs(IReadOnlyDictionary<string, string> outputFiles, List<DescriptorProblem> problems)
    {
        var outputs = new List<(string, string)>();
        foreach (var (id, path) in outputFiles)
        {
            var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(ProbeFolder, path) : path;
            try
            {
                PathGuard.Resolve(ProbeFolder, relative);
                outputs.Add((id, relative));
            }
            catch (PathEscapeException e)
            {
                problems.Add(new DescriptorProblem($"output {id}", e.Message));
            }
        }

        return outputs;
    }

    private static HashSet<string> FileInputIds(string descriptorJson) =>
        (JsonNode.Parse(descriptorJson)?["inputs"]?.AsArray() ?? [])
            .Where(i => i?["type"]?.GetValue<string>() == "File")
            .Select(i => i!["id"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> OptionalOutputIds(string descriptorJson) =>
        (JsonNode.Parse(descriptorJson)?["output-files"]?.AsArray() ?? [])
            .Where(o => o?["optional"]?.GetValue<bool>() == true)
            .Select(o => o!["id"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

    private static IReadOnlyList<string> ListDirectory(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList()
            : throw VipException.InvalidInput("VIP2002", $"The folder '{directory}' given for a vip:directoryInputs input does not exist.");
}
