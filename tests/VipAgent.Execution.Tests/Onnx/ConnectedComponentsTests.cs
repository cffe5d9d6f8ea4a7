using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class ConnectedComponentsTests
{
    // one row of 10 voxels: label 1 at 0-2 and 5, label 2 at 7-8
    private static float[] Row() => [1, 1, 1, 0, 0, 1, 0, 2, 2, 0];

    [Fact]
    public void Keeps_only_the_largest_component_of_each_label()
    {
        var labels = Row();

        ConnectedComponents.Filter(labels, new VolumeGrid(1, 1, 10), largestOnly: true, minimumSize: 0);

        labels.ShouldBe([1, 1, 1, 0, 0, 0, 0, 2, 2, 0]);
    }

    [Fact]
    public void Removes_components_smaller_than_the_minimum()
    {
        var labels = Row();

        ConnectedComponents.Filter(labels, new VolumeGrid(1, 1, 10), largestOnly: false, minimumSize: 3);

        labels.ShouldBe([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    }

    [Fact]
    public void Connects_voxels_across_rows_and_slices_but_not_diagonally()
    {
        // 2×2×2: (0,0,0) and (1,1,1) touch only by a corner; (0,0,0) and (1,0,0) share a face
        float[] labels = [1, 0, 0, 0, 1, 0, 0, 1];

        ConnectedComponents.Filter(labels, new VolumeGrid(2, 2, 2), largestOnly: true, minimumSize: 0);

        labels.ShouldBe([1, 0, 0, 0, 1, 0, 0, 0]);
    }
}
