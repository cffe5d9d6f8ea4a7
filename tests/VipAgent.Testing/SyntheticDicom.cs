using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace VipAgent.Testing;

/// <summary>
/// Writes a <see cref="SyntheticVolume"/> as a DICOM MR series, one Part-10 file per axial slice (explicit VR
/// little endian, signed 16-bit pixels rounded from the voxels, 1 mm pixels, slice k at z = k mm, rows along y),
/// with just the attributes a converter such as dcm2niix needs to stack the slices into a volume.
/// </summary>
public static class SyntheticDicom
{
    private const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Writes <c>slice-001.dcm</c>, <c>slice-002.dcm</c>, … into <paramref name="folder"/> (created when missing).</summary>
    public static void WriteSeries(SyntheticVolume volume, string folder)
    {
        Directory.CreateDirectory(folder);
        var (study, series) = (NewUid(), NewUid());
        for (var z = 0; z < volume.Depth; z++)
        {
            var instance = NewUid();
            var dataset = new MemoryStream();
            Text(dataset, 0x0008, 0x0016, "UI", MrImageStorage);
            Text(dataset, 0x0008, 0x0018, "UI", instance);
            Text(dataset, 0x0008, 0x0020, "DA", "20260101");
            Text(dataset, 0x0008, 0x0030, "TM", "120000");
            Text(dataset, 0x0008, 0x0060, "CS", "MR");
            Text(dataset, 0x0008, 0x0070, "LO", "VipAgent tests");
            Text(dataset, 0x0008, 0x103E, "LO", "synthetic phantom");
            Text(dataset, 0x0010, 0x0010, "PN", "Phantom^Synthetic");
            Text(dataset, 0x0010, 0x0020, "LO", "PHANTOM1");
            Text(dataset, 0x0018, 0x0050, "DS", "1");
            Text(dataset, 0x0020, 0x000D, "UI", study);
            Text(dataset, 0x0020, 0x000E, "UI", series);
            Text(dataset, 0x0020, 0x0011, "IS", "1");
            Text(dataset, 0x0020, 0x0013, "IS", (z + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Text(dataset, 0x0020, 0x0032, "DS", $"0\\0\\{z}");
            Text(dataset, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
            UnsignedShort(dataset, 0x0028, 0x0002, 1);
            Text(dataset, 0x0028, 0x0004, "CS", "MONOCHROME2");
            UnsignedShort(dataset, 0x0028, 0x0010, (ushort)volume.Height);
            UnsignedShort(dataset, 0x0028, 0x0011, (ushort)volume.Width);
            Text(dataset, 0x0028, 0x0030, "DS", "1\\1");
            UnsignedShort(dataset, 0x0028, 0x0100, 16);
            UnsignedShort(dataset, 0x0028, 0x0101, 16);
            UnsignedShort(dataset, 0x0028, 0x0102, 15);
            UnsignedShort(dataset, 0x0028, 0x0103, 1);
            var pixels = new byte[volume.Width * volume.Height * 2];
            for (var y = 0; y < volume.Height; y++)
            {
                for (var x = 0; x < volume.Width; x++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(2 * (x + (volume.Width * y))), (short)Math.Round(volume[x, y, z]));
                }
            }

            Element(dataset, 0x7FE0, 0x0010, "OW", pixels);
            File.WriteAllBytes(Path.Combine(folder, $"slice-{z + 1:000}.dcm"), [.. Preamble(instance), .. dataset.ToArray()]);
        }
    }

    /// <summary>128 zero bytes, "DICM", and the file meta group (always explicit VR little endian).</summary>
    private static byte[] Preamble(string instance)
    {
        var meta = new MemoryStream();
        Element(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Text(meta, 0x0002, 0x0002, "UI", MrImageStorage);
        Text(meta, 0x0002, 0x0003, "UI", instance);
        Text(meta, 0x0002, 0x0010, "UI", ExplicitVrLittleEndian);
        Text(meta, 0x0002, 0x0012, "UI", "2.25.1");
        var length = new MemoryStream();
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)meta.Length);
        Element(length, 0x0002, 0x0000, "UL", groupLength);
        return [.. new byte[128], .. "DICM"u8, .. length.ToArray(), .. meta.ToArray()];
    }

    private static void Text(Stream to, ushort group, ushort element, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        var padded = bytes.Length % 2 == 0 ? bytes : [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
        Element(to, group, element, vr, padded);
    }

    private static void UnsignedShort(Stream to, ushort group, ushort element, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Element(to, group, element, "US", bytes);
    }

    private static void Element(Stream to, ushort group, ushort element, string vr, byte[] value)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        Encoding.ASCII.GetBytes(vr).CopyTo(header, 4);
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)value.Length); // 2 reserved bytes, then a 4-byte length
            to.Write(header, 0, 12);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)value.Length);
            to.Write(header, 0, 8);
        }

        to.Write(value);
    }

    /// <summary>A UID under 2.25 (a UUID as a decimal integer), as DICOM allows without a registered root.</summary>
    private static string NewUid() => "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);
}
