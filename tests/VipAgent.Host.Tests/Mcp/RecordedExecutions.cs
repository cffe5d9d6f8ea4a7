using VipAgent.Registry.Executions;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>Executions of the test application <c>copy 1.0</c> recorded straight into the registry, in the states the tools read.</summary>
internal static class RecordedExecutions
{
    public const string CopyDescriptor = """
        {
          "name": "copy", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Copies a scan under a new name.",
          "command-line": "cp [IN] [OUT]",
          "tags": {"domain": "testing"},
          "inputs": [
            {"id": "in", "name": "Input", "type": "File", "value-key": "[IN]", "description": "The scan to copy."},
            {"id": "label", "name": "Label", "type": "String", "value-key": "[LABEL]", "value-choices": ["copied", "backup"]}
          ],
          "output-files": [{"id": "out", "name": "Copy", "path-template": "[LABEL].txt", "value-key": "[OUT]"}]
        }
        """;

    /// <summary>A plan by <paramref name="user"/>, approved when <paramref name="approve"/>.</summary>
    public static async Task<Guid> PlannedAsync(ExecutionRecorder recorder, string user, bool approve = true)
    {
        var id = await recorder.PlanAsync("copy", "1.0", "local", "{\"jobs\":[{}]}", user, CancellationToken.None);
        if (approve)
        {
            await recorder.ApproveAsync(id, user, CancellationToken.None);
        }

        return id;
    }

    /// <summary>A completed execution by <paramref name="user"/> whose one job wrote <paramref name="output"/>.</summary>
    public static async Task<Guid> CompletedAsync(ExecutionRecorder recorder, string user, string input, string output)
    {
        var ct = CancellationToken.None;
        var id = await PlannedAsync(recorder, user);
        await recorder.SubmitAsync(id, user, ct);
        await recorder.StartAsync(id, [input], ct);
        await recorder.SubmitJobAsync(id, new JobSubmission("job-1", "local", "4242", "{\"in\":\"x\"}", "cp x y", ["cp", "x", "y"], null), ct);
        await recorder.ChangeJobStatusAsync(id, "job-1", JobState.Running, null, ct);
        await recorder.ChangeJobStatusAsync(id, "job-1", JobState.Collecting, "exit 0", ct);
        await recorder.RecordOutputAsync(id, "job-1", output, ct);
        await recorder.ChangeJobStatusAsync(id, "job-1", JobState.Succeeded, null, ct);
        await recorder.CompleteAsync(id, ct);
        return id;
    }
}
