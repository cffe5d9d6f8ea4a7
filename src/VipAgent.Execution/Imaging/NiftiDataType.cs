namespace VipAgent.Execution.Imaging;

/// <summary>The NIfTI-1 voxel types VipAgent reads and writes (the header's <c>datatype</c> code).</summary>
public enum NiftiDataType : short
{
    /// <summary>Unsigned 8-bit integer (masks, label maps).</summary>
    UInt8 = 2,

    /// <summary>Signed 16-bit integer (most scanners' output, CT in Hounsfield units).</summary>
    Int16 = 4,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 8,

    /// <summary>32-bit float (probabilities, processed images).</summary>
    Float32 = 16,

    /// <summary>64-bit float.</summary>
    Float64 = 64,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 256,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 512,
}

/// <summary>Sizes and names of <see cref="NiftiDataType"/> values.</summary>
public static class NiftiDataTypes
{
    /// <summary>Bytes per voxel, or 0 for a code VipAgent does not handle.</summary>
    public static int BytesPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => 0,
    };

    /// <summary>Whether voxels of this type are integers (stored values are rounded and clamped).</summary>
    public static bool IsInteger(NiftiDataType type) => type is not (NiftiDataType.Float32 or NiftiDataType.Float64);
}
