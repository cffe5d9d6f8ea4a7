using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Ranking;

/// <summary>
/// The families of file formats an input's words can ask for (a NIfTI volume, an archive, a text file...), so that a
/// file of another family is seen not to fit: a <c>.zip</c> for an input described as "img.nii or img.nii.gz".
/// </summary>
public static class FileKinds
{
    private static readonly (string Family, string[] Extensions, string[] Words)[] Families =
    [
        ("volume", ["nii", "mgz", "mnc", "img", "hdr", "nrrd", "mha"], ["nii", "nifti", "mgz", "mnc", "minc", "analyze", "nrrd"]),
        ("archive", ["zip", "tar", "tgz", "tbz", "7z", "rar"], ["zip", "tar", "tgz", "tarball", "archive", "zipped"]),
        ("dicom", ["dcm", "ima"], ["dcm", "dicom", "dicoms"]),
        ("text", ["txt", "mac", "json", "csv", "tsv", "ini", "xml", "yaml", "yml"], ["txt", "text", "mac", "macro", "json", "csv", "tsv", "ini", "xml", "yaml"]),
        ("picture", ["png", "jpg", "jpeg", "tif", "tiff", "bmp"], ["png", "pngs", "jpg", "jpgs", "jpeg", "jpegs", "tif", "tiff", "photo", "photos", "photograph", "photographs"]),
    ];

    /// <summary>The family of <paramref name="file"/>'s extension (the last one but <c>.gz</c>), or null when it has none known.</summary>
    public static string? FamilyOf(string file)
    {
        var parts = Path.GetFileName(file ?? "").ToLowerInvariant().Split('.');
        var extension = parts.Length < 2 ? "" : parts[^1] == "gz" && parts.Length > 2 ? parts[^2] : parts[^1];
        return Families.FirstOrDefault(f => f.Extensions.Contains(extension)).Family;
    }

    /// <summary>The families of <paramref name="families"/> that say what data is (volume, DICOM, picture), not how it is packed or written.</summary>
    public static IReadOnlySet<string> Contents(IReadOnlySet<string> families) =>
        (families ?? new HashSet<string>()).Where(f => f is not ("archive" or "text")).ToHashSet();

    /// <summary>The families the words of an input's id, name and description ask for (none: it says nothing of formats).</summary>
    public static IReadOnlySet<string> AskedFor(string inputWords) =>
        Words.Split(inputWords ?? "").SelectMany(w => Families.Where(f => f.Words.Contains(w)).Select(f => f.Family)).ToHashSet();
}
