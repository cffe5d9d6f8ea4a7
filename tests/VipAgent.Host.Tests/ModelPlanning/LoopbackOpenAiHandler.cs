using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>
/// An OpenAI chat-completions server in a message handler: each request body is kept and answered by the next scripted
/// function (a tool call or a text answer, as OpenAI writes them), so the real connector and its loop run.
/// </summary>
internal sealed class LoopbackOpenAiHandler(params Func<JsonObject, JsonObject>[] script) : HttpMessageHandler
{
    public List<JsonObject> Requests { get; } = [];

    public List<Uri> Addresses { get; } = [];

    /// <summary>A tool call of the tool whose name ends with <paramref name="function"/> among the request's tools.</summary>
    public static Func<JsonObject, JsonObject> CallsTool(string function, string arguments) => request =>
    {
        var name = request["tools"]!.AsArray().Select(t => (string)t!["function"]!["name"]!).Single(n => n.EndsWith(function, StringComparison.Ordinal));
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            }),
        };
        return Completion(message, "tool_calls");
    };

    public static Func<JsonObject, JsonObject> Answers(string content) =>
        _ => Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop");

    /// <summary>Keeps the request and answers it with the next step of the script.</summary>
    public JsonObject Answer(Uri address, JsonObject body)
    {
        lock (Requests)
        {
            Addresses.Add(address);
            Requests.Add(body);
            return script[Math.Min(Requests.Count - 1, script.Length - 1)](body);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var answer = Answer(request.RequestUri!, body);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private static JsonObject Completion(JsonObject message, string finish) => new()
    {
        ["id"] = "chatcmpl-1",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "scripted",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
    };
}
