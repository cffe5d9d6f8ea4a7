using System.Text.RegularExpressions;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Ranking;

/// <summary>
/// Whether an application's purpose covers what a goal is about. The goal's domain words are its meaning-carrying
/// stems, less the words of its files and values, the generic words of any request (run, process, segment, image,
/// data, patient...) and the stems that a third or more of the catalog's applications write (they name no domain
/// of their own). An application matches when its name, description or tags write one of those domain words, or a
/// thesaurus equivalent of one; a best candidate that shares only generic words with the goal is no match.
/// </summary>
public sealed partial class DomainCheck
{
    private static readonly HashSet<string> Generic = [.. new[]
    {
        "run", "process", "analyse", "analyze", "analysis", "compute", "calculate", "get", "give", "make", "need", "want",
        "like", "would", "could", "thank", "thanks", "hi", "hello", "help", "count", "number", "per", "image", "images",
        "data", "dataset", "result", "results", "output", "input", "scan", "scans", "subject", "patient", "participant",
        "case", "study", "project", "tool", "pipeline", "software", "step", "job", "jobs", "apply", "perform", "new",
        "segment", "segmentation", "volume", "volumes", "classify", "detect", "estimate", "quality", "value", "values", "map", "maps",
        "normal", "probability", "single", "multiple", "total", "high", "low", "raw", "set", "sample", "folder", "archive",
        "zip", "file", "version", "model", "method", "parameter", "parameters", "option", "options", "default", "mode",
        "first", "second", "third", "last", "next", "time", "day", "days", "hour", "hours", "minute", "minutes",
        "everything", "something", "them", "there", "here", "which", "what", "about", "after", "before", "over",
        "under", "again", "more", "less", "most", "same", "other", "want", "take", "takes", "done", "keep", "site",
    }.Select(Stemmer.Stem)];

    private readonly Thesaurus _thesaurus;
    private readonly HashSet<string> _common;
    private readonly Dictionary<CatalogApplication, HashSet<string>> _purposes;

    /// <summary>Reads the purpose of every application of <paramref name="applications"/> once.</summary>
    public DomainCheck(IReadOnlyList<CatalogApplication> applications, Thesaurus thesaurus)
    {
        ArgumentNullException.ThrowIfNull(applications);
        _thesaurus = thesaurus ?? throw new ArgumentNullException(nameof(thesaurus));
        _purposes = new(ReferenceEqualityComparer.Instance);
        foreach (var application in applications)
        {
            _purposes[application] = [.. Words.Stems(string.Join(' ', [application.Name, application.Description, .. application.Tags]))];
        }

        var third = Math.Max(3, applications.Count / 3.0);
        _common = [.. _purposes.Values.SelectMany(p => p).GroupBy(s => s).Where(g => g.Count() >= third).Select(g => g.Key)];
    }

    /// <summary>
    /// The goal's domain words (stems, with their thesaurus equivalents), <paramref name="files"/> and value-like
    /// tokens left out.
    /// </summary>
    public IReadOnlyList<string> DomainWords(string goal, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var names = files.Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var text = string.Join(' ', goal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(t => !names.Contains(t.Trim('(', ')', ',', '.', ';', ':', '"', '\'')) && !ValueLike().IsMatch(t.Trim('(', ')', ',', '.', ';', ':', '"', '\''))));
        var stems = Words.Stems(text);
        return [.. stems.Concat(_thesaurus.Expand(Words.StemSequence(text))).Where(Carries).Distinct()];
    }

    /// <summary>
    /// The share of the goal's own domain words (thesaurus equivalents not counted) that <paramref name="application"/>'s
    /// name, description or tags write: 1 when it is plainly about what the goal asks, 0 when the goal has no domain words.
    /// </summary>
    public double Coverage(CatalogApplication application, string goal, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(application);
        var own = DomainWords(goal, files).Intersect(Words.Stems(goal)).ToList();
        var purpose = _purposes.TryGetValue(application, out var known) ? known : [.. Words.Stems($"{application.Name} {application.Description}")];
        return own.Count == 0 ? 0 : (double)own.Count(purpose.Contains) / own.Count;
    }

    private bool Carries(string stem) =>
        stem.Length > 1 && !Generic.Contains(stem) && !_common.Contains(stem) && !Dimension().IsMatch(stem) && !stem.All(char.IsDigit);

    /// <summary>True when <paramref name="application"/>'s name, description or tags write one of <paramref name="domainWords"/>.</summary>
    public bool Matches(CatalogApplication application, IReadOnlyList<string> domainWords)
    {
        ArgumentNullException.ThrowIfNull(domainWords);
        if (!_purposes.TryGetValue(application, out var purpose))
        {
            purpose = [.. Words.Stems(string.Join(' ', [application.Name, application.Description, .. application.Tags]))];
        }

        return domainWords.Any(purpose.Contains);
    }

    // A file name or a value: holds a dot between letters, an underscore, or a digit after a letter (main.mac, sub-01, P012).
    [GeneratedRegex("^(?=.*(\\w\\.\\w|_|\\p{L}-?\\d)).+$")]
    private static partial Regex ValueLike();

    // "3D", "2d", "4D": a dimension, not a domain.
    [GeneratedRegex("^\\d+d$")]
    private static partial Regex Dimension();
}
