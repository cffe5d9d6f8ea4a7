using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using VipAgent.Registry.Applications;
using VipAgent.Tools.Access;
using VipAgent.Tools.Executions;

namespace VipAgent.Tools.Mcp;

/// <summary>Completion of resource-template variables: application names and versions, and the ids of the caller's executions.</summary>
public static class VipCompletions
{
    private const int Most = 100;

    /// <summary>The handler of <c>completion/complete</c>.</summary>
    public static async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken ct)
    {
        var request = context.Params!;
        var typed = request.Argument.Value ?? "";
        var values = request.Ref switch
        {
            ResourceTemplateReference { Uri: VipResources.ApplicationTemplate } when request.Argument.Name == "name" =>
                (await Catalog(context).ListAsync(null, ct)).Select(a => a.Name),
            ResourceTemplateReference { Uri: VipResources.ApplicationTemplate } when request.Argument.Name == "version" =>
                await VersionsAsync(context, request.Context?.Arguments, ct),
            ResourceTemplateReference { Uri: VipResources.ExecutionTemplate } when request.Argument.Name == "id" =>
                await ExecutionIdsAsync(context, ct),
            _ => [],
        };
        var matching = values.Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return new CompleteResult
        {
            Completion = new Completion { Values = [.. matching.Take(Most)], Total = matching.Count, HasMore = matching.Count > Most },
        };
    }

    private static ApplicationCatalog Catalog(RequestContext<CompleteRequestParams> context) =>
        context.Services!.GetRequiredService<ApplicationCatalog>();

    private static async Task<IEnumerable<string>> VersionsAsync(RequestContext<CompleteRequestParams> context, IDictionary<string, string>? arguments, CancellationToken ct)
    {
        if (arguments is null || !arguments.TryGetValue("name", out var name) || await Catalog(context).FindAsync(name, ct) is not { } entry)
        {
            return [];
        }

        return entry.Versions.Select(v => v.ToolVersion).Reverse();
    }

    private static async Task<IEnumerable<string>> ExecutionIdsAsync(RequestContext<CompleteRequestParams> context, CancellationToken ct)
    {
        var caller = context.Services!.GetRequiredService<CallerClaims>().Resolve(context.User);
        var visible = await context.Services!.GetRequiredService<ExecutionAccess>().ListAsync(caller, null, Most, ct);
        return visible.Select(e => e.ExecutionId.ToString());
    }
}
