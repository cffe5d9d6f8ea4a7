using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class NiftiHostileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Refusal(RawNifti raw, byte[]? voxels = null, string name = "bad.nii")
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, raw.Bytes(voxels ?? new byte[24 * 4]));
        return Should.Throw<NiftiFormatException>(() => NiftiFile.Read(path)).Message;
    }

    [Fact]
    public void Refuses_a_file_that_is_not_nifti_naming_it()
    {
        var path = _temp.Write("notes.nii", "just some text, certainly not a volume, though it is long enough to be read");

        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(path)).Message.ShouldContain("'notes.nii'");
        File.WriteAllBytes(path, new byte[400]);
        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(path)).Message.ShouldContain("sizeof_hdr");
    }

    [Fact]
    public void Refuses_a_header_cut_short() =>
        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(_temp.Write("short.nii", "n+1 but tiny"))).Message.ShouldContain("shorter than a NIfTI-1 header");

    [Fact]
    public void Refuses_voxels_cut_short_saying_how_many_bytes_were_expected() =>
        Refusal(new RawNifti(), new byte[10]).ShouldContain("needs 96 bytes");

    [Fact]
    public void Refuses_a_negative_dimension() =>
        Refusal(new RawNifti { Dim = [3, 2, -3, 4, 1, 1, 1, 1] }).ShouldContain("dim[2] = -3");

    [Fact]
    public void Refuses_an_impossible_rank() =>
        Refusal(new RawNifti { Dim = [9, 2, 3, 4, 1, 1, 1, 1] }).ShouldContain("9 dimensions");

    [Fact]
    public void Refuses_an_unknown_datatype_listing_those_read() =>
        Refusal(new RawNifti { DataType = 32, BitPix = 64 }).ShouldContain("uint8, int8, int16");

    [Fact]
    public void Refuses_a_vox_offset_inside_the_header() =>
        Refusal(new RawNifti { VoxOffset = 100 }, name: "off.nii").ShouldContain("vox_offset");

    [Fact]
    public void Refuses_a_four_dimensional_series() =>
        Refusal(new RawNifti { Dim = [4, 2, 3, 2, 2, 1, 1, 1] }).ShouldContain("holds 2 volumes");

    [Fact]
    public void Refuses_an_analyze_header_without_magic() =>
        Refusal(new RawNifti { Magic = "\0\0\0" }).ShouldContain("no NIfTI-1 magic");

    [Fact]
    public void Refuses_a_two_file_pair_header() =>
        Refusal(new RawNifti { Magic = "ni1" }).ShouldContain(".hdr/.img");

    [Fact]
    public void Refuses_a_volume_larger_than_the_limit_before_allocating_it()
    {
        var path = _temp.Combine("huge.nii");
        File.WriteAllBytes(path, new RawNifti { Dim = [3, 32767, 32767, 32767, 1, 1, 1, 1] }.Bytes(new byte[16]));

        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(path)).Message.ShouldContain("more than the");
    }

    [Fact]
    public void Refuses_a_corrupt_gzip_file_as_corrupt()
    {
        var raw = new RawNifti();
        var gz = RawNifti.Gzip(raw.Bytes(new byte[96]));
        gz[20] ^= 0xff;
        gz[30] ^= 0xff;
        var path = _temp.Combine("broken.nii.gz");
        File.WriteAllBytes(path, gz[..^12]);

        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(path)).Message.ShouldContain("'broken.nii.gz'");
    }

    [Fact]
    public void Refuses_a_missing_file() =>
        Should.Throw<NiftiFormatException>(() => NiftiFile.Read(_temp.Combine("absent.nii.gz"))).Message.ShouldContain("does not exist");
}
