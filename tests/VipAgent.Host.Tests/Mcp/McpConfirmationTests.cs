using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>cancel_execution asks the person through elicitation when the client can, and a cancelled call changes nothing.</summary>
public sealed class McpConfirmationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-mcpconfirm-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(McpConfirmationTests));

    [Fact]
    public async Task A_person_who_declines_keeps_the_execution_running_and_one_who_confirms_cancels_it()
    {
        var answer = "decline";
        string? asked = null;
        await using var mcp = await StartAsync((request, _) =>
        {
            asked = request?.Message;
            return ValueTask.FromResult(answer == "accept"
                ? new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(true) } }
                : new ElicitResult { Action = "decline" });
        });
        var id = await RecordedExecutions.PlannedAsync(mcp.Get<ExecutionRecorder>(), "local-user");

        var declined = await mcp.CallErrorAsync("cancel_execution", new { executionId = id.ToString() });
        var afterDecline = await mcp.CallOkAsync("get_execution", new { executionId = id.ToString() });
        answer = "accept";
        var confirmed = await mcp.CallOkAsync("cancel_execution", new { executionId = id.ToString() });

        asked.ShouldNotBeNull().ShouldContain(id.ToString());
        declined.ShouldContain("declined");
        afterDecline.GetProperty("status").GetString().ShouldBe("approved");
        confirmed.GetProperty("execution").GetProperty("status").GetString().ShouldBe("cancelled");
    }

    [Fact]
    public async Task Cancelling_the_call_while_the_person_is_asked_reaches_the_server_and_records_nothing()
    {
        var asked = new TaskCompletionSource();
        var abandoned = new TaskCompletionSource();
        await using var mcp = await StartAsync(async (_, ct) =>
        {
            asked.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                abandoned.TrySetResult(); // the server withdrew its question: it saw the cancellation
            }

            return new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(true) } };
        });
        var id = await RecordedExecutions.PlannedAsync(mcp.Get<ExecutionRecorder>(), "local-user");
        using var cancel = new CancellationTokenSource();

        var call = mcp.CallAsync("cancel_execution", new { executionId = id.ToString() }, ct: cancel.Token);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(call);
        await abandoned.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        (await mcp.CallOkAsync("get_execution", new { executionId = id.ToString() })).GetProperty("status").GetString().ShouldBe("approved");
    }

    private async Task<McpHarness> StartAsync(Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>> elicit)
    {
        var mcp = await McpHarness.StartAsync(_connection, Path.Combine(_folder, Guid.NewGuid().ToString("n")), new McpClientOptions
        {
            Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } },
            Handlers = new McpClientHandlers { ElicitationHandler = elicit },
        });
        try
        {
            await mcp.ImportAsync(RecordedExecutions.CopyDescriptor);
        }
        catch (Exception) when (mcp is not null)
        {
            // already imported in this database by the other test
        }

        return mcp;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
