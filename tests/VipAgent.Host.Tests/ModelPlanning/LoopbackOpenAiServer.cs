using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>
/// The scripted chat-completions answers of <see cref="LoopbackOpenAiHandler"/> served over real HTTP on a loopback
/// port, for code that opens its own connection to the configured endpoint (<see cref="Endpoint"/>, ending in /v1).
/// </summary>
internal sealed class LoopbackOpenAiServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public LoopbackOpenAiServer(LoopbackOpenAiHandler script)
    {
        Script = script;
        var port = VipCli.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public LoopbackOpenAiHandler Script { get; }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
        Script.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            var answer = Encoding.UTF8.GetBytes(Script.Answer(context.Request.Url!, body).ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}
