using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Invocations;
using VipAgent.Boutiques.Iteration;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques;

/// <summary>
/// An answer of <see cref="BoutiquesEngine"/>: a value, or the problems of the descriptor and of the invocation
/// (each with a JSON path into its own document).
/// </summary>
public sealed record EngineResult<T>(T? Value, IReadOnlyList<DescriptorProblem> DescriptorProblems, IReadOnlyList<DescriptorProblem> InvocationProblems)
    where T : class
{
    public bool Succeeded => Value is not null;
}

/// <summary>The entry points for the <c>vip apps validate | simulate | expand</c> verbs, taking JSON text.</summary>
public static class BoutiquesEngine
{
    /// <summary>Every problem of a descriptor; empty when it is valid (also when the text is not JSON).</summary>
    public static IReadOnlyList<DescriptorProblem> Validate(string descriptorJson) =>
        TryParse(descriptorJson, "descriptor", out var node, out var problem) ? DescriptorValidator.Validate(node) : [problem!];

    /// <summary>What bosh's <c>exec simulate</c> gives: command line, plain argv (null when a shell is needed), outputs, config files, environment.</summary>
    public static EngineResult<Simulation> Simulate(string descriptorJson, string invocationJson, string workingDirectory = "/") =>
        WithDescriptor<Simulation>(descriptorJson, invocationJson, (descriptor, invocation) =>
        {
            var result = Simulator.Simulate(descriptor, invocation, workingDirectory);
            return (result.Simulation, result.Problems);
        });

    /// <summary>The job invocations after VIP iteration (not checked one by one: simulate a job to check it).</summary>
    public static EngineResult<IReadOnlyList<JsonObject>> Expand(string descriptorJson, string invocationJson, DirectoryLister? lister = null, int maxJobs = int.MaxValue) =>
        WithDescriptor<IReadOnlyList<JsonObject>>(descriptorJson, invocationJson, (descriptor, invocation) =>
        {
            if (invocation is not JsonObject given)
            {
                return (null, [new DescriptorProblem("$", "An invocation must be a JSON object mapping input ids to values.")]);
            }

            var expansion = JobExpander.Expand(descriptor, given, lister, maxJobs);
            return expansion.Problems.Count > 0 ? (null, expansion.Problems) : (expansion.Jobs, []);
        });

    private static EngineResult<T> WithDescriptor<T>(string descriptorJson, string invocationJson, Func<BoutiquesDescriptor, JsonNode?, (T?, IReadOnlyList<DescriptorProblem>)> run)
        where T : class
    {
        if (!TryParse(descriptorJson, "descriptor", out var descriptorNode, out var problem))
        {
            return new EngineResult<T>(null, [problem!], []);
        }

        var descriptorProblems = DescriptorValidator.Validate(descriptorNode);
        if (descriptorProblems.Count > 0)
        {
            return new EngineResult<T>(null, descriptorProblems, []);
        }

        if (!TryParse(invocationJson, "invocation", out var invocation, out problem))
        {
            return new EngineResult<T>(null, [], [problem!]);
        }

        var (value, problems) = run(BoutiquesDescriptor.Read(descriptorNode!.AsObject()), invocation);
        return new EngineResult<T>(problems.Count == 0 ? value : null, [], problems);
    }

    private static bool TryParse(string text, string what, out JsonNode? node, out DescriptorProblem? problem)
    {
        try
        {
            node = BoutiquesJson.Parse(text);
            problem = null;
            return true;
        }
        catch (JsonException e)
        {
            node = null;
            problem = new DescriptorProblem("$", $"The {what} is not valid JSON: {e.Message}");
            return false;
        }
    }
}
