namespace VipAgent.Execution.Imaging;

/// <summary>Turns a big-endian NIfTI-1 header into little-endian, field by field (nifti1.h's layout).</summary>
internal static class NiftiByteOrder
{
    // (offset, size of each value, count) of every multi-byte field.
    private static readonly (int Offset, int Size, int Count)[] Fields =
    [
        (0, 4, 1), (32, 4, 1), (36, 2, 1), (40, 2, 8), (56, 4, 3), (68, 2, 4), (76, 4, 11),
        (120, 2, 1), (124, 4, 4), (140, 4, 2), (252, 2, 2), (256, 4, 18),
    ];

    public static void SwapToLittleEndian(byte[] header)
    {
        foreach (var (offset, size, count) in Fields)
        {
            for (var i = 0; i < count; i++)
            {
                header.AsSpan(offset + (i * size), size).Reverse();
            }
        }
    }

    /// <summary>Reverses every <paramref name="size"/>-byte value of <paramref name="data"/> in place.</summary>
    public static void SwapValues(Span<byte> data, int size)
    {
        if (size == 1)
        {
            return;
        }

        for (var i = 0; i + size <= data.Length; i += size)
        {
            data.Slice(i, size).Reverse();
        }
    }

}
