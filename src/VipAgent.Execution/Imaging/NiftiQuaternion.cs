namespace VipAgent.Execution.Imaging;

/// <summary>The qform of a NIfTI-1 header (a unit quaternion, offsets and the qfac sign) as a 3×4 affine.</summary>
internal static class NiftiQuaternion
{
    /// <param name="fields">quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z.</param>
    /// <param name="qfac">pixdim[0]: -1 flips the third axis; 0 counts as 1.</param>
    public static double[,] ToAffine(float[] fields, double dx, double dy, double dz, double qfac)
    {
        double b = fields[0], c = fields[1], d = fields[2];
        var squared = 1.0 - ((b * b) + (c * c) + (d * d));
        double a;
        if (squared < 1e-7)
        {
            // a 180° rotation: nifti1_io normalises (b, c, d) and takes a = 0
            var norm = Math.Sqrt((b * b) + (c * c) + (d * d));
            (b, c, d, a) = (b / norm, c / norm, d / norm, 0);
        }
        else
        {
            a = Math.Sqrt(squared);
        }

        var zSign = qfac < 0 ? -1.0 : 1.0;
        double[,] rotation =
        {
            { (a * a) + (b * b) - (c * c) - (d * d), 2 * ((b * c) - (a * d)), 2 * ((b * d) + (a * c)) },
            { 2 * ((b * c) + (a * d)), (a * a) + (c * c) - (b * b) - (d * d), 2 * ((c * d) - (a * b)) },
            { 2 * ((b * d) - (a * c)), 2 * ((c * d) + (a * b)), (a * a) + (d * d) - (c * c) - (b * b) },
        };
        double[] scale = [dx, dy, dz * zSign];
        var affine = new double[3, 4];
        for (var r = 0; r < 3; r++)
        {
            for (var k = 0; k < 3; k++)
            {
                affine[r, k] = rotation[r, k] * scale[k];
            }

            affine[r, 3] = fields[3 + r];
        }

        return affine;
    }
}
