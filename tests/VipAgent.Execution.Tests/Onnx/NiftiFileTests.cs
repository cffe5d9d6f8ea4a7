using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class NiftiFileTests : IDisposable
{
    private static readonly short[] Stored = [-3, 0, 1, 2, 100, -200, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Save(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static RawNifti Int16Header() => new() { DataType = 4, BitPix = 16 };

    [Fact]
    public void Reads_an_int16_volume_scaled_by_slope_and_intercept_with_its_shape_spacing_and_affine()
    {
        var raw = Int16Header();
        raw.Slope = 0.5f;
        raw.Intercept = -1;
        var path = Save("t1.nii", raw.Bytes(raw.Int16Voxels(Stored)));

        var volume = NiftiFile.Read(path);

        volume.Shape.ShouldBe((2, 3, 4));
        volume.Voxels.ShouldBe(Stored.Select(v => (v * 0.5f) - 1).ToArray());
        volume.Header.PixDim(2).ShouldBe(2f);
        volume.Header.Affine.ShouldBe(new double[,] { { 1.5, 0, 0, -10 }, { 0, 2, 0, 20 }, { 0, 0, 2.5, -30 } });
    }

    [Fact]
    public void Reads_the_same_values_from_a_gzipped_file_and_from_a_big_endian_one()
    {
        var raw = Int16Header();
        var gz = Save("t1.nii.gz", RawNifti.Gzip(raw.Bytes(raw.Int16Voxels(Stored))));
        var bigEndian = Int16Header();
        bigEndian.BigEndian = true;
        var be = Save("be.nii", bigEndian.Bytes(bigEndian.Int16Voxels(Stored)));

        NiftiFile.Read(gz).Voxels.ShouldBe(Stored.Select(v => (float)v).ToArray());
        var fromBigEndian = NiftiFile.Read(be);
        fromBigEndian.Voxels.ShouldBe(Stored.Select(v => (float)v).ToArray());
        fromBigEndian.Header.Affine[1, 3].ShouldBe(20);
    }

    [Fact]
    public void Treats_a_zero_slope_as_no_scaling()
    {
        var raw = Int16Header();
        raw.Slope = 0;
        raw.Intercept = 5;
        var path = Save("t1.nii", raw.Bytes(raw.Int16Voxels(Stored)));

        NiftiFile.Read(path).Voxels.ShouldBe(Stored.Select(v => (float)v).ToArray());
    }

    [Fact]
    public void Skips_header_extensions_up_to_vox_offset()
    {
        var raw = Int16Header();
        raw.VoxOffset = 400;
        var path = Save("ext.nii", raw.Bytes(raw.Int16Voxels(Stored)));

        NiftiFile.Read(path).Voxels[4].ShouldBe(100f);
    }

    [Theory]
    [InlineData(NiftiDataType.UInt8, "mask.nii")]
    [InlineData(NiftiDataType.Int8, "s8.nii.gz")]
    [InlineData(NiftiDataType.Int16, "ct.nii.gz")]
    [InlineData(NiftiDataType.UInt16, "u16.nii")]
    [InlineData(NiftiDataType.Int32, "labels.nii")]
    [InlineData(NiftiDataType.Float32, "prob.nii.gz")]
    [InlineData(NiftiDataType.Float64, "f64.nii")]
    public void Round_trips_every_voxel_type_plain_and_gzipped_keeping_the_affine(NiftiDataType type, string name)
    {
        var raw = Int16Header();
        var input = NiftiFile.Read(Save("in.nii", raw.Bytes(raw.Int16Voxels(Stored))));
        var values = Enumerable.Range(0, 24).Select(i => (float)(i * 5)).ToArray();

        NiftiFile.Write(_temp.Combine(name), input.Header, values, type);
        var back = NiftiFile.Read(_temp.Combine(name));

        back.Voxels.ShouldBe(type == NiftiDataType.Int8 ? values.Select(v => Math.Min(v, 127f)).ToArray() : values);
        back.Header.DataType.ShouldBe(type);
        back.Header.Affine.ShouldBe(input.Header.Affine);
        back.Header.SFormCode.ShouldBe(1);
        back.Header.PixDim(3).ShouldBe(2.5f);
    }

    [Fact]
    public void Writes_gzip_only_for_a_gz_name()
    {
        var header = NiftiHeader.Create(2, 2, 2);
        NiftiFile.Write(_temp.Combine("a.nii.gz"), header, new float[8], NiftiDataType.UInt8);
        NiftiFile.Write(_temp.Combine("a.nii"), header, new float[8], NiftiDataType.UInt8);

        File.ReadAllBytes(_temp.Combine("a.nii.gz"))[..2].ShouldBe(new byte[] { 0x1f, 0x8b });
        File.ReadAllBytes(_temp.Combine("a.nii")).Length.ShouldBe(352 + 8);
    }

    [Fact]
    public void Stores_values_through_a_slope_and_intercept_rounding_to_the_integer_type()
    {
        var header = NiftiHeader.Create(2, 1, 1);
        NiftiFile.Write(_temp.Combine("hu.nii"), header, [-1000f, 1000.4f], NiftiDataType.Int16, slope: 2, intercept: -1000);

        var back = NiftiFile.Read(_temp.Combine("hu.nii"));

        back.Header.Slope.ShouldBe(2f);
        back.Voxels.ShouldBe([-1000f, 1000f]);
        File.ReadAllBytes(_temp.Combine("hu.nii"))[352..].ShouldBe(new byte[] { 0, 0, 0xE8, 0x03 }); // 0 and 1000 stored
    }

    [Fact]
    public void Reads_a_qform_only_header_as_its_rotation_and_offset()
    {
        var raw = Int16Header();
        raw.SFormCode = 0;
        var bytes = raw.Bytes(raw.Int16Voxels(Stored));
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(252), 1);
        // 180° about z: quaternion (b, c, d) = (0, 0, 1); offsets 5, 6, 7; qfac -1 flips z
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(264), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(268), 5);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(272), 6);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(276), 7);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(76), -1);

        var affine = NiftiFile.Read(Save("q.nii", bytes)).Header.Affine;

        affine.ShouldBe(new double[,] { { -1.5, 0, 0, 5 }, { 0, -2, 0, 6 }, { 0, 0, -2.5, 7 } });
    }
}
