using System.Buffers.Binary;
using System.IO.Compression;

namespace VipAgent.Execution.Tests.Onnx;

/// <summary>
/// Writes NIfTI-1 bytes by hand, field by field from nifti1.h, independently of the code under test,
/// so reading tests compare against values the test chose.
/// </summary>
internal sealed class RawNifti
{
    public short[] Dim { get; set; } = [3, 2, 3, 4, 1, 1, 1, 1];

    public float[] PixDim { get; set; } = [1, 1.5f, 2, 2.5f, 0, 0, 0, 0];

    public short DataType { get; set; } = 16;

    public short BitPix { get; set; } = 32;

    public float VoxOffset { get; set; } = 352;

    public float Slope { get; set; } = 1;

    public float Intercept { get; set; }

    public short SFormCode { get; set; } = 1;

    public float[] SRows { get; set; } = [1.5f, 0, 0, -10, 0, 2, 0, 20, 0, 0, 2.5f, -30];

    public string Magic { get; set; } = "n+1";

    public bool BigEndian { get; set; }

    public int SizeOfHeader { get; set; } = 348;

    public byte[] Bytes(byte[] voxels)
    {
        var dataAt = Math.Max((int)VoxOffset, 352);
        var bytes = new byte[dataAt + voxels.Length];
        var s = bytes.AsSpan();
        Int(s, 0, SizeOfHeader);
        for (var i = 0; i < 8; i++)
        {
            Short(s, 40 + (2 * i), Dim[i]);
            Float(s, 76 + (4 * i), PixDim[i]);
        }

        Short(s, 70, DataType);
        Short(s, 72, BitPix);
        Float(s, 108, VoxOffset);
        Float(s, 112, Slope);
        Float(s, 116, Intercept);
        Short(s, 254, SFormCode);
        for (var i = 0; i < 12; i++)
        {
            Float(s, 280 + (4 * i), SRows[i]);
        }

        System.Text.Encoding.ASCII.GetBytes(Magic).CopyTo(s[344..]);
        voxels.CopyTo(s[dataAt..]);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return memory.ToArray();
    }

    public byte[] Int16Voxels(params short[] values)
    {
        var data = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * i), values[i]);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), values[i]);
            }
        }

        return data;
    }

    private void Int(Span<byte> s, int at, int v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(s[at..], v);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(s[at..], v);
        }
    }

    private void Short(Span<byte> s, int at, short v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteInt16BigEndian(s[at..], v);
        }
        else
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[at..], v);
        }
    }

    private void Float(Span<byte> s, int at, float v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteSingleBigEndian(s[at..], v);
        }
        else
        {
            BinaryPrimitives.WriteSingleLittleEndian(s[at..], v);
        }
    }
}
