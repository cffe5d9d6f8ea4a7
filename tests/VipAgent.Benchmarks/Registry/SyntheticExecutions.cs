using VipAgent.Registry.Executions;

namespace VipAgent.Benchmarks.Registry;

/// <summary>Execution streams of 100 realistic events each: plan, approval, start, 32 jobs (submitted, running, succeeded), completion.</summary>
internal static class SyntheticExecutions
{
    public const int EventsPerStream = 100;

    public const string Descriptor = """
        {"name":"fsl_bet","tool-version":"6","description":"FSL brain extraction","command-line":"bet [IN] [OUT] [F]","schema-version":"0.5",
         "container-image":{"type":"docker","image":"mcin/fsl:6.0.5"},
         "inputs":[{"id":"infile","name":"Input","type":"File","value-key":"[IN]"},{"id":"fractional_intensity","name":"f","type":"Number","value-key":"[F]","command-line-flag":"-f","optional":true}],
         "output-files":[{"id":"out","name":"Output","path-template":"[OUT]","value-key":"[OUT]"}]}
        """;

    public static List<object> Stream(int index, string descriptorSha256, DateTimeOffset at)
    {
        var id = new Guid(index, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        var events = new List<object>(EventsPerStream)
        {
            new ExecutionPlanned(id, "fsl_bet", "6", descriptorSha256, "slurm", """{"goal":"extract the brain of every T1 in the cohort","jobs":32}""", "alice", at),
            new ExecutionApproved(id, "bob", at),
            new ExecutionStarted(id, [new FileHash($"/data/cohort/sub-{index:D5}/anat/T1w.nii.gz", 12_582_912, new string('b', 64))], at),
        };
        for (var job = 0; job < 32; job++)
        {
            var jobId = $"job-{job}";
            events.Add(new JobSubmitted(id, jobId, "slurm", $"{index * 100 + job}", $$"""{"infile":"/data/cohort/sub-{{index:D5}}/anat/T1w.nii.gz","maskfile":"brain_{{job}}","fractional_intensity":0.5}""",
                $"bet /data/cohort/sub-{index:D5}/anat/T1w.nii.gz brain_{job} -f 0.5", ["bet", $"/data/cohort/sub-{index:D5}/anat/T1w.nii.gz", $"brain_{job}", "-f", "0.5"], "mcin/fsl:6.0.5", at));
            events.Add(new JobStatusChanged(id, jobId, JobState.Submitted, JobState.Running, "R", at));
            events.Add(new JobStatusChanged(id, jobId, JobState.Running, JobState.Succeeded, "CD exit 0:0", at));
        }

        events.Add(new ExecutionCompleted(id, at));
        return events;
    }
}
