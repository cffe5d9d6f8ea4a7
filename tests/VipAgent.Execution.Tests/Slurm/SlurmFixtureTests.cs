using VipAgent.Execution.Slurm;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Slurm;

/// <summary>The output real Slurm 22.05 printed on this kind of machine (../shared/contracts/slurm-fixtures), read back.</summary>
public sealed class SlurmFixtureTests
{
    private static string Fixture(string name) => File.ReadAllText(SharedData.Require("contracts", "slurm-fixtures", name));

    [Fact]
    public void Reads_squeue_text_into_states_and_reasons()
    {
        var jobs = SlurmText.ParseSqueue(Fixture("squeue-format.txt"), "%i|%j|%T|%r|%M|%l|%S|%e").ToDictionary(j => j.JobId);

        jobs.Count.ShouldBe(9);
        jobs["1"].ShouldBe(new SlurmJobRecord("1", "COMPLETED", null, null));
        jobs["2"].ShouldBe(new SlurmJobRecord("2", "FAILED", "NonZeroExitCode", null));
        jobs["4"].ShouldBe(new SlurmJobRecord("4", "TIMEOUT", "TimeLimit", null));
        jobs["3"].State.ShouldBe("CANCELLED");
    }

    [Fact]
    public void Refuses_a_squeue_line_that_does_not_match_the_format() =>
        Should.Throw<FormatException>(() => SlurmText.ParseSqueue("slurm_load_jobs error", "%i|%T|%r"))
            .Message.ShouldContain("slurm_load_jobs error");

    [Fact]
    public void Reads_sacct_exit_codes_as_exit_colon_signal()
    {
        var jobs = SlurmText.ParseSacct(Fixture("sacct-completion-parsable2.txt")).ToDictionary(j => j.JobId);

        jobs["2"].ShouldBe(new SlurmJobRecord("2", "FAILED", null, 3));
        jobs["8"].ExitCode.ShouldBe(2);
        jobs["1"].ExitCode.ShouldBe(0);
        jobs["4"].State.ShouldBe("TIMEOUT");
    }

    [Fact]
    public void Reads_scontrol_show_job()
    {
        SlurmText.ParseScontrol(Fixture("scontrol-show-job-failed.txt"))
            .ShouldBe(new SlurmJobRecord("2", "FAILED", "NonZeroExitCode", 3));
    }

    [Theory]
    [InlineData("squeue-json-22.05.json")]
    [InlineData("rest-job-done.json")]
    [InlineData("rest-job-running.json")]
    public void Reads_the_22_05_json_job_list_with_its_raw_wait_status(string fixture)
    {
        var jobs = SlurmJson.ParseJobs(Fixture(fixture));

        jobs.ShouldNotBeEmpty();
        jobs.ShouldAllBe(j => j.State != "UNKNOWN" && j.ExitCode != null);
    }

    [Fact]
    public void Turns_the_22_05_raw_wait_status_into_the_exit_code()
    {
        var done = SlurmJson.ParseJobs(Fixture("rest-job-done.json")).Single();

        done.ShouldBe(new SlurmJobRecord("8", "FAILED", "NonZeroExitCode", 2));
    }

    [Fact]
    public void Reads_the_23_11_json_shape_with_state_arrays_and_number_objects()
    {
        const string json = """
            {"jobs":[{"job_id":{"set":true,"infinite":false,"number":41},"array_job_id":{"set":true,"number":40},
              "array_task_id":{"set":true,"number":1},"job_state":["OUT_OF_MEMORY"],"state_reason":"OutOfMemory",
              "exit_code":{"status":["SIGNALED"],"return_code":{"set":true,"number":0},"signal":{"id":{"set":true,"number":9},"name":"KILL"}}},
             {"job_id":42,"job_state":["COMPLETED"],"state_reason":"None",
              "exit_code":{"status":["SUCCESS"],"return_code":{"set":true,"number":0},"signal":{"id":{"set":false,"number":0},"name":""}}}]}
            """;

        SlurmJson.ParseJobs(json).ShouldBe(
        [
            new SlurmJobRecord("40_1", "OUT_OF_MEMORY", "OutOfMemory", 137),
            new SlurmJobRecord("42", "COMPLETED", null, 0),
        ]);
    }
}
