using System.Buffers.Binary;
using System.Text;

namespace VipAgent.Execution.Imaging;

/// <summary>
/// A NIfTI-1 header (348 bytes), held little-endian whatever the file's order, so every field the input had
/// (orientation, units, intent, description) can be written back unchanged on an output.
/// </summary>
public sealed class NiftiHeader
{
    /// <summary>The size of a NIfTI-1 header.</summary>
    public const int Size = 348;

    // Offsets of the fields of the NIfTI-1 header (nifti1.h).
    private const int DimOffset = 40;
    private const int DataTypeOffset = 70;
    private const int BitPixOffset = 72;
    private const int PixDimOffset = 76;
    private const int VoxOffsetOffset = 108;
    private const int SlopeOffset = 112;
    private const int InterOffset = 116;
    private const int CalMaxOffset = 124;
    private const int CalMinOffset = 128;
    private const int QFormCodeOffset = 252;
    private const int SFormCodeOffset = 254;
    private const int QuaternOffset = 256;
    private const int SRowOffset = 280;
    private const int MagicOffset = 344;

    private readonly byte[] _bytes;

    private NiftiHeader(byte[] littleEndian) => _bytes = littleEndian;

    /// <summary>A plain header for a volume of this size and voxel spacing, with a scaling-only affine at the origin.</summary>
    public static NiftiHeader Create(int nx, int ny, int nz, float dx = 1, float dy = 1, float dz = 1)
    {
        var header = new NiftiHeader(new byte[Size]);
        BinaryPrimitives.WriteInt32LittleEndian(header._bytes, Size);
        header.SetDimensions(nx, ny, nz);
        header.SetFloat(PixDimOffset, 1);
        header.SetFloat(PixDimOffset + 4, dx);
        header.SetFloat(PixDimOffset + 8, dy);
        header.SetFloat(PixDimOffset + 12, dz);
        header.SetAffine(new[,] { { dx, 0, 0, 0 }, { 0, dy, 0, 0 }, { 0, 0, dz, 0 } });
        header.SetDataType(NiftiDataType.Float32);
        header.SetScaling(1, 0);
        "n+1\0"u8.CopyTo(header._bytes.AsSpan(MagicOffset));
        return header;
    }

    /// <summary>Reads a header from its 348 bytes in either byte order; throws <see cref="NiftiFormatException"/> naming the problem.</summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> raw, string source)
    {
        if (raw.Length < Size)
        {
            throw new NiftiFormatException($"'{source}' is {raw.Length} bytes, shorter than a NIfTI-1 header ({Size}): it is truncated or not NIfTI.");
        }

        var bytes = raw[..Size].ToArray();
        if (BinaryPrimitives.ReadInt32LittleEndian(bytes) != Size)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(bytes) != Size)
            {
                throw new NiftiFormatException(
                    $"'{source}' does not start with a NIfTI-1 header (sizeof_hdr is not 348 in either byte order); NIfTI-2 and other formats are not read: convert it to NIfTI-1 (.nii or .nii.gz).");
            }

            NiftiByteOrder.SwapToLittleEndian(bytes);
        }

        var header = new NiftiHeader(bytes);
        header.Check(source);
        return header;
    }

    /// <summary>Whether the file was a two-file pair (<c>ni1</c>, .hdr/.img) rather than one <c>n+1</c> file.</summary>
    public bool IsPair => _bytes[MagicOffset + 1] == (byte)'i';

    /// <summary>The number of dimensions (<c>dim[0]</c>).</summary>
    public int Rank => GetShort(DimOffset);

    /// <summary><c>dim[i]</c>, i from 1 to 7.</summary>
    public int Dim(int i) => GetShort(DimOffset + (2 * i));

    /// <summary>The voxel grid: x (fastest in the file), y, z.</summary>
    public (int X, int Y, int Z) Shape => (Dim(1), Math.Max(1, Rank >= 2 ? Dim(2) : 1), Math.Max(1, Rank >= 3 ? Dim(3) : 1));

    /// <summary>How many 3D volumes the file holds (the product of <c>dim[4..]</c>).</summary>
    public long Volumes
    {
        get
        {
            long count = 1;
            for (var i = 4; i <= Rank; i++)
            {
                count *= Math.Max(1, Dim(i));
            }

            return count;
        }
    }

    /// <summary><c>pixdim[i]</c>: voxel spacing for i from 1 to 3.</summary>
    public float PixDim(int i) => GetFloat(PixDimOffset + (4 * i));

    /// <summary>The voxel type code as written in the file.</summary>
    public NiftiDataType DataType => (NiftiDataType)GetShort(DataTypeOffset);

    /// <summary>Where the voxels start in the file.</summary>
    public long VoxOffset => (long)GetFloat(VoxOffsetOffset);

    /// <summary><c>scl_slope</c>; 0 means no scaling.</summary>
    public float Slope => GetFloat(SlopeOffset);

    /// <summary><c>scl_inter</c>.</summary>
    public float Intercept => GetFloat(InterOffset);

    /// <summary><c>qform_code</c>.</summary>
    public int QFormCode => GetShort(QFormCodeOffset);

    /// <summary><c>sform_code</c>.</summary>
    public int SFormCode => GetShort(SFormCodeOffset);

    /// <summary>
    /// The voxel-to-world affine (3 rows of 4) as a viewer takes it: the sform when its code is set,
    /// else the qform's rotation and offset, else the spacing alone.
    /// </summary>
    public double[,] Affine => SFormCode > 0 ? SForm() : QFormCode > 0 ? NiftiQuaternion.ToAffine(QuaternionFields(), PixDim(1), PixDim(2), PixDim(3), GetFloat(PixDimOffset)) : SpacingAffine();

    /// <summary>A copy of the 348 bytes, little-endian.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>A copy of this header for an output of another voxel type and scaling; the geometry stays.</summary>
    public NiftiHeader ForOutput(NiftiDataType type, float slope = 1, float intercept = 0)
    {
        var output = new NiftiHeader(ToBytes());
        var (x, y, z) = Shape;
        output.SetDimensions(x, y, z);
        output.SetDataType(type);
        output.SetScaling(slope, intercept);
        output.SetFloat(CalMaxOffset, 0);
        output.SetFloat(CalMinOffset, 0);
        "n+1\0"u8.CopyTo(output._bytes.AsSpan(MagicOffset));
        return output;
    }

    /// <summary>Sets the voxel type and <c>bitpix</c>.</summary>
    internal void SetDataType(NiftiDataType type)
    {
        SetShort(DataTypeOffset, (short)type);
        SetShort(BitPixOffset, (short)(8 * NiftiDataTypes.BytesPerVoxel(type)));
    }

    internal void SetScaling(float slope, float intercept)
    {
        SetFloat(SlopeOffset, slope);
        SetFloat(InterOffset, intercept);
    }

    internal void SetVoxOffset(float offset) => SetFloat(VoxOffsetOffset, offset);

    /// <summary>Sets the sform (code 2, aligned to another scan) to these 3 rows of 4.</summary>
    internal void SetAffine(float[,] rows)
    {
        SetShort(SFormCodeOffset, 2);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                SetFloat(SRowOffset + (16 * r) + (4 * c), rows[r, c]);
            }
        }
    }

    internal float[] QuaternionFields()
    {
        var values = new float[6];
        for (var i = 0; i < 6; i++)
        {
            values[i] = GetFloat(QuaternOffset + (4 * i));
        }

        return values;
    }

    private void SetDimensions(int nx, int ny, int nz)
    {
        Array.Clear(_bytes, DimOffset, 16);
        SetShort(DimOffset, 3);
        SetShort(DimOffset + 2, (short)nx);
        SetShort(DimOffset + 4, (short)ny);
        SetShort(DimOffset + 6, (short)nz);
        for (var i = 4; i <= 7; i++)
        {
            SetShort(DimOffset + (2 * i), 1);
        }
    }

    private double[,] SForm()
    {
        var affine = new double[3, 4];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                affine[r, c] = GetFloat(SRowOffset + (16 * r) + (4 * c));
            }
        }

        return affine;
    }

    private double[,] SpacingAffine() => new double[,] { { PixDim(1), 0, 0, 0 }, { 0, PixDim(2), 0, 0 }, { 0, 0, PixDim(3), 0 } };

    private void Check(string source)
    {
        if (Encoding.ASCII.GetString(_bytes, MagicOffset, 3) is not ("n+1" or "ni1"))
        {
            throw new NiftiFormatException($"'{source}' has no NIfTI-1 magic ('n+1' or 'ni1'): it is an Analyze 7.5 or corrupt header; convert it to NIfTI-1.");
        }

        if (Rank is < 1 or > 7)
        {
            throw new NiftiFormatException($"'{source}' declares {Rank} dimensions (dim[0]); a NIfTI-1 header allows 1 to 7.");
        }

        for (var i = 1; i <= Rank; i++)
        {
            if (Dim(i) < 1)
            {
                throw new NiftiFormatException($"'{source}' has dim[{i}] = {Dim(i)}; every dimension must be at least 1.");
            }
        }

        if (NiftiDataTypes.BytesPerVoxel(DataType) == 0)
        {
            throw new NiftiFormatException(
                $"'{source}' stores voxels as datatype {(short)DataType}, which VipAgent does not read; use uint8, int8, int16, uint16, int32, float32 or float64.");
        }

        var voxOffset = GetFloat(VoxOffsetOffset);
        if (!IsPair && (!float.IsFinite(voxOffset) || voxOffset < Size || voxOffset > int.MaxValue))
        {
            throw new NiftiFormatException($"'{source}' has vox_offset {voxOffset}; in a single-file NIfTI-1 the voxels start at byte 348 or later.");
        }

        if (!float.IsFinite(Slope) || !float.IsFinite(Intercept))
        {
            throw new NiftiFormatException($"'{source}' has a non-finite scl_slope or scl_inter; fix the header's scaling.");
        }
    }

    private short GetShort(int offset) => BinaryPrimitives.ReadInt16LittleEndian(_bytes.AsSpan(offset));

    private float GetFloat(int offset) => BinaryPrimitives.ReadSingleLittleEndian(_bytes.AsSpan(offset));

    private void SetShort(int offset, short value) => BinaryPrimitives.WriteInt16LittleEndian(_bytes.AsSpan(offset), value);

    private void SetFloat(int offset, float value) => BinaryPrimitives.WriteSingleLittleEndian(_bytes.AsSpan(offset), value);
}
