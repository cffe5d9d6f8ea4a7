using System.Net;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class DiracFaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_503_answers_on_search_is_retried_not_reported()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        var handles = await grid.Backend.SubmitAsync([grid.Job("r", "true")], Token);
        grid.Server.Faults.FailNext(3, HttpStatusCode.ServiceUnavailable, "/api/jobs/search");

        var status = (await grid.Backend.PollAsync(handles, Token)).Single();

        status.State.ShouldBe(JobState.Queued);
        grid.Server.Requests.Where(r => r.Path == "/api/jobs/search").Select(r => r.Status).ShouldBe([503, 503, 503, 200]);
    }

    [Fact]
    public async Task Too_many_failures_surface_as_an_error_naming_the_call()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        grid.Server.Faults.FailNext(10, HttpStatusCode.BadGateway, "/api/jobs/search");

        var error = await Should.ThrowAsync<Execution.Dirac.DiracApiException>(
            () => grid.Backend.PollAsync([new SubmittedJob("x", "5", grid.Temp.Path, [])], Token));

        error.Message.ShouldContain("Searching jobs");
        error.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task A_submission_whose_answer_was_lost_is_adopted_not_submitted_twice()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        grid.Server.Faults.FailNext(1, HttpStatusCode.GatewayTimeout, "/api/jobs/jdl", afterProcessing: true);

        var handles = await grid.Backend.SubmitAsync([.. Enumerable.Range(0, 5).Select(i => grid.Job($"lost{i}", "true"))], Token);

        grid.Server.Jobs.Count.ShouldBe(5);
        handles.Select(h => h.BackendJobId).ShouldBe(grid.Server.Jobs.Select(j => j.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        grid.Server.CountRequests("POST", "/api/jobs/jdl").ShouldBe(1);
    }

    [Fact]
    public async Task A_submission_refused_by_a_503_before_processing_is_sent_again()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        grid.Server.Faults.FailNext(2, HttpStatusCode.ServiceUnavailable, "/api/jobs/jdl");

        var handles = await grid.Backend.SubmitAsync([.. Enumerable.Range(0, 3).Select(i => grid.Job($"again{i}", "true"))], Token);

        handles.Count.ShouldBe(3);
        grid.Server.Jobs.Count.ShouldBe(3);
        grid.Server.CountRequests("POST", "/api/jobs/jdl").ShouldBe(3);
    }

    [Fact]
    public async Task Stalled_jobs_are_reported_stalled_with_the_watchdogs_words()
    {
        await using var grid = await DiracGrid.StartAsync();
        grid.Server.Faults.StallRunningJobs = true;
        var handles = await grid.Backend.SubmitAsync([grid.Job("stall", "sleep 5")], Token);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JobStatus status;
        do
        {
            status = (await grid.Backend.PollAsync(handles, Token)).Single();
            await Task.Delay(20, Token);
        }
        while (status.State != JobState.Stalled && DateTime.UtcNow < deadline);

        status.State.ShouldBe(JobState.Stalled);
        status.BackendState.ShouldBe("Stalled");
        status.Reason!.ShouldStartWith("Watchdog identified this job as stalled");
    }

    [Fact]
    public async Task A_site_that_fails_every_job_is_named_in_the_status()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { Sites = ["EGI.BAD.fr"] });
        grid.Server.Faults.FailingSite = "EGI.BAD.fr";

        var (_, statuses) = await grid.RunAsync(grid.Job("site", "true"));

        statuses[0].State.ShouldBe(JobState.Failed);
        statuses[0].Reason!.ShouldEndWith("at EGI.BAD.fr");
    }

    [Fact]
    public async Task Banned_sites_from_the_settings_reach_the_JDL()
    {
        await using var grid = await DiracGrid.StartAsync(
            new DiracXServerOptions { Sites = ["EGI.BAD.fr", "EGI.GOOD.fr"] }, o => o with { BannedSites = ["EGI.BAD.fr"] });
        grid.Server.Faults.FailingSite = "EGI.BAD.fr";

        var (_, statuses) = await grid.RunAsync(grid.Job("s1", "true"), grid.Job("s2", "true"), grid.Job("s3", "true"));

        statuses.ShouldAllBe(s => s.State == JobState.Completed && s.Reason!.EndsWith("at EGI.GOOD.fr"));
    }
}
