using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace VipAgent.Tools.Mcp;

/// <summary>
/// Asks the person at the client to confirm a destructive step through elicitation when the client supports it;
/// a client without elicitation relies on the tool's destructive annotation (and, for submit_plan, on the approved plan id).
/// </summary>
public static class Confirmation
{
    /// <summary>The form shown to the person.</summary>
    public sealed class Answer
    {
        [Description("Tick to go ahead.")]
        public bool Confirm { get; set; }
    }

    /// <summary>Throws <see cref="McpException"/> when the person declines; returns quietly when they confirm or the client cannot ask.</summary>
    public static async Task RequireAsync(McpServer? server, string question, CancellationToken ct)
    {
        if (server?.ClientCapabilities?.Elicitation is null)
        {
            return;
        }

        ElicitResult<Answer> answer;
        try
        {
            answer = await server.ElicitAsync<Answer>(question, cancellationToken: ct);
        }
        catch (InvalidOperationException)
        {
            return; // this transport cannot send requests to the client (stateless HTTP)
        }

        if (!answer.IsAccepted || answer.Content?.Confirm != true)
        {
            throw new McpException($"The person declined: {question} Nothing was changed.");
        }
    }
}
