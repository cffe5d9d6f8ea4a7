using System.Buffers.Binary;

namespace VipAgent.Execution.Imaging;

/// <summary>Converts stored little-endian voxel bytes to scaled floats and back.</summary>
internal static class NiftiVoxels
{
    public static float[] Decode(byte[] data, NiftiDataType type, float slope, float intercept)
    {
        var size = NiftiDataTypes.BytesPerVoxel(type);
        var values = new float[data.Length / size];
        var span = data.AsSpan();
        var scaled = slope != 0 && (slope != 1 || intercept != 0);
        for (var i = 0; i < values.Length; i++)
        {
            var at = span[(i * size)..];
            double stored = type switch
            {
                NiftiDataType.UInt8 => at[0],
                NiftiDataType.Int8 => (sbyte)at[0],
                NiftiDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(at),
                NiftiDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(at),
                NiftiDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(at),
                NiftiDataType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(at),
                NiftiDataType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(at),
                _ => throw new NiftiFormatException($"Datatype {(short)type} is not read."),
            };
            values[i] = (float)(scaled ? (stored * slope) + intercept : stored);
        }

        return values;
    }

    public static byte[] Encode(ReadOnlySpan<float> values, NiftiDataType type, float slope, float intercept)
    {
        var size = NiftiDataTypes.BytesPerVoxel(type);
        var data = new byte[values.Length * size];
        var span = data.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var stored = ((double)values[i] - intercept) / slope;
            var at = span[(i * size)..];
            switch (type)
            {
                case NiftiDataType.UInt8:
                    at[0] = (byte)Clamp(stored, byte.MinValue, byte.MaxValue);
                    break;
                case NiftiDataType.Int8:
                    at[0] = (byte)(sbyte)Clamp(stored, sbyte.MinValue, sbyte.MaxValue);
                    break;
                case NiftiDataType.Int16:
                    BinaryPrimitives.WriteInt16LittleEndian(at, (short)Clamp(stored, short.MinValue, short.MaxValue));
                    break;
                case NiftiDataType.UInt16:
                    BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)Clamp(stored, ushort.MinValue, ushort.MaxValue));
                    break;
                case NiftiDataType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(at, (int)Clamp(stored, int.MinValue, int.MaxValue));
                    break;
                case NiftiDataType.Float32:
                    BinaryPrimitives.WriteSingleLittleEndian(at, (float)stored);
                    break;
                case NiftiDataType.Float64:
                    BinaryPrimitives.WriteDoubleLittleEndian(at, stored);
                    break;
                default:
                    throw new ArgumentException($"Datatype {(short)type} is not written.", nameof(type));
            }
        }

        return data;
    }

    private static double Clamp(double value, double min, double max) =>
        double.IsNaN(value) ? 0 : Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), min, max);
}
