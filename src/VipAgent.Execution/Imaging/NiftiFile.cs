using System.Buffers.Binary;
using System.IO.Compression;

namespace VipAgent.Execution.Imaging;

/// <summary>
/// Reads and writes single-file NIfTI-1 volumes (<c>.nii</c>, and <c>.nii.gz</c> recognised by its gzip bytes).
/// Every problem with a file is a <see cref="NiftiFormatException"/> naming the file and what to do.
/// </summary>
public static class NiftiFile
{
    /// <summary>The most voxels read by default (512³): larger volumes are refused rather than exhausting memory.</summary>
    public const long DefaultMaxVoxels = 512L * 512 * 512;

    private const int OutputVoxOffset = NiftiHeader.Size + 4;

    /// <summary>Reads the (single) 3D volume of a NIfTI-1 file, scaled by its slope and intercept.</summary>
    public static NiftiVolume Read(string path, long maxVoxels = DefaultMaxVoxels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new NiftiFormatException($"'{name}' does not exist; give the path of a .nii or .nii.gz file.");
        }

        try
        {
            using var stream = Open(path);
            return ReadVolume(stream, name, maxVoxels);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"'{name}' is a corrupt gzip file ({e.Message}); re-export or re-download it.", e);
        }
    }

    /// <summary>
    /// Writes <paramref name="voxels"/> (x fastest) with the geometry of <paramref name="template"/> as
    /// <paramref name="type"/>, stored as <c>(value - intercept) / slope</c> (rounded and clamped for integer types).
    /// Gzipped when the path ends with <c>.gz</c>. The file appears whole or not at all.
    /// </summary>
    public static void Write(string path, NiftiHeader template, ReadOnlySpan<float> voxels, NiftiDataType type, float slope = 1, float intercept = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(template);
        if (slope == 0 || !float.IsFinite(slope) || !float.IsFinite(intercept))
        {
            throw new ArgumentException("The slope must be finite and non-zero, the intercept finite.", nameof(slope));
        }

        var header = template.ForOutput(type, slope, intercept);
        var (x, y, z) = header.Shape;
        if ((long)x * y * z != voxels.Length)
        {
            throw new ArgumentException($"A {x}×{y}×{z} volume needs {(long)x * y * z} voxels, not {voxels.Length}.", nameof(voxels));
        }

        header.SetVoxOffset(OutputVoxOffset);
        var data = NiftiVoxels.Encode(voxels, type, slope, intercept);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():n}.part");
        try
        {
            using (var file = File.Create(temporary))
            using (var output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                       ? new GZipStream(file, CompressionLevel.Fastest)
                       : (Stream)file)
            {
                output.Write(header.ToBytes());
                output.Write(stackalloc byte[4]); // no extensions
                output.Write(data);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static NiftiVolume ReadVolume(Stream stream, string name, long maxVoxels)
    {
        var raw = new byte[NiftiHeader.Size];
        var got = stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        var header = NiftiHeader.Parse(raw.AsSpan(0, got), name);
        if (header.IsPair)
        {
            throw new NiftiFormatException($"'{name}' is the header of a two-file NIfTI pair (.hdr/.img); convert it to a single .nii or .nii.gz file.");
        }

        if (header.Volumes > 1)
        {
            throw new NiftiFormatException($"'{name}' holds {header.Volumes} volumes (a 4D series); give a single 3D volume.");
        }

        var (x, y, z) = header.Shape;
        var count = (long)x * y * z;
        if (count > maxVoxels)
        {
            throw new NiftiFormatException($"'{name}' is {x}×{y}×{z} = {count} voxels, more than the {maxVoxels} allowed; crop or downsample it, or raise the limit.");
        }

        Skip(stream, header.VoxOffset - NiftiHeader.Size, name);
        var size = NiftiDataTypes.BytesPerVoxel(header.DataType);
        var data = new byte[count * size];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new NiftiFormatException(
                $"'{name}' is truncated: a {x}×{y}×{z} {header.DataType} volume needs {data.Length} bytes of voxels after byte {header.VoxOffset}, the file has {read}.");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(raw) != NiftiHeader.Size)
        {
            NiftiByteOrder.SwapValues(data, size);
        }

        return new NiftiVolume(header, NiftiVoxels.Decode(data, header.DataType, header.Slope, header.Intercept));
    }

    private static void Skip(Stream stream, long count, string name)
    {
        var buffer = new byte[Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(count, buffer.Length));
            if (read == 0)
            {
                throw new NiftiFormatException($"'{name}' ends before its voxels start (vox_offset); it is truncated.");
            }

            count -= read;
        }
    }
}
