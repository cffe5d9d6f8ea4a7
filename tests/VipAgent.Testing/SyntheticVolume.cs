using System.Buffers.Binary;
using System.Text;

namespace VipAgent.Testing;

/// <summary>
/// A small 3-D volume with a known pattern, written as a single-file NIfTI-1 image (<c>.nii</c>: a 348-byte
/// header, 4 zero extension bytes, voxels from offset 352, little-endian) and read back from one, so tests can
/// feed imaging tools and check what they wrote. Voxels are kept as doubles, x varying fastest.
/// </summary>
public sealed class SyntheticVolume
{
    private const int HeaderSize = 348;
    private const int DataOffset = 352;

    private SyntheticVolume(int width, int height, int depth, double[] voxels, short dataType)
    {
        (Width, Height, Depth, Voxels, DataType) = (width, height, depth, voxels, dataType);
    }

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    /// <summary>Every voxel, x fastest then y then z (NIfTI's order).</summary>
    public IReadOnlyList<double> Voxels { get; }

    /// <summary>The NIfTI datatype code read or written: 2 uint8, 4 int16, 8 int32, 16 float32, 64 float64.</summary>
    public short DataType { get; }

    public double this[int x, int y, int z] => Voxels[x + (Width * (y + (Height * z)))];

    /// <summary>A float32 volume whose voxel (x, y, z) is <paramref name="value"/>(x, y, z).</summary>
    public static SyntheticVolume Create(int width, int height, int depth, Func<int, int, int, double> value)
    {
        var voxels = new double[width * height * depth];
        for (var z = 0; z < depth; z++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    voxels[x + (width * (y + (height * z)))] = (float)value(x, y, z);
                }
            }
        }

        return new SyntheticVolume(width, height, depth, voxels, 16);
    }

    /// <summary>Writes the volume as float32 with 1 mm isotropic voxels and an identity scanner orientation (qform and sform).</summary>
    public void WriteNifti(string path)
    {
        var bytes = new byte[DataOffset + (Voxels.Count * 4)];
        var header = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(header, HeaderSize);
        header[38] = (byte)'r';
        short[] dim = [3, (short)Width, (short)Height, (short)Depth, 1, 1, 1, 1];
        for (var i = 0; i < dim.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(header[(40 + (2 * i))..], dim[i]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(header[70..], 16); // datatype float32
        BinaryPrimitives.WriteInt16LittleEndian(header[72..], 32); // bits per voxel
        float[] pixdim = [1, 1, 1, 1, 0, 0, 0, 0]; // pixdim[0] is qfac
        for (var i = 0; i < pixdim.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(header[(76 + (4 * i))..], pixdim[i]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(header[108..], DataOffset);
        BinaryPrimitives.WriteSingleLittleEndian(header[112..], 1); // scl_slope
        header[123] = 2; // xyzt_units: millimetres
        Encoding.ASCII.GetBytes("VipAgent synthetic volume").CopyTo(header[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(header[252..], 1); // qform_code: scanner; quaternion and offsets 0 = identity
        BinaryPrimitives.WriteInt16LittleEndian(header[254..], 1); // sform_code: scanner
        for (var row = 0; row < 3; row++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(header[(280 + (16 * row) + (4 * row))..], 1); // srow_x/y/z: unit diagonal
        }

        Encoding.ASCII.GetBytes("n+1\0").CopyTo(header[344..]);
        for (var i = 0; i < Voxels.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(header[(DataOffset + (4 * i))..], (float)Voxels[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads a little-endian single-file NIfTI-1 volume (uint8, int16, int32, float32 or float64; scaling applied).</summary>
    public static SyntheticVolume ReadNifti(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var header = bytes.AsSpan();
        if (bytes.Length < DataOffset || BinaryPrimitives.ReadInt32LittleEndian(header) != HeaderSize
            || Encoding.ASCII.GetString(bytes, 344, 3) != "n+1")
        {
            throw new InvalidDataException($"{path} is not a little-endian single-file NIfTI-1 image.");
        }

        var dims = Enumerable.Range(1, 3).Select(i => (int)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(40 + (2 * i)))).ToArray();
        var rank = BinaryPrimitives.ReadInt16LittleEndian(header[40..]);
        var dataType = BinaryPrimitives.ReadInt16LittleEndian(header[70..]);
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(header[108..]);
        var slope = BinaryPrimitives.ReadSingleLittleEndian(header[112..]);
        var intercept = BinaryPrimitives.ReadSingleLittleEndian(header[116..]);
        var (width, height, depth) = (dims[0], rank >= 2 ? dims[1] : 1, rank >= 3 ? dims[2] : 1);
        var voxels = new double[width * height * depth];
        var size = dataType switch { 2 => 1, 4 => 2, 8 => 4, 16 => 4, 64 => 8, _ => throw new InvalidDataException($"{path}: NIfTI datatype {dataType} is not supported here.") };
        for (var i = 0; i < voxels.Length; i++)
        {
            var at = header[(offset + (size * i))..];
            double raw = dataType switch
            {
                2 => at[0],
                4 => BinaryPrimitives.ReadInt16LittleEndian(at),
                8 => BinaryPrimitives.ReadInt32LittleEndian(at),
                16 => BinaryPrimitives.ReadSingleLittleEndian(at),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(at),
            };
            voxels[i] = slope == 0 ? raw : (raw * slope) + intercept;
        }

        return new SyntheticVolume(width, height, depth, voxels, dataType);
    }
}
