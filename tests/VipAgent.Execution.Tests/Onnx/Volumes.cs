using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Tests.Onnx;

/// <summary>Synthetic volumes for ONNX tests, from a seed.</summary>
internal static class Volumes
{
    /// <summary>A sphere of value 1 (radius r, centred) in uniform noise in [0, noise), and the sphere's mask, x fastest.</summary>
    public static (float[] Voxels, float[] Sphere) SphereInNoise(int nx, int ny, int nz, double radius, float noise, int seed)
    {
        var random = new Random(seed);
        var voxels = new float[nx * ny * nz];
        var sphere = new float[voxels.Length];
        for (var z = 0; z < nz; z++)
        {
            for (var y = 0; y < ny; y++)
            {
                for (var x = 0; x < nx; x++)
                {
                    var i = (((z * ny) + y) * nx) + x;
                    var dx = x - ((nx - 1) / 2.0);
                    var dy = y - ((ny - 1) / 2.0);
                    var dz = z - ((nz - 1) / 2.0);
                    var inside = (dx * dx) + (dy * dy) + (dz * dz) <= radius * radius;
                    sphere[i] = inside ? 1 : 0;
                    voxels[i] = (inside ? 1 : 0) + (float)(random.NextDouble() * noise);
                }
            }
        }

        return (voxels, sphere);
    }

    /// <summary>A header with an oblique-ish, offset affine, so a test can tell it was kept.</summary>
    public static NiftiHeader Header(int nx, int ny, int nz)
    {
        var header = NiftiHeader.Create(nx, ny, nz, 1.2f, 0.9f, 2f);
        header.SetAffine(new[,] { { -1.2f, 0, 0, 90 }, { 0, 0.9f, 0.1f, -126 }, { 0, 0, 2f, -72 } });
        return header;
    }
}
