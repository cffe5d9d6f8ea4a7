using System.Text.Json.Nodes;
using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Onnx;

/// <summary>The three ONNX descriptors of ../shared/evals/catalog parse unchanged and their models run on a synthetic volume.</summary>
public sealed class CatalogModelTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public CatalogModelTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    private static (string Json, string Folder) Descriptor(string file)
    {
        var path = SharedData.Require("evals", "catalog", file);
        return (File.ReadAllText(path), Path.GetDirectoryName(path)!);
    }

    private async Task<(JobStatus Status, string Folder, float[] Sphere, NiftiHeader Header)> RunAsync(string file, string inputId, Dictionary<string, string> outputs)
    {
        var (json, folder) = Descriptor(file);
        var application = OnnxApplicationParser.Parse(json).Value!;
        var (voxels, sphere) = Volumes.SphereInNoise(32, 30, 28, 9, 0.2f, seed: 9);
        var header = Volumes.Header(32, 30, 28);
        var jobFolder = _temp.Combine("jobs", inputId);
        NiftiFile.Write(Path.Combine(jobFolder, "inputs/in.nii.gz"), header, voxels, NiftiDataType.Float32);
        var invocation = new JsonObject { [inputId] = "inputs/in.nii.gz" }.ToJsonString();
        var job = new JobSpec(inputId, jobFolder, JobCommand.FromArgv("onnx-infer"))
        {
            ExpectedOutputs = [.. outputs.Values],
            Onnx = OnnxJob.Create(json, invocation, outputs, Path.Combine(folder, application.ModelPath), null),
        };
        await using var backend = _jobs.Backend();
        return (await OnnxJobs.RunAsync(backend, job), jobFolder, sphere, header);
    }

    [Theory]
    [InlineData("BrainExtractionNet-1.0.json", "t1", "mask,brain")]
    [InlineData("CTOrganSeg-0.9.json", "ct", "labels")]
    [InlineData("WhiteMatterLesionSeg-2.1.json", "flair", "lesions")]
    public void Parses_each_catalog_descriptor_unchanged_with_its_model_beside_it(string file, string input, string outputs)
    {
        var (json, folder) = Descriptor(file);

        var parse = OnnxApplicationParser.Parse(json);

        parse.Problems.ShouldBeEmpty();
        parse.Value!.Inputs.ShouldHaveSingleItem().Channels.ShouldBe([input]);
        parse.Value.Outputs.Select(o => o.OutputId).ShouldBe(outputs.Split(','));
        File.Exists(Path.Combine(folder, parse.Value.ModelPath)).ShouldBeTrue();
    }

    [Fact]
    public async Task Brain_extraction_writes_a_mask_of_the_bright_sphere_and_the_masked_brain_with_the_input_affine()
    {
        var (status, folder, sphere, header) = await RunAsync("BrainExtractionNet-1.0.json", "t1", new() { ["mask"] = "t1_brainmask.nii.gz", ["brain"] = "t1_brain.nii.gz" });

        status.State.ShouldBe(JobState.Completed, status.Reason);
        var mask = NiftiFile.Read(Path.Combine(folder, "t1_brainmask.nii.gz"));
        mask.Header.Affine.ShouldBe(header.Affine);
        var agreement = mask.Voxels.Zip(sphere).Count(p => p.First == p.Second) / (double)sphere.Length;
        agreement.ShouldBeGreaterThan(0.99);
        NiftiFile.Read(Path.Combine(folder, "t1_brain.nii.gz")).Voxels.Count(v => v != 0).ShouldBe(mask.Voxels.Count(v => v != 0));
    }

    [Fact]
    public async Task Ct_organ_segmentation_writes_a_label_map_of_its_six_classes()
    {
        var (status, folder, _, header) = await RunAsync("CTOrganSeg-0.9.json", "ct", new() { ["labels"] = "ct_organs.nii.gz" });

        status.State.ShouldBe(JobState.Completed, status.Reason);
        var labels = NiftiFile.Read(Path.Combine(folder, "ct_organs.nii.gz"));
        labels.Header.DataType.ShouldBe(NiftiDataType.UInt8);
        labels.Header.Affine.ShouldBe(header.Affine);
        labels.Voxels.ShouldAllBe(v => v >= 0 && v <= 5 && v == MathF.Round(v));
    }

    [Fact]
    public async Task White_matter_lesion_segmentation_writes_a_binary_mask()
    {
        var (status, folder, sphere, _) = await RunAsync("WhiteMatterLesionSeg-2.1.json", "flair", new() { ["lesions"] = "flair_lesions.nii.gz" });

        status.State.ShouldBe(JobState.Completed, status.Reason);
        var mask = NiftiFile.Read(Path.Combine(folder, "flair_lesions.nii.gz")).Voxels;
        mask.ShouldAllBe(v => v == 0 || v == 1);
        (mask.Zip(sphere).Count(p => p.First == p.Second) / (double)sphere.Length).ShouldBeGreaterThan(0.99);
    }
}
