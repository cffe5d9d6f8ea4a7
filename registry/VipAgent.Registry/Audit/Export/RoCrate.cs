using System.Text.Json.Nodes;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit.Export;

/// <summary>
/// An RO-Crate (1.1) following the Process Run Crate profile (0.5): the descriptor as the
/// SoftwareApplication, one CreateAction per job with its command line, invocation, inputs,
/// outputs (with SHA-256) and container image. Input and output files stay where they are and are referenced by URI.
/// </summary>
internal static class RoCrate
{
    public const string Profile = "https://w3id.org/ro/wfrun/process/0.5";
    public const string DescriptorFile = "descriptor.json";

    /// <summary>The metadata document, and the files (relative path, content) the crate holds beside it.</summary>
    public static (JsonObject Metadata, IReadOnlyList<(string Path, string Content)> Files) Build(ExecutionRecord record)
    {
        var run = record.RequireExecution();
        var files = new List<(string, string)> { (DescriptorFile, record.Descriptor?.CanonicalDescriptor ?? "{}") };
        var graph = new JsonArray();
        var parts = new JsonArray { Ref(DescriptorFile) };
        var actions = new JsonArray();
        graph.Add(new JsonObject { ["@id"] = Profile, ["@type"] = "CreativeWork", ["name"] = "Process Run Crate", ["version"] = "0.5" });
        graph.Add(new JsonObject
        {
            ["@id"] = DescriptorFile,
            ["@type"] = new JsonArray("File", "SoftwareApplication"),
            ["name"] = run.Application,
            ["softwareVersion"] = run.ToolVersion,
            ["sha256"] = run.DescriptorSha256,
            ["encodingFormat"] = "application/json",
            ["hasPart"] = new JsonArray([.. record.DescriptorFiles.Select(f => Ref(ApplicationFile(f)))]),
        });
        foreach (var file in record.DescriptorFiles)
        {
            // the model is part of the application version; it stays in the registry's store and is named by its hash
            graph.Add(new JsonObject
            {
                ["@id"] = ApplicationFile(file),
                ["@type"] = "File",
                ["name"] = file.RelativePath,
                ["description"] = $"{file.Key} of {run.Application} {run.ToolVersion}",
                ["contentSize"] = file.Size,
                ["sha256"] = file.Sha256,
            });
        }

        graph.Add(new JsonObject { ["@id"] = Person(run.ApprovedBy ?? run.PlannedBy), ["@type"] = "Person", ["name"] = run.ApprovedBy ?? run.PlannedBy });
        var inputs = run.Inputs.Select(i => AddFile(graph, parts, i.Path, i.Size, i.Sha256)).ToList();
        foreach (var job in record.Of<JobSubmitted>())
        {
            var view = run.FindJob(job.JobId);
            var invocation = $"invocations/{job.JobId}.json";
            files.Add((invocation, job.InvocationJson));
            parts.Add(Ref(invocation));
            graph.Add(new JsonObject { ["@id"] = invocation, ["@type"] = "File", ["name"] = $"invocation of job {job.JobId}", ["encodingFormat"] = "application/json" });
            var results = record.Of<OutputRecorded>().Where(o => o.JobId == job.JobId).Select(o => AddFile(graph, parts, o.Path, o.Size, o.Sha256)).ToList();
            var action = new JsonObject
            {
                ["@id"] = $"#job-{run.ExecutionId}-{job.JobId}",
                ["@type"] = "CreateAction",
                ["name"] = $"{run.Application} {run.ToolVersion} job {job.JobId} on {job.Backend} ({job.BackendJobId})",
                ["description"] = job.CommandLine,
                ["startTime"] = Time(job.SubmittedAt),
                ["endTime"] = view is { IsFinished: true } ? Time(view.LastChangedAt) : null,
                ["instrument"] = Ref(DescriptorFile),
                ["agent"] = Ref(Person(run.ApprovedBy ?? run.PlannedBy)),
                ["object"] = new JsonArray([.. inputs.Select(Ref), Ref(invocation)]),
                ["result"] = new JsonArray([.. results.Select(Ref)]),
                ["actionStatus"] = Ref(view?.State == JobState.Succeeded ? "http://schema.org/CompletedActionStatus" : view?.IsFinished == true ? "http://schema.org/FailedActionStatus" : "http://schema.org/ActiveActionStatus"),
            };
            if (job.ContainerImage is { } image)
            {
                var imageId = $"#image-{job.JobId}";
                graph.Add(ContainerImage(imageId, image));
                action["containerImage"] = Ref(imageId);
            }

            graph.Add(action);
            actions.Add(Ref(action["@id"]!.ToString()));
        }

        graph.Insert(0, new JsonObject
        {
            ["@id"] = "./",
            ["@type"] = "Dataset",
            ["name"] = $"{run.Application} {run.ToolVersion} execution {run.ExecutionId}",
            ["description"] = $"Provenance of execution {run.ExecutionId} ({run.Status}) on {run.Backend}, exported from the VipAgent registry stream {record.Stream}.",
            ["datePublished"] = Time(run.FinishedAt ?? run.StartedAt ?? run.PlannedAt),
            ["license"] = Ref("http://spdx.org/licenses/CC0-1.0"),
            ["conformsTo"] = Ref(Profile),
            ["hasPart"] = parts,
            ["mentions"] = actions,
        });
        graph.Insert(0, new JsonObject
        {
            ["@id"] = "ro-crate-metadata.json",
            ["@type"] = "CreativeWork",
            ["conformsTo"] = Ref("https://w3id.org/ro/crate/1.1"),
            ["about"] = Ref("./"),
        });
        var metadata = new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/ro/crate/1.1/context", "https://w3id.org/ro/terms/workflow-run/context"),
            ["@graph"] = graph,
        };
        return (metadata, files);
    }

    private static string ApplicationFile(VipAgent.Registry.Applications.DescriptorFileAttached file) => $"#application-file-{file.Sha256}";

    private static string AddFile(JsonArray graph, JsonArray parts, string path, long size, string sha256)
    {
        var id = new Uri(path).AbsoluteUri;
        if (!graph.Any(n => n?["@id"]?.ToString() == id))
        {
            graph.Add(new JsonObject { ["@id"] = id, ["@type"] = "File", ["name"] = Path.GetFileName(path), ["contentSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["sha256"] = sha256 });
            parts.Add(Ref(id));
        }

        return id;
    }

    private static JsonObject ContainerImage(string id, string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var hasRegistry = slash > 0 && image[..slash].Contains('.', StringComparison.Ordinal);
        var rest = hasRegistry ? image[(slash + 1)..] : image;
        var colon = rest.LastIndexOf(':');
        return new JsonObject
        {
            ["@id"] = id,
            ["@type"] = "ContainerImage",
            ["additionalType"] = Ref("https://w3id.org/ro/terms/workflow-run#DockerImage"),
            ["registry"] = hasRegistry ? image[..slash] : "docker.io",
            ["name"] = colon > 0 ? rest[..colon] : rest,
            ["tag"] = colon > 0 ? rest[(colon + 1)..] : "latest",
        };
    }

    private static string Person(string name) => $"#person-{Uri.EscapeDataString(name)}";

    private static JsonObject Ref(string id) => new() { ["@id"] = id };

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O");
}
