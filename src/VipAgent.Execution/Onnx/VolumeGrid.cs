namespace VipAgent.Execution.Onnx;

/// <summary>A (z, y, x) size of a voxel grid; index <c>(z·Y + y)·X + x</c>, x fastest as in NIfTI.</summary>
public readonly record struct VolumeGrid(int Z, int Y, int X)
{
    public long Count => (long)Z * Y * X;

    public override string ToString() => $"{Z}×{Y}×{X}";

    /// <summary>Copies the box at (z0, y0, x0) of <paramref name="size"/> from <paramref name="source"/> (of this grid) into <paramref name="target"/>.</summary>
    public void CopyBox(ReadOnlySpan<float> source, (int Z, int Y, int X) origin, VolumeGrid size, Span<float> target)
    {
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                var from = (((long)(origin.Z + z) * Y) + origin.Y + y) * X + origin.X;
                source.Slice((int)from, size.X).CopyTo(target.Slice((((z * size.Y) + y) * size.X), size.X));
            }
        }
    }

    /// <summary>Pads (zero or edge values) or crops <paramref name="source"/> of this grid to <paramref name="target"/>, anchored at the origin.</summary>
    public float[] Resize(float[] source, VolumeGrid target, PaddingMode padding)
    {
        if (target == this)
        {
            return source;
        }

        var result = new float[target.Count];
        for (var z = 0; z < target.Z; z++)
        {
            for (var y = 0; y < target.Y; y++)
            {
                for (var x = 0; x < target.X; x++)
                {
                    var inside = z < Z && y < Y && x < X;
                    if (inside || padding == PaddingMode.Edge)
                    {
                        var at = (((long)Math.Min(z, Z - 1) * Y) + Math.Min(y, Y - 1)) * X + Math.Min(x, X - 1);
                        result[(((long)z * target.Y) + y) * target.X + x] = source[at];
                    }
                }
            }
        }

        return result;
    }
}
