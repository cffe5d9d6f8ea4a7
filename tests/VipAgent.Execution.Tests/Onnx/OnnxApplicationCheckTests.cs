using System.Text.Json.Nodes;
using VipAgent.Execution.Onnx;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxApplicationCheckTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private IReadOnlyList<string> Check(byte[] model, string extra = "")
    {
        new OnnxJobs(_temp).SaveModel(model);
        return OnnxApplicationCheck.Check(JsonNode.Parse(OnnxJobs.DescriptorWith(extra))!, _temp.Combine("app"));
    }

    [Theory]
    [InlineData("BrainExtractionNet-1.0.json")]
    [InlineData("CTOrganSeg-0.9.json")]
    [InlineData("WhiteMatterLesionSeg-2.1.json")]
    public void Accepts_each_catalog_descriptor_with_its_model(string file)
    {
        var path = SharedData.Require("evals", "catalog", file);

        OnnxApplicationCheck.Check(JsonNode.Parse(File.ReadAllText(path))!, Path.GetDirectoryName(path)).ShouldBeEmpty();
    }

    [Fact]
    public void Refuses_a_model_whose_input_is_not_a_float_volume() =>
        Check(OnnxModels.Convolution(OnnxModels.Identity3(), 0, elementType: 7)).ShouldHaveSingleItem()
            .ShouldBe("The model's input 'image' must be a float tensor [1, C, D, H, W]; it is Int64 with 5 dimensions.");

    [Fact]
    public void Refuses_a_model_input_name_the_model_lacks() =>
        Check(OnnxModels.Convolution(OnnxModels.Identity3(), 0), """, "vipagent:inputs": {"t1": "img"}""").ShouldHaveSingleItem()
            .ShouldBe("custom.vipagent:inputs names the model input 't1'; the model's inputs are image.");

    [Fact]
    public void Refuses_a_file_that_is_not_a_model() =>
        Check("not a model"u8.ToArray()).ShouldHaveSingleItem().ShouldStartWith("custom.vipagent:model 'models/net.onnx' is not a model ONNX Runtime loads");

    [Fact]
    public void Passes_a_descriptor_that_is_not_an_onnx_application() =>
        OnnxApplicationCheck.Check(JsonNode.Parse("""{"name": "bet", "custom": {"vipagent:model": 3}}""")!, null).ShouldBeEmpty();
}
