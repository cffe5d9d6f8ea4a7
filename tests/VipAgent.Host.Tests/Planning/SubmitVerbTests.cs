using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Planning;

/// <summary>`vip approve` and `vip submit`: an approved plan waits; a submitted one runs to its end on the local backend.</summary>
public sealed class SubmitVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PlanningWorkspace _workspace = null!;

    public async ValueTask InitializeAsync() => _workspace = await PlanningWorkspace.CreateAsync(postgres, nameof(SubmitVerbTests));

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    [Fact]
    public async Task Approve_then_submit_runs_the_plan_to_completion_with_its_output_and_the_audit_verifies()
    {
        var id = (await _workspace.PlanAsync()).GetProperty("planId").GetString()!;

        var approve = await _workspace.VipAsync("approve", id);
        var approved = await _workspace.StatusAsync(id);
        var submit = await _workspace.VipAsync("submit", id, "--wait", "--poll-interval", "100");
        var status = await _workspace.StatusAsync(id);
        var sorted = await _workspace.OutputAsync(id, "sorted.txt");
        var verify = await _workspace.VipAsync("audit", "verify", id);
        var replay = await _workspace.VipAsync("audit", "replay", id);

        approve.ExitCode.ShouldBe(0, approve.StandardError);
        approved.GetProperty("status").GetString().ShouldBe("approved");
        submit.ExitCode.ShouldBe(0, submit.StandardError);
        status.GetProperty("status").GetString().ShouldBe("completed");
        sorted.ShouldBe("apple\nfig\npear\n");
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
        replay.StandardOutput.ShouldContain("approved by");
        replay.StandardOutput.ShouldContain("submitted by");
    }

    [Fact]
    public async Task Submit_alone_approves_and_runs_and_submitting_again_changes_nothing()
    {
        var id = (await _workspace.PlanAsync()).GetProperty("planId").GetString()!;

        var submit = await _workspace.VipAsync("submit", id);
        var events = await _workspace.ExecutionEventsAsync(id);
        var again = await _workspace.VipAsync("submit", id, "--json");

        submit.ExitCode.ShouldBe(0, submit.StandardError);
        events["execution_approved"].ShouldBe(1);
        events["execution_submitted"].ShouldBe(1);
        events["execution_completed"].ShouldBe(1);
        again.ExitCode.ShouldBe(0, again.StandardError);
        JsonDocument.Parse(again.StandardOutput).RootElement.GetProperty("status").GetString().ShouldBe("completed");
        (await _workspace.ExecutionEventsAsync(id)).ShouldBe(events);
    }

    [Fact]
    public async Task An_approved_plan_never_runs_in_the_service_until_it_is_submitted()
    {
        var approvedOnly = (await _workspace.PlanAsync()).GetProperty("planId").GetString()!;
        var submitted = (await _workspace.PlanAsync()).GetProperty("planId").GetString()!;
        (await _workspace.VipAsync("approve", approvedOnly)).ExitCode.ShouldBe(0);
        await using var server = VipServer.Start(_workspace.DataDir, new Dictionary<string, string>
        {
            ["VIPAGENT_CONNECTION"] = _workspace.Connection,
            ["VipAgent__Scheduler__TickMilliseconds"] = "200",
        });
        await server.WaitUntilHealthyAsync();

        var submit = await _workspace.VipAsync("submit", submitted, "--wait", "--poll-interval", "100");
        var waiting = await _workspace.StatusAsync(approvedOnly);

        submit.ExitCode.ShouldBe(0, submit.StandardError + server.Output);
        submit.StandardError.ShouldContain("handed over to vip serve");
        (await _workspace.StatusAsync(submitted)).GetProperty("status").GetString().ShouldBe("completed");
        waiting.GetProperty("status").GetString().ShouldBe("approved");
        (await _workspace.ExecutionEventsAsync(approvedOnly)).Keys.Order().ShouldBe(["execution_approved", "execution_planned"]);
    }

    [Fact]
    public async Task Submitting_an_unknown_plan_id_exits_2_and_says_so()
    {
        var unknown = Guid.CreateVersion7().ToString();

        var submit = await _workspace.VipAsync("submit", unknown);
        var approve = await _workspace.VipAsync("approve", "not-a-plan");

        submit.ExitCode.ShouldBe(2);
        submit.StandardError.ShouldContain($"VIP7001: There is no plan {unknown}");
        approve.ExitCode.ShouldBe(2);
        approve.StandardError.ShouldContain("'not-a-plan' is not a plan id");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_plan_cannot_be_submitted()
    {
        var id = (await _workspace.PlanAsync()).GetProperty("planId").GetString()!;
        (await _workspace.VipAsync("cancel", id)).ExitCode.ShouldBe(0);

        var submit = await _workspace.VipAsync("submit", id);

        submit.ExitCode.ShouldBe(2);
        submit.StandardError.ShouldContain($"VIP7002: Plan {id} is cancelled");
        (await _workspace.ExecutionEventsAsync(id)).ShouldNotContainKey("execution_submitted");
    }
}
