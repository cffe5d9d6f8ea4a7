using System.Net.Http.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using VipAgent.Host.Cli;
using VipAgent.Host.Mcp;
using VipAgent.Host.Serve;
using VipAgent.Registry;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>`vip serve`'s web application (ServiceApp) on a loopback port, its registry gate opened on a test database.</summary>
internal sealed class McpHttpHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceProvider _registry;

    private McpHttpHarness(WebApplication app, ServiceProvider registry, string url)
    {
        _app = app;
        _registry = registry;
        Url = url;
    }

    public string Url { get; }

    public Uri Endpoint => new($"{Url}/mcp");

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>A service of the registry behind the gate (the importer, which the web container does not forward).</summary>
    public T Registry<T>()
        where T : notnull => _registry.GetRequiredService<T>();

    public static async Task<McpHttpHarness> StartAsync(string connectionString, string dataDir)
    {
        var settings = new HostSettings(dataDir, connectionString, false, new ConfigurationBuilder().AddInMemoryCollection().Build());
        var registry = new ServiceCollection().AddLogging().AddVipRegistry(connectionString, Path.Combine(dataDir, "keys")).BuildServiceProvider();
        await RegistrySchema.EnsureAsync(registry.GetRequiredService<IDocumentStore>(), connectionString, CancellationToken.None);
        var url = $"http://127.0.0.1:{VipCli.FreePort()}";
        var app = ServiceApp.Build(settings, url);
        app.Services.GetRequiredService<RegistryGate>().Open(registry);
        await app.StartAsync();
        return new McpHttpHarness(app, registry, url);
    }

    /// <summary>An MCP client sending <paramref name="key"/> as a bearer token (or as VIP's apikey header).</summary>
    public async Task<McpClient> ConnectAsync(string key, bool apikeyHeader = false) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            AdditionalHeaders = new Dictionary<string, string> { [apikeyHeader ? "apikey" : "Authorization"] = apikeyHeader ? key : $"Bearer {key}" },
        }));

    /// <summary>A raw JSON-RPC POST, as any HTTP client sends it; returns the status code.</summary>
    public async Task<int> PostAsync(object message, string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = JsonContent.Create(message) };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _registry.DisposeAsync();
    }
}
