using Microsoft.Extensions.Time.Testing;
using VipAgent.Execution.Dirac;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

/// <summary>VIP's rule: a site that fails jobs is banned for 2^(failures−1) minutes, and resubmitted jobs avoid it.</summary>
public sealed class SiteBanTests
{
    [Fact]
    public void A_site_is_banned_one_minute_after_its_first_failure_then_two_after_its_second()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        var bans = new SiteBans(clock);

        bans.RecordFailure(1, "EGI.BAD.fr");
        bans.RecordFailure(1, "EGI.BAD.fr"); // the same job polled again counts once
        bans.Active().ShouldBe(["EGI.BAD.fr"]);
        clock.Advance(TimeSpan.FromSeconds(61));
        bans.Active().ShouldBeEmpty();

        bans.RecordFailure(2, "EGI.BAD.fr");
        clock.Advance(TimeSpan.FromSeconds(119));
        bans.Active().ShouldBe(["EGI.BAD.fr"]);
        clock.Advance(TimeSpan.FromSeconds(2));
        bans.Active().ShouldBeEmpty();
    }

    [Fact]
    public void A_restarted_service_keeps_the_bans_and_never_counts_a_failure_twice()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        using var temp = new TempFolder();
        var state = temp.Combine("dirac", "site-bans.json");
        var before = new SiteBans(clock, state);
        before.RecordFailure(1, "EGI.BAD.fr");
        before.RecordFailure(2, "EGI.BAD.fr");

        var after = new SiteBans(clock, state); // the service restarted
        after.RecordFailure(2, "EGI.BAD.fr"); // job 2 polled again after the restart: already counted

        after.Active().ShouldBe(["EGI.BAD.fr"]);
        clock.Advance(TimeSpan.FromSeconds(119)); // two failures: two minutes, not four
        after.Active().ShouldBe(["EGI.BAD.fr"]);
        clock.Advance(TimeSpan.FromSeconds(2));
        after.Active().ShouldBeEmpty();
    }

    [Fact]
    public void A_damaged_state_file_forgets_past_bans_and_keeps_working()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        using var temp = new TempFolder();
        var state = temp.Write("site-bans.json", "{ not json");

        var bans = new SiteBans(clock, state);
        bans.RecordFailure(7, "EGI.BAD.fr");

        bans.Active().ShouldBe(["EGI.BAD.fr"]);
        new SiteBans(clock, state).Active().ShouldBe(["EGI.BAD.fr"]);
    }

    [Fact]
    public async Task A_job_resubmitted_after_failing_at_a_site_is_sent_elsewhere()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { Sites = ["EGI.BAD.fr", "EGI.GOOD.fr"] });
        grid.Server.Faults.FailingSite = "EGI.BAD.fr";
        var (_, first) = await grid.RunAsync(grid.Job("first", "true"));

        // without the ban, the server's round robin over both sites would send one of these three to the bad one
        var (_, again) = await grid.RunAsync(grid.Job("first", "true"), grid.Job("second", "true"), grid.Job("third", "true"));

        first[0].State.ShouldBe(JobState.Failed);
        first[0].Reason!.ShouldEndWith("at EGI.BAD.fr");
        grid.Backend.Bans.Active().ShouldBe(["EGI.BAD.fr"]);
        again.ShouldAllBe(s => s.State == JobState.Completed && s.Reason!.EndsWith("at EGI.GOOD.fr"));
    }
}
