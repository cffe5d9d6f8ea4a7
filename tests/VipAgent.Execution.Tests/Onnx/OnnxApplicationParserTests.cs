using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxApplicationParserTests
{
    private static OnnxApplication Valid(string extra = "")
    {
        var parse = OnnxApplicationParser.Parse(OnnxJobs.DescriptorWith(extra));
        parse.Problems.ShouldBeEmpty();
        return parse.Value!;
    }

    private static IReadOnlyList<string> Problems(string extra)
    {
        var parse = OnnxApplicationParser.Parse(OnnxJobs.DescriptorWith(extra));
        parse.Value.ShouldBeNull();
        return parse.Problems;
    }

    [Fact]
    public void Defaults_feed_the_first_required_file_input_and_write_the_mask_then_the_masked_input()
    {
        var application = Valid();

        application.ModelPath.ShouldBe("models/net.onnx");
        application.Inputs.ShouldHaveSingleItem().ShouldSatisfyAllConditions(b => b.ModelInput.ShouldBeNull(), b => b.Channels.ShouldBe(["img"]));
        application.Outputs.ShouldBe([new OnnxOutputBinding("mask", OnnxOutputKind.Mask), new OnnxOutputBinding("brain", OnnxOutputKind.MaskedInput)]);
        application.PostProcess.ShouldBe(PostProcessing.Auto);
        application.Threshold.ShouldBe(new OnnxParameter(0.5));
        application.Normalisation.ShouldBe(IntensityNormalisation.None);
        application.Tile.ShouldBeNull();
        application.Spacing.ShouldBeNull();
    }

    [Fact]
    public void Reads_every_optional_field()
    {
        var application = Valid("""
            , "vipagent:inputs": {"input": ["img"]}, "vipagent:normalisation": "z-score", "vipagent:clip": [-1000, 400],
            "vipagent:tile": [64, 96, 96], "vipagent:overlap": 16, "vipagent:padding": "edge", "vipagent:pad-multiple": 16,
            "vipagent:output-tensor": "logits", "vipagent:postprocess": "argmax", "vipagent:threshold": 0.3,
            "vipagent:largest-component": true, "vipagent:min-component-size": 5, "vipagent:outputs": {"mask": "probabilities"}
            """);

        application.Inputs.ShouldHaveSingleItem().ShouldSatisfyAllConditions(b => b.ModelInput.ShouldBe("input"), b => b.Channels.ShouldBe(["img"]));
        application.Normalisation.ShouldBe(IntensityNormalisation.ZScore);
        application.Clip.ShouldBe((-1000, 400));
        application.Tile.ShouldBe((64, 96, 96));
        application.Overlap.ShouldBe((16, 16, 16));
        application.Padding.ShouldBe(PaddingMode.Edge);
        application.PadMultiple.ShouldBe(16);
        application.OutputTensor.ShouldBe("logits");
        application.PostProcess.ShouldBe(PostProcessing.Argmax);
        application.Threshold.Value.ShouldBe(0.3);
        application.LargestComponent.ShouldBeTrue();
        application.MinComponentSize.Value.ShouldBe(5);
        application.Outputs.ShouldBe([new OnnxOutputBinding("mask", OnnxOutputKind.Probabilities)]);
    }

    [Fact]
    public void A_parameter_may_name_a_number_input_whose_value_or_default_it_takes()
    {
        var descriptor = OnnxJobs.DescriptorWith(""", "vipagent:threshold": "cut" """).Replace(
            "\"value-key\": \"[IMG]\"}",
            "\"value-key\": \"[IMG]\"}, {\"id\": \"cut\", \"name\": \"Cut\", \"type\": \"Number\", \"default-value\": 0.7, \"optional\": true}",
            StringComparison.Ordinal);

        var threshold = OnnxApplicationParser.Parse(descriptor).Value!.Threshold;

        threshold.ShouldBe(new OnnxParameter(0.7, "cut"));
        threshold.Resolve(new Dictionary<string, double> { ["cut"] = 0.9 }).ShouldBe(0.9);
        threshold.Resolve(new Dictionary<string, double>()).ShouldBe(0.7);
    }

    [Theory]
    [InlineData("1", 1, 1, 1)]
    [InlineData("0.8", 0.8, 0.8, 0.8)]
    [InlineData("[2.5, 1, 0.75]", 2.5, 1, 0.75)]
    public void Reads_the_model_voxel_size_as_one_number_or_z_y_x(string spacing, double z, double y, double x) =>
        Valid($$""", "vipagent:spacing": {{spacing}}""").Spacing.ShouldBe((z, y, x));

    [Theory]
    [InlineData(""", "vipagent:modle": "x" """, "custom.vipagent:modle is not a field of ONNX applications")]
    [InlineData(""", "vipagent:tile": [0, 1, 2] """, "custom.vipagent:tile must be an integer of at least 1, or a list of three (z, y, x).")]
    [InlineData(""", "vipagent:tile": 8, "vipagent:overlap": 8 """, "custom.vipagent:overlap (8, 8, 8) must be smaller than the tile (8, 8, 8) along every axis.")]
    [InlineData(""", "vipagent:normalisation": "zscore" """, "custom.vipagent:normalisation must be one of \"none\", \"z-score\", \"min-max\".")]
    [InlineData(""", "vipagent:inputs": {"image": "nope"} """, "custom.vipagent:inputs.image names 'nope', which is not a File input of the descriptor.")]
    [InlineData(""", "vipagent:outputs": {"labels": "mask"} """, "custom.vipagent:outputs names 'labels', which is not an output-files id of the descriptor (mask, brain).")]
    [InlineData(""", "vipagent:outputs": {"mask": "segmentation"} """, "custom.vipagent:outputs.mask must be \"mask\", \"probabilities\" or \"masked-input\".")]
    [InlineData(""", "vipagent:threshold": "img" """, "custom.vipagent:threshold must be a number (at least")]
    [InlineData(""", "vipagent:clip": [5, 1] """, "custom.vipagent:clip must be [min, max] with min < max.")]
    [InlineData(""", "vipagent:largest-component": "yes" """, "custom.vipagent:largest-component must be true or false.")]
    [InlineData(""", "vipagent:spacing": 0 """, "custom.vipagent:spacing must be a voxel size in mm: a positive number, or [z, y, x] of positive numbers")]
    [InlineData(""", "vipagent:spacing": "1mm" """, "custom.vipagent:spacing must be a voxel size in mm")]
    [InlineData(""", "vipagent:spacing": [1, 1] """, "custom.vipagent:spacing must be a voxel size in mm")]
    [InlineData(""", "vipagent:spacing": [1, -2, 1] """, "custom.vipagent:spacing must be a voxel size in mm")]
    public void Refuses_a_bad_field_naming_it_and_what_it_takes(string extra, string problem) =>
        Problems(extra).ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal));

    [Theory]
    [InlineData("/etc/model.onnx")]
    [InlineData("../other/model.onnx")]
    [InlineData("models/../../x.onnx")]
    public void Refuses_a_model_path_outside_the_descriptor_folder(string path) =>
        OnnxApplicationParser.Parse(OnnxJobs.Descriptor.Replace("models/net.onnx", path, StringComparison.Ordinal).Replace(" EXTRA", "", StringComparison.Ordinal))
            .Problems.ShouldHaveSingleItem().ShouldContain("must be a relative path inside the descriptor's folder");

    [Fact]
    public void Refuses_a_descriptor_without_a_model_or_without_a_required_file_input()
    {
        var noModel = OnnxJobs.DescriptorWith().Replace("\"vipagent:model\": \"models/net.onnx\"", "\"vipagent:x\": 1", StringComparison.Ordinal);
        OnnxApplicationParser.Parse(noModel).Problems.ShouldContain(p => p.StartsWith("custom.vipagent:model is missing", StringComparison.Ordinal));

        var optionalOnly = OnnxJobs.DescriptorWith().Replace("\"value-key\": \"[IMG]\"}", "\"value-key\": \"[IMG]\", \"optional\": true}", StringComparison.Ordinal);
        OnnxApplicationParser.Parse(optionalOnly).Problems.ShouldContain(p => p.StartsWith("The descriptor has no required File input", StringComparison.Ordinal));
    }

    [Fact]
    public void Knows_a_descriptor_that_is_not_an_onnx_application() =>
        OnnxApplicationParser.IsOnnx(System.Text.Json.Nodes.JsonNode.Parse("""{"name": "bet", "custom": {"vipagent:runtime": "docker"}}""")).ShouldBeFalse();
}
