namespace VipAgent.Execution.Onnx;

/// <summary>
/// Resamples a volume to another voxel size over the same field of view: voxel centres map as
/// <c>(j + ½)·n/m − ½</c> along each axis (clamped to the volume), so the first and last voxels' outer faces stay put
/// and a round trip through a finer grid and back by nearest neighbour returns the original grid.
/// </summary>
public static class VolumeResampling
{
    /// <summary>The grid covering <paramref name="grid"/> (voxels of <paramref name="spacing"/> mm) with voxels of <paramref name="target"/> mm.</summary>
    public static VolumeGrid Grid(VolumeGrid grid, (double Z, double Y, double X) spacing, (double Z, double Y, double X) target) => new(
        Size(grid.Z, spacing.Z, target.Z), Size(grid.Y, spacing.Y, target.Y), Size(grid.X, spacing.X, target.X));

    /// <summary>Trilinear interpolation of <paramref name="source"/> (on <paramref name="from"/>) onto <paramref name="to"/>; the source itself when the grids are equal.</summary>
    public static float[] Trilinear(float[] source, VolumeGrid from, VolumeGrid to)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (from == to)
        {
            return source;
        }

        var (zs, ys, xs) = (Weights(from.Z, to.Z), Weights(from.Y, to.Y), Weights(from.X, to.X));
        var result = new float[to.Count];
        var plane = (long)from.Y * from.X;
        for (var z = 0; z < to.Z; z++)
        {
            var (z0, z1, wz) = zs[z];
            for (var y = 0; y < to.Y; y++)
            {
                var (y0, y1, wy) = ys[y];
                var row = (((long)z * to.Y) + y) * to.X;
                long r00 = (z0 * plane) + ((long)y0 * from.X), r01 = (z0 * plane) + ((long)y1 * from.X);
                long r10 = (z1 * plane) + ((long)y0 * from.X), r11 = (z1 * plane) + ((long)y1 * from.X);
                for (var x = 0; x < to.X; x++)
                {
                    var (x0, x1, wx) = xs[x];
                    var c00 = Lerp(source[r00 + x0], source[r00 + x1], wx);
                    var c01 = Lerp(source[r01 + x0], source[r01 + x1], wx);
                    var c10 = Lerp(source[r10 + x0], source[r10 + x1], wx);
                    var c11 = Lerp(source[r11 + x0], source[r11 + x1], wx);
                    result[row + x] = (float)Lerp(Lerp(c00, c01, wy), Lerp(c10, c11, wy), wz);
                }
            }
        }

        return result;
    }

    /// <summary>Nearest-neighbour resampling (labels stay labels) of <paramref name="source"/> (on <paramref name="from"/>) onto <paramref name="to"/>; the source itself when the grids are equal.</summary>
    public static float[] Nearest(float[] source, VolumeGrid from, VolumeGrid to)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (from == to)
        {
            return source;
        }

        var (zs, ys, xs) = (Nearest(from.Z, to.Z), Nearest(from.Y, to.Y), Nearest(from.X, to.X));
        var result = new float[to.Count];
        for (var z = 0; z < to.Z; z++)
        {
            for (var y = 0; y < to.Y; y++)
            {
                var row = (((long)z * to.Y) + y) * to.X;
                var sourceRow = (((long)zs[z] * from.Y) + ys[y]) * from.X;
                for (var x = 0; x < to.X; x++)
                {
                    result[row + x] = source[sourceRow + xs[x]];
                }
            }
        }

        return result;
    }

    private static int Size(int n, double spacing, double target) =>
        (int)Math.Clamp(Math.Round(n * spacing / target, MidpointRounding.AwayFromZero), 1, int.MaxValue / 2);

    private static double Coordinate(int j, int from, int to) => Math.Clamp(((j + 0.5) * from / to) - 0.5, 0, from - 1);

    private static (int I0, int I1, double W)[] Weights(int from, int to) => [.. Enumerable.Range(0, to).Select(j =>
    {
        var at = Coordinate(j, from, to);
        var i0 = (int)Math.Floor(at);
        return (i0, Math.Min(i0 + 1, from - 1), at - i0);
    })];

    private static int[] Nearest(int from, int to) => [.. Enumerable.Range(0, to).Select(j => Math.Min(from - 1, (int)Math.Floor(Coordinate(j, from, to) + 0.5)))];

    private static double Lerp(double a, double b, double w) => a + ((b - a) * w);
}
