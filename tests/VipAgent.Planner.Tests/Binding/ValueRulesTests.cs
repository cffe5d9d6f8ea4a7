using VipAgent.Planner.Plans;

namespace VipAgent.Planner.Tests.Binding;

public sealed class ValueRulesTests
{
    private const string UltrasoundSim = """
    {
      "name": "EchoSim", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Simulates ultrasound images from a CT volume.",
      "command-line": "echosim [CT] [CONTRAST] [ENGINE]",
      "inputs": [
        {"id": "ct", "name": "CT volume", "type": "File", "value-key": "[CT]"},
        {"id": "contrast", "name": "Contrast agent", "type": "String", "value-key": "[CONTRAST]", "value-choices": ["contrast", "no-contrast"], "default-value": "contrast"},
        {"id": "engine", "name": "Simulation engine", "type": "String", "value-key": "[ENGINE]", "value-choices": ["python", "cpp"], "default-value": "python"}
      ]
    }
    """;

    private const string LesionFilter = """
    {
      "name": "LesionFilterSeg", "tool-version": "2.0", "schema-version": "0.5",
      "description": "Segments lesions in FLAIR volumes and drops the small ones.",
      "command-line": "lesions [FLAIR] [MIN]",
      "inputs": [
        {"id": "flair", "name": "FLAIR volume", "type": "File", "value-key": "[FLAIR]"},
        {"id": "min_lesion_size", "name": "Minimum lesion size", "type": "Number", "integer": true, "optional": true, "value-key": "[MIN]", "command-line-flag": "--min", "default-value": 3}
      ]
    }
    """;

    private static readonly OfflinePlanner Planner = OfflinePlanner.FromDescriptors([UltrasoundSim, LesionFilter, Descriptors.MonteCarlo]);

    [Fact]
    public void A_choice_written_as_separate_words_is_bound_over_the_shorter_choice_inside_it()
    {
        var plan = Planner.Plan(new PlanRequest("EchoSim on liver_ct.nii.gz, no contrast agent this time", ["liver_ct.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Parameters["contrast"]!.ToString().ShouldBe("no-contrast");
    }

    [Fact]
    public void C_plus_plus_in_the_goal_chooses_cpp()
    {
        var plan = Planner.Plan(new PlanRequest("EchoSim on liver_ct.nii.gz with the C++ engine", ["liver_ct.nii.gz"]));

        plan.Parameters["engine"]!.ToString().ShouldBe("cpp");
    }

    [Fact]
    public void A_count_next_to_the_application_name_is_not_read_as_one_of_its_inputs()
    {
        var files = Enumerable.Range(1, 3).Select(i => $"p{i}_flair.nii.gz").ToList();
        var plan = Planner.Plan(new PlanRequest($"LesionFilterSeg on all 3 FLAIR scans ({string.Join(", ", files)}). Drop lesions smaller than 10 voxels.", files));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Parameters["min_lesion_size"]!.GetValue<long>().ShouldBe(10);
        plan.JobCount.ShouldBe(3);
    }
}
