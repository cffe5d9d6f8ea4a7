using VipAgent.Execution.Dirac;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class DiracSubmissionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submits_45_jobs_as_three_parametric_requests_and_runs_every_one()
    {
        await using var grid = await DiracGrid.StartAsync();
        var jobs = Enumerable.Range(0, 45).Select(i => grid.Job($"job-{i}", $"echo {i} > n.txt", "n.txt")).ToArray();

        var (handles, statuses) = await grid.RunAsync(jobs);

        grid.Server.CountRequests("POST", "/api/jobs/jdl").ShouldBe(3);
        grid.Server.Jobs.Count.ShouldBe(45);
        grid.Server.Jobs.Select(j => j.JobGroup).Distinct().Count().ShouldBe(3);
        statuses.ShouldAllBe(s => s.State == JobState.Completed && s.BackendState == "Done");
        handles.Select(h => h.BackendJobId).Distinct().Count().ShouldBe(45);
        var output = await grid.Backend.CollectOutputsAsync(handles[44], Token);
        File.ReadAllText(Path.Combine(handles[44].WorkingDirectory, "n.txt")).Trim().ShouldBe("44");
        output.Files.Single().RelativePath.ShouldBe("n.txt");
        grid.Refusals.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bulk_mode_sends_at_most_20_plain_JDLs_per_request()
    {
        await using var grid = await DiracGrid.StartAsync(configure: o => o with { Parametric = false });

        var (_, statuses) = await grid.RunAsync([.. Enumerable.Range(0, 45).Select(i => grid.Job($"b{i}", "true"))]);

        grid.Server.CountRequests("POST", "/api/jobs/jdl").ShouldBe(3);
        grid.Server.Jobs.Select(j => j.JobName).ShouldBe(Enumerable.Range(0, 45).Select(i => $"b{i}"), ignoreOrder: true);
        statuses.ShouldAllBe(s => s.State == JobState.Completed);
        grid.Refusals.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_hostile_job_id_and_argument_stay_literal_from_JDL_to_the_worker()
    {
        await using var grid = await DiracGrid.StartAsync(configure: o => o with { Parametric = false });
        var id = "quote\" semi; newline\n $(touch pwned)";
        var job = new JobSpec(id, grid.Temp.Combine("jobs", "hostile"), JobCommand.FromArgv("/bin/sh", "-c", "printf %s \"$1\" > arg.txt", "sh", Hostile.Value))
        {
            ExpectedOutputs = ["arg.txt"],
        };

        var (handles, statuses) = await grid.RunAsync(job);
        await grid.Backend.CollectOutputsAsync(handles[0], Token);

        statuses[0].State.ShouldBe(JobState.Completed);
        grid.Server.Jobs.Single().JobName.ShouldBe(id);
        File.ReadAllText(Path.Combine(handles[0].WorkingDirectory, "arg.txt")).ShouldBe(Hostile.Value);
        Hostile.Traces(grid.Temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Identical_inputs_are_uploaded_once_and_reused_by_later_submissions()
    {
        await using var grid = await DiracGrid.StartAsync();
        JobSpec Same(string id)
        {
            var spec = grid.Job(id, "cat input.txt");
            Directory.CreateDirectory(spec.WorkingDirectory);
            File.WriteAllText(Path.Combine(spec.WorkingDirectory, "input.txt"), "same bytes");
            return spec;
        }

        await grid.Backend.SubmitAsync([Same("a"), Same("b"), Same("c")], Token);
        await grid.Backend.SubmitAsync([Same("d")], Token);

        grid.Server.SandboxUploads.ShouldBe(1);
        grid.Server.CountRequests("POST", "/api/jobs/sandbox").ShouldBe(2);
        grid.Server.Jobs.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_job_that_exits_non_zero_fails_with_DIRACs_minor_status_and_returns_its_logs()
    {
        await using var grid = await DiracGrid.StartAsync();

        var (handles, statuses) = await grid.RunAsync(grid.Job("bad", "echo broken >&2; exit 3"));
        var output = await grid.Backend.CollectOutputsAsync(handles[0], Token);

        statuses[0].State.ShouldBe(JobState.Failed);
        statuses[0].BackendState.ShouldBe("Failed");
        statuses[0].Reason!.ShouldStartWith("Application Finished With Errors");
        File.ReadAllText(output.StandardErrorPath).Trim().ShouldBe("broken");
        JobFiles.ReadExitCode(handles[0].WorkingDirectory).ShouldBe(3);
    }

    [Fact]
    public async Task Collects_outputs_of_a_finished_job_into_the_content_store()
    {
        await using var grid = await DiracGrid.StartAsync();

        var (handles, _) = await grid.RunAsync(grid.Job("out", "mkdir -p res && echo hello > res/a.txt && echo log", "res", "missing.txt"));
        var output = await grid.Backend.CollectOutputsAsync(handles[0], Token);

        output.Files.Single().RelativePath.ShouldBe(Path.Combine("res", "a.txt"));
        output.Files.Single().Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("hello\n"u8.ToArray())));
        output.Missing.ShouldBe(["missing.txt"]);
        File.ReadAllText(output.StandardOutputPath).ShouldBe("log\n");
    }

    [Fact]
    public async Task Cancel_kills_running_jobs_and_leaves_finished_ones_alone()
    {
        await using var grid = await DiracGrid.StartAsync();
        var (done, _) = await grid.RunAsync(grid.Job("quick", "true"));
        var slow = await grid.Backend.SubmitAsync([grid.Job("slow", "sleep 30")], Token);
        await Execution.Tests.Jobs.WaitAsync(grid.Backend, slow, TimeSpan.FromSeconds(30), untilRunning: true);

        await grid.Backend.CancelAsync([.. done, .. slow], Token);
        var statuses = await grid.Backend.PollAsync([.. done, .. slow], Token);

        statuses[0].State.ShouldBe(JobState.Completed);
        statuses[1].State.ShouldBe(JobState.Cancelled);
        statuses[1].BackendState.ShouldBe("Killed");
        statuses[1].Reason.ShouldStartWith("Marked for termination");
    }

    [Fact]
    public async Task Reschedule_sends_a_failed_job_back_to_the_queue_under_the_same_id()
    {
        await using var grid = await DiracGrid.StartAsync();
        var (handles, _) = await grid.RunAsync(grid.Job("again", "exit 1"));

        var result = await grid.Backend.RescheduleAsync(handles, Token);

        result.Succeeded.ShouldBe([long.Parse(handles[0].BackendJobId, System.Globalization.CultureInfo.InvariantCulture)]);
        grid.Server.Jobs.Single().RescheduleCounter.ShouldBe(1);
        (await grid.Backend.PollAsync(handles, Token))[0].State.ShouldNotBe(JobState.Failed);
    }

    [Fact]
    public async Task A_job_DiracX_no_longer_knows_is_reported_stalled()
    {
        await using var grid = await DiracGrid.StartAsync();

        var status = (await grid.Backend.PollAsync([new SubmittedJob("ghost", "999999", grid.Temp.Path, [])], Token)).Single();

        status.State.ShouldBe(JobState.Stalled);
        status.Reason!.ShouldContain("999999");
    }
}
