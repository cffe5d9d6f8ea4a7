using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using VipAgent.Registry.Audit;
using VipAgent.Tools.Access;
using VipAgent.Tools.Catalog;
using VipAgent.Tools.Executions;

namespace VipAgent.Tools.Mcp;

/// <summary>The registry as MCP resources: published descriptors, and an execution's status with its event timeline.</summary>
[McpServerResourceType]
public sealed class VipResources(CatalogTools catalog, ExecutionAccess executions, CallerClaims callers, Auditor auditor)
{
    /// <summary>The URI template of descriptors.</summary>
    public const string ApplicationTemplate = "vip://applications/{name}/{version}";

    /// <summary>The URI template of executions.</summary>
    public const string ExecutionTemplate = "vip://executions/{id}";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [McpServerResource(UriTemplate = ApplicationTemplate, Name = "application-descriptor", Title = "Application descriptor", MimeType = "application/json")]
    [Description("The Boutiques descriptor of one published application version, exactly as registered (canonical JSON).")]
    public async Task<string> ApplicationAsync(
        [Description("The application's name.")] string name,
        [Description("Its tool-version.")] string version,
        CancellationToken cancellationToken = default)
    {
        var (_, published) = await catalog.FindAsync(Uri.UnescapeDataString(name), Uri.UnescapeDataString(version), cancellationToken);
        return published.CanonicalDescriptor;
    }

    [McpServerResource(UriTemplate = ExecutionTemplate, Name = "execution", Title = "Execution provenance and timeline", MimeType = "application/json")]
    [Description("An execution's status, its jobs, inputs and outputs with their hashes, and its timeline: one line per recorded event, in order.")]
    public async Task<string> ExecutionAsync(
        [Description("The execution id, a GUID.")] string id,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var summary = await executions.FindAsync(id, callers.Resolve(user), cancellationToken);
        var timeline = await auditor.ReplayAsync(summary.ExecutionId.ToString(), cancellationToken);
        return JsonSerializer.Serialize(new
        {
            execution = ExecutionView.Of(summary),
            descriptorSha256 = summary.DescriptorSha256,
            inputs = summary.Inputs,
            outputs = summary.Outputs,
            timeline,
        }, Indented);
    }

    /// <summary>Throws the error a resource read gives for an unknown URI.</summary>
    public static McpException UnknownUri(string uri) =>
        new($"'{uri}' is not a VipAgent resource: use {ApplicationTemplate} or {ExecutionTemplate}.");
}
