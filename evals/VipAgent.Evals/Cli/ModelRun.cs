using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Evals.Cases;
using VipAgent.Evals.Model;
using VipAgent.Evals.Scoring;
using VipAgent.Host.Cli;

namespace VipAgent.Evals.Cli;

/// <summary>
/// <c>--model</c> on the command line: runs <see cref="ModelEvals"/>, shows each case as it is scored on the error
/// writer, then the same report as the offline run headed by which model planned and how often the offline planner
/// answered instead (with <c>--json</c>, a <c>planner</c> object in the report). The registry is a private PostgreSQL
/// in a temporary data folder, removed afterwards, so a run never touches the user's own registry. A missing or bad
/// endpoint setting is exit 2 with its error id.
/// </summary>
internal static class ModelRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(
        IReadOnlyList<string> descriptors, IReadOnlyList<EvalCase> cases, string casesPath, bool json,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        var data = Directory.CreateTempSubdirectory("vipagent-evals-");
        try
        {
            var settings = HostSettings.Resolve(data.FullName, null, json) with { ConnectionString = null };
            return await RunAsync(settings, descriptors, cases, casesPath, json, output, error, ct);
        }
        finally
        {
            try
            {
                data.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"could not remove the temporary registry {data.FullName}: {e.Message}");
            }
        }
    }

    private static async Task<int> RunAsync(
        HostSettings settings, IReadOnlyList<string> descriptors, IReadOnlyList<EvalCase> cases, string casesPath, bool json,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        ModelEvalResult result;
        try
        {
            var done = 0;
            var progress = new Lines(c => error.WriteLine($"[{++done}/{cases.Count}] {c.Id}: {(c.Passed ? "passed" : "failed")}"));
            result = await ModelEvals.RunAsync(settings, descriptors, cases, progress, ct);
        }
        catch (VipException e) when (e.ExitCode == ExitCodes.InvalidInput)
        {
            await error.WriteLineAsync($"{e.Code}: {e.Message}");
            return EvalCommand.InvalidInput;
        }

        if (json)
        {
            var root = JsonNode.Parse(ReportJson.Write(result.Report, casesPath))!.AsObject();
            root["planner"] = new JsonObject
            {
                ["model"] = result.Model,
                ["fallbacks"] = result.Fallbacks.Count,
                ["fallbackReasons"] = new JsonArray([.. result.Fallbacks.Distinct().Select(r => (JsonNode)JsonValue.Create(r))]),
                ["rejectedDescriptors"] = new JsonArray([.. result.Rejected.Select(r => (JsonNode)JsonValue.Create(r))]),
            };
            await output.WriteLineAsync(root.ToJsonString(Indented));
            return EvalCommand.Ran;
        }

        await output.WriteLineAsync($"planner: model {result.Model}; the offline planner answered {result.Fallbacks.Count} of {cases.Count} cases");
        foreach (var reason in result.Fallbacks.Distinct())
        {
            await output.WriteLineAsync($"  {reason}");
        }

        foreach (var rejected in result.Rejected)
        {
            await output.WriteLineAsync($"  not in the catalog (the registry refused it): {rejected}");
        }

        await output.WriteAsync(ReportText.Write(result.Report, casesPath));
        return EvalCommand.Ran;
    }

    /// <summary>Reports at once, on the caller's thread, so progress lines come in case order before the report.</summary>
    private sealed class Lines(Action<CaseResult> write) : IProgress<CaseResult>
    {
        public void Report(CaseResult value) => write(value);
    }
}
