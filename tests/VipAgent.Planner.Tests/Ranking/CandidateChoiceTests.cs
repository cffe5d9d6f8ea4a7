using VipAgent.Planner.Binding;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Plans;
using VipAgent.Planner.Ranking;

namespace VipAgent.Planner.Tests.Ranking;

public sealed class CandidateChoiceTests
{
    private const string Merger = """
    {
      "name": "SimCombiner", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Merges partial results produced by parallel simulation jobs.",
      "command-line": "combine [ARCHIVE] [PARTS]",
      "inputs": [
        {"id": "archive", "name": "Input archive", "type": "File", "value-key": "[ARCHIVE]", "description": "The zip archive the jobs ran on"},
        {"id": "parts", "name": "Partial results", "type": "File", "value-key": "[PARTS]", "description": "Folder holding the partial results"}
      ]
    }
    """;

    private const string FromTarball = """
    {
      "name": "SubfieldsFromRecon", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Hippocampal subfield segmentation from earlier cortical reconstruction results.",
      "command-line": "subfields-recon [IN]",
      "inputs": [{"id": "in_tarball", "name": "Input tarball", "type": "File", "value-key": "[IN]", "description": "Tarball holding the reconstruction results"}]
    }
    """;

    private const string FromVolume = """
    {
      "name": "SubfieldsFromT1", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Hippocampal subfield segmentation of a T1-weighted volume.",
      "command-line": "subfields-t1 [IN]",
      "inputs": [{"id": "t1", "name": "T1 image", "type": "File", "value-key": "[IN]", "description": "A NIfTI file"}]
    }
    """;

    private const string VesselSegmenter = """
    {
      "name": "VesselSeg", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Brain vessel segmentation on angiography images.",
      "command-line": "vessels [IN]",
      "inputs": [{"id": "dicom_zip", "name": "DICOM input (ZIP)", "type": "File", "value-key": "[IN]", "description": "Zip archive of images in DICOM format"}]
    }
    """;

    private const string MaskMaker = """
    {
      "name": "MaskMaker", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Makes a binary mask of the voxels whose intensity passes a threshold.",
      "command-line": "maskmaker [IN] [OUT] [LEVEL]",
      "inputs": [
        {"id": "image", "name": "Input image", "type": "File", "value-key": "[IN]", "description": "The image to threshold (NIfTI)"},
        {"id": "output_name", "name": "Mask file name", "type": "String", "value-key": "[OUT]"},
        {"id": "level", "name": "Absolute threshold", "type": "Number", "optional": true, "value-key": "[LEVEL]"}
      ]
    }
    """;

    private static readonly OfflinePlanner Planner = OfflinePlanner.FromDescriptors(
        [Descriptors.MonteCarlo, Descriptors.SkullStrip, Descriptors.OnnxSegmenter, Merger, FromTarball, FromVolume]);

    [Fact]
    public void Finds_the_application_a_goal_describes_in_other_words()
    {
        var plan = Planner.Plan(new PlanRequest("The simulation jobs are finished: combine the partial outputs in run7_parts with the input archive phantom.zip", ["phantom.zip", "run7_parts"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Application!.Name.ShouldBe("SimCombiner");
        plan.Parameters["parts"]!.ToString().ShouldBe("run7_parts");
    }

    [Fact]
    public void Prefers_the_application_whose_file_input_takes_the_given_format()
    {
        var volume = Planner.Plan(new PlanRequest("Hippocampal subfield segmentation of sub-03_T1w.nii.gz", ["sub-03_T1w.nii.gz"]));
        var tarball = Planner.Plan(new PlanRequest("Hippocampal subfield segmentation of recon_sub-03.tar.gz", ["recon_sub-03.tar.gz"]));

        volume.Application!.Name.ShouldBe("SubfieldsFromT1");
        tarball.Application!.Name.ShouldBe("SubfieldsFromRecon");
    }

    [Fact]
    public void Refuses_a_goal_whose_domain_no_application_covers_even_when_a_file_would_bind()
    {
        var plan = Planner.Plan(new PlanRequest("Segment the retinal vessels in the fundus photograph volumes of fundus_07.nii.gz", ["fundus_07.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Refuse);
        plan.Reason.ShouldBe(Plan.NoApplication);
        plan.Reasons[0].ShouldContain("fundus");
    }

    [Fact]
    public void Counts_pictures_as_a_misfit_for_an_input_that_asks_for_dicom()
    {
        var vessels = CatalogApplication.Read(VesselSegmenter);
        double Fit(string goal) => BindingFit.Score(vessels, ParameterBinder.Bind(vessels, goal, ["photos.zip"]), goal, ["photos.zip"]);

        Fit("Vessel segmentation of photos.zip (2000 JPEG pictures)").ShouldBeLessThan(0);
        Fit("Vessel segmentation of photos.zip (a DICOM series)").ShouldBe(1);
    }

    [Fact]
    public void Asks_for_what_is_missing_rather_than_refusing_when_the_application_is_plainly_about_the_goal()
    {
        var planner = OfflinePlanner.FromDescriptors([MaskMaker, Descriptors.MonteCarlo, Descriptors.SkullStrip]);

        var plan = planner.Plan(new PlanRequest("threshold the volume at 8", ["notes.txt"]));

        plan.Outcome.ShouldBe(PlanOutcome.Clarify);
        plan.Missing.ShouldContain("output_name");
    }

    [Fact]
    public void Still_plans_a_goal_that_names_the_application()
    {
        var plan = Planner.Plan(new PlanRequest("SkullStripper on scan_02.nii.gz", ["scan_02.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Application!.Name.ShouldBe("SkullStripper");
    }
}
