using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class DiracPagingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_poll_of_45_jobs_reads_five_pages_of_ten_and_sees_every_job()
    {
        await using var grid = await DiracGrid.StartAsync(
            new DiracXServerOptions { TickInterval = null }, o => o with { PageSize = 10 });
        var handles = await grid.Backend.SubmitAsync([.. Enumerable.Range(0, 45).Select(i => grid.Job($"p{i}", "true"))], Token);
        grid.Server.Advance();

        var statuses = await grid.Backend.PollAsync(handles, Token);

        grid.Server.CountRequests("POST", "/api/jobs/search").ShouldBe(5);
        grid.Server.Requests.Where(r => r.Path == "/api/jobs/search").Select(r => r.Status).ShouldBe([206, 206, 206, 206, 206]);
        statuses.Select(s => s.JobId).ShouldBe(handles.Select(h => h.JobId));
        statuses.ShouldAllBe(s => s.State == JobState.Queued && s.BackendState == "Received");
    }

    [Fact]
    public async Task A_poll_that_fits_one_page_costs_one_search()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        var handles = await grid.Backend.SubmitAsync([.. Enumerable.Range(0, 30).Select(i => grid.Job($"q{i}", "true"))], Token);

        await grid.Backend.PollAsync(handles, Token);

        grid.Server.Requests.Where(r => r.Path == "/api/jobs/search").Select(r => r.Status).ShouldBe([200]);
    }
}
