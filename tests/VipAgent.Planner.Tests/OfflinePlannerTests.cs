using VipAgent.Planner.Plans;

namespace VipAgent.Planner.Tests;

public sealed class OfflinePlannerTests
{
    private static readonly OfflinePlanner Planner =
        OfflinePlanner.FromDescriptors([Descriptors.MonteCarlo, Descriptors.SkullStrip, Descriptors.OnnxSegmenter]);

    [Fact]
    public void Splits_a_simulation_over_the_requested_jobs_and_sends_it_to_the_grid()
    {
        var plan = Planner.Plan(new PlanRequest("Run my MonteCarloSim simulation (phantom.zip, main macro dose.mac) split over 100 jobs", ["phantom.zip"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Application!.Name.ShouldBe("MonteCarloSim");
        plan.Application.DescriptorSha256.Length.ShouldBe(64);
        plan.Parameters["archive"]!.ToString().ShouldBe("phantom.zip");
        plan.Parameters["macro"]!.ToString().ShouldBe("dose.mac");
        plan.Parameters["jobs"]!.GetValue<long>().ShouldBe(100);
        plan.JobCount.ShouldBe(100);
        plan.Jobs[7].CommandLine.ShouldBe("mcsim phantom.zip dose.mac 7 100");
        plan.Backend.ShouldBe("dirac");
        plan.Reasons.ShouldContain("backend dirac: 100 jobs ≥ 10, rule 4");
    }

    [Fact]
    public void Falls_back_to_local_when_the_site_has_no_grid_and_no_cluster()
    {
        var plan = Planner.Plan(new PlanRequest("MonteCarloSim on phantom.zip, macro dose.mac, 100 jobs", ["phantom.zip"], Backends: ["local"]));

        plan.Backend.ShouldBe("local");
        plan.Reasons.ShouldContain(r => r.Contains("rule 4 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Asks_for_the_macro_when_the_goal_never_names_it()
    {
        var plan = Planner.Plan(new PlanRequest("Run my MonteCarloSim simulation phantom.zip split over 100 jobs", ["phantom.zip"]));

        plan.Outcome.ShouldBe(PlanOutcome.Clarify);
        plan.Missing.ShouldBe(["macro"]);
        plan.Reason!.ShouldContain("macro");
        plan.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public void Runs_one_job_per_file_and_binds_a_flagged_number_within_bounds()
    {
        var plan = Planner.Plan(new PlanRequest("Skull-strip sub-01_T1w.nii.gz and sub-02_T1w.nii.gz with SkullStripper, f = 0.3", ["sub-01_T1w.nii.gz", "sub-02_T1w.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.JobCount.ShouldBe(2);
        plan.Parameters["fraction"]!.GetValue<double>().ShouldBe(0.3);
        plan.Backend.ShouldBe("slurm"); // ram 32 GB > 16, rule 5
        plan.Estimate!.CpuHours.ShouldBe(2 * 600 / 3600.0, 1e-9);
    }

    [Fact]
    public void Leaves_out_a_number_outside_the_descriptor_bounds()
    {
        var plan = Planner.Plan(new PlanRequest("SkullStripper on sub-01_T1w.nii.gz with f = 7", ["sub-01_T1w.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Parameters.ContainsKey("fraction").ShouldBeFalse();
    }

    [Fact]
    public void Keeps_sensitive_data_off_the_grid_and_refuses_when_the_grid_is_asked_for()
    {
        var kept = Planner.Plan(new PlanRequest("MonteCarloSim on phantom.zip, macro dose.mac, 100 jobs", ["phantom.zip"], Sensitive: true));
        kept.Backend.ShouldBe("slurm");

        var refused = Planner.Plan(new PlanRequest("MonteCarloSim on the EGI grid: identifiable patient phantom.zip, macro dose.mac, 100 jobs", ["phantom.zip"]));
        refused.Outcome.ShouldBe(PlanOutcome.Refuse);
        refused.Reason.ShouldBe(Plan.Policy);
    }

    [Fact]
    public void Runs_an_onnx_application_in_process_even_for_sensitive_data()
    {
        var plan = Planner.Plan(new PlanRequest("Segment the lesions with LesionNet on patient03_flair.nii.gz", ["patient03_flair.nii.gz"], Sensitive: true));

        plan.Backend.ShouldBe("onnx");
    }

    [Fact]
    public void Refuses_to_train_a_model_when_no_application_trains_one()
    {
        var plan = Planner.Plan(new PlanRequest("Train a new LesionNet model from our labelled FLAIR volumes in masks.zip", ["masks.zip"]));

        plan.Outcome.ShouldBe(PlanOutcome.Refuse);
        plan.Reason.ShouldBe(Plan.NoApplication);
    }

    [Fact]
    public void Gives_the_same_plan_on_every_run()
    {
        var request = new PlanRequest("MonteCarloSim on phantom.zip, macro dose.mac, 10 jobs", ["phantom.zip"]);

        Planner.Plan(request).Jobs.Select(j => j.CommandLine).ShouldBe(Planner.Plan(request).Jobs.Select(j => j.CommandLine));
    }
}
