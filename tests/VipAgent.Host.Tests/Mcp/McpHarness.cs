using System.IO.Pipelines;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using VipAgent.Host.Cli;
using VipAgent.Host.Mcp;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Tools.Access;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>
/// The MCP server as `vip mcp` composes it (tools, resources, prompt, completions, the local user as caller) on a
/// real registry database, talking to the SDK's <see cref="McpClient"/> over in-memory pipes.
/// </summary>
internal sealed class McpHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly Task _server;

    private McpHarness(ServiceProvider services, Task server, McpClient client)
    {
        _services = services;
        _server = server;
        Client = client;
    }

    public McpClient Client { get; }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <param name="connectionString">A fresh database.</param>
    /// <param name="dataDir">The data folder (job folders, signing key).</param>
    /// <param name="clientOptions">The client's capabilities and handlers (elicitation).</param>
    /// <param name="configure">Extra services (the workflow, a clock).</param>
    public static async Task<McpHarness> StartAsync(string connectionString, string dataDir, McpClientOptions? clientOptions = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new HostSettings(dataDir, connectionString, false, new ConfigurationBuilder().AddInMemoryCollection().Build());
        var toServer = new Pipe();
        var toClient = new Pipe();
        var services = new ServiceCollection().AddLogging().AddVipRegistry(connectionString, Path.Combine(dataDir, "keys"));
        services.AddSingleton(new LocalCaller(new Caller("local-user", CallerRole.Admin)));
        services.AddVipMcp(settings).WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await RegistrySchema.EnsureAsync(provider.GetRequiredService<IDocumentStore>(), connectionString, CancellationToken.None);
        var stop = new CancellationTokenSource();
        var server = provider.GetRequiredService<McpServer>().RunAsync(stop.Token);
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), clientOptions);
        var harness = new McpHarness(provider, server, client);
        stop.Dispose();
        return harness;
    }

    /// <summary>Imports a descriptor given as JSON text.</summary>
    public async Task ImportAsync(string descriptorJson)
    {
        var outcome = await Get<ApplicationImporter>().ImportJsonAsync("test", descriptorJson, "tester", CancellationToken.None);
        outcome.Status.ShouldBe(ImportStatus.Imported, string.Join("; ", outcome.Reasons));
    }

    /// <summary>Calls a tool and returns its result (an error result included).</summary>
    public Task<CallToolResult> CallAsync(string tool, object? arguments = null, IProgress<ProgressNotificationValue>? progress = null, CancellationToken ct = default) =>
        Client.CallToolAsync(tool, Arguments(arguments), (IProgress<ModelContextProtocol.ProgressNotificationValue>?)progress, cancellationToken: ct).AsTask();

    /// <summary>Calls a tool that must succeed and returns its structured content.</summary>
    public async Task<JsonElement> CallOkAsync(string tool, object? arguments = null, IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await CallAsync(tool, arguments, progress);
        (result.IsError ?? false).ShouldBeFalse(Text(result));
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    /// <summary>Calls a tool that must fail and returns the message the model reads.</summary>
    public async Task<string> CallErrorAsync(string tool, object? arguments = null)
    {
        var result = await CallAsync(tool, arguments);
        (result.IsError ?? false).ShouldBeTrue($"{tool} should have failed but returned {Text(result)}");
        return Text(result);
    }

    public static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    public static Dictionary<string, object?>? Arguments(object? arguments) =>
        arguments is null ? null : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        try
        {
            await _server.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // the server stops with the pipe
        }

        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
