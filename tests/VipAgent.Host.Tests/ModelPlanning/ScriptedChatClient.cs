using Microsoft.Extensions.AI;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>
/// A chat model that answers from a script, one response per request, and keeps every request it received (the
/// function results the kernel sent back included). The last response repeats when the script runs out.
/// </summary>
internal sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] script) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> Says(string text) =>
        _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, text));

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> Calls(string tool, Dictionary<string, object?> arguments) =>
        _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call-{Guid.NewGuid():N}", tool, arguments)]));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = messages.ToList();
        Requests.Add(request);
        return Task.FromResult(script[Math.Min(Requests.Count - 1, script.Length - 1)](request));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The planner does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
