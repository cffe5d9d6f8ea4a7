namespace VipAgent.Execution.Imaging;

/// <summary>
/// One 3D volume: its header (geometry, affine, original voxel type) and its voxels as scaled floats
/// (<c>scl_slope · stored + scl_inter</c>), x fastest then y then z, which is a <c>[Z, Y, X]</c> C-order array.
/// </summary>
public sealed class NiftiVolume
{
    public NiftiVolume(NiftiHeader header, float[] voxels)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(voxels);
        var (x, y, z) = header.Shape;
        if ((long)x * y * z != voxels.Length)
        {
            throw new ArgumentException($"A {x}×{y}×{z} volume needs {(long)x * y * z} voxels, not {voxels.Length}.", nameof(voxels));
        }

        Header = header;
        Voxels = voxels;
    }

    /// <summary>The header read from the file (or made for a new volume).</summary>
    public NiftiHeader Header { get; }

    /// <summary>The scaled voxel values, x fastest.</summary>
    public float[] Voxels { get; }

    /// <summary>The grid size along x, y and z.</summary>
    public (int X, int Y, int Z) Shape => Header.Shape;
}
