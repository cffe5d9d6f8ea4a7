using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>An application with how well it matches a goal (<see cref="Lexical"/>: the first scorer's raw score).</summary>
public sealed record RankedApplication(CatalogApplication Application, double Score, double NameCoverage, bool VersionNamed, double Lexical);

/// <summary>
/// Ranks the catalog for a goal: the lexical scores (normalised to the best one), plus how much of the application's
/// name the goal writes out (all of it counts 2, 0.5 more when written exactly as one word; a part counts in
/// proportion to the lexical score) and whether it names the version. Further <see cref="IApplicationScorer"/>s are added with
/// their weights, each normalised the same way, except <see cref="ICalibratedScorer"/>s (<see cref="MiniLmScorer"/>), added as they are.
/// </summary>
public sealed class ApplicationRetriever(IReadOnlyList<CatalogApplication> applications, IReadOnlyList<(IApplicationScorer Scorer, double Weight)> scorers)
{
    // Each application's name as whole words and as parts, read once rather than on every goal.
    private readonly (List<string> Whole, List<string> Parts)[] _names =
        [.. applications.Select(a => (Words.Whole(a.Name).ToList(), Words.Split(a.Name).Where(w => !Words.IsStopWord(w)).Distinct().ToList()))];

    /// <summary>The catalog it ranks.</summary>
    public IReadOnlyList<CatalogApplication> Applications { get; } = applications;

    /// <summary>A retriever with BM25 alone.</summary>
    public static ApplicationRetriever Lexical(IReadOnlyList<CatalogApplication> applications) =>
        new(applications, [(new Bm25Scorer(applications), 1.0)]);

    /// <summary>
    /// A retriever fusing BM25 with MiniLM embeddings (<see cref="MiniLmScorer"/>, weight <paramref name="semanticWeight"/>):
    /// builds the embedding index now, once for this catalog.
    /// </summary>
    public static ApplicationRetriever Hybrid(IReadOnlyList<CatalogApplication> applications, double semanticWeight = DefaultSemanticWeight) =>
        new(applications, [(new Bm25Scorer(applications), 1.0), (new MiniLmScorer(applications), semanticWeight)]);

    /// <summary>The weight of the semantic scorer against BM25's 1 in <see cref="Hybrid"/>.</summary>
    public const double DefaultSemanticWeight = 1.0;

    /// <summary>Every application, best first (ties by name then version, so the order never varies).</summary>
    public IReadOnlyList<RankedApplication> Rank(string goal) => Rank(goal, []);

    /// <summary>
    /// As <see cref="Rank(string)"/>; the words of the goal's <paramref name="files"/> never count as writing an
    /// application's name ("sim_out_batch2" does not name SIMS).
    /// </summary>
    public IReadOnlyList<RankedApplication> Rank(string goal, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(files);
        var fused = new double[Applications.Count];
        IReadOnlyList<double> lexical = new double[Applications.Count];
        foreach (var (scorer, weight) in scorers)
        {
            var scores = scorer.Score(goal);
            if (ReferenceEquals(scorer, scorers[0].Scorer))
            {
                lexical = scores;
            }

            var best = scorer is ICalibratedScorer ? 1 : scores.Count == 0 ? 0 : scores.Max();
            for (var i = 0; i < fused.Length && best > 0; i++)
            {
                fused[i] += weight * scores[i] / best;
            }
        }

        var names = files.Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal);
        var unfiled = string.Join(' ', goal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => !names.Contains(t.Trim('(', ')', ',', '.', ';', ':', '"', '\''))));
        var goalWords = Words.Split(unfiled).Concat(Words.Whole(unfiled)).ToHashSet();
        var goalStems = goalWords.Select(Stemmer.Stem).ToHashSet();
        var bestLexical = lexical.Count == 0 ? 0 : lexical.Max();
        return Applications.Select((application, i) =>
        {
            var coverage = NameCoverage(_names[i], goalWords, goalStems);
            var versionNamed = coverage > 0 && NamesVersion(goal, application.Version);
            // A goal that writes the whole name names the application; one that writes part of it ("phantom" of
            // WritePhantom) only backs what the text says, in proportion to how well the text matches.
            var lexicalShare = bestLexical > 0 ? lexical[i] / bestLexical : 0;
            // A version written out corroborates a partial name as much as the text would ("FreeSurfer 7.2.0").
            var fromName = coverage >= 1 ? 2.0 : 1.5 * coverage * (versionNamed ? 1 : lexicalShare);
            // The exact name, written as one word, wins over names it holds ("Recon-all+segmentHA_T1" over "Recon-all").
            var exact = coverage >= 1 && WritesExactly(goal, application.Name) ? 0.5 : 0;
            var score = fused[i] + fromName + exact + (versionNamed ? 1.0 : 0);
            return new RankedApplication(application, score, coverage, versionNamed, lexical[i]);
        })
        .OrderByDescending(r => r.Score)
        .ThenBy(r => r.Application.Name, StringComparer.Ordinal)
        .ThenBy(r => r.Application.Version, StringComparer.Ordinal)
        .ToList();
    }

    // The share of the name's parts the goal writes: as they are, in another form of the word ("merge" for
    // "Merger") or as the start of a longer word ("preprocess" for "preproc", "longitudinal" for "LONG").
    private static double NameCoverage((List<string> Whole, List<string> Parts) name, HashSet<string> goalWords, HashSet<string> goalStems)
    {
        var (whole, parts) = name;
        if (whole.Count > 0 && whole.All(goalWords.Contains))
        {
            return 1;
        }

        return parts.Count == 0 ? 0 : (double)parts.Count(p => Written(p, goalWords, goalStems)) / parts.Count;
    }

    private static bool Written(string part, HashSet<string> goalWords, HashSet<string> goalStems) =>
        goalWords.Contains(part) || goalStems.Contains(Stemmer.Stem(part))
        || (part.Length >= 4 && !part.Any(char.IsDigit) && goalWords.Any(w => w.Length > part.Length && w.StartsWith(part, StringComparison.Ordinal)));

    // The goal writes the version as a word of its own, "v" before it allowed: (?<![\w.])v?VERSION(?![\w]|\.\d).
    private static bool NamesVersion(string goal, string version)
    {
        var bare = version.TrimStart('v', 'V');
        for (var at = bare.Length == 0 ? -1 : goal.IndexOf(bare, StringComparison.OrdinalIgnoreCase); at >= 0; at = goal.IndexOf(bare, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var start = at > 0 && goal[at - 1] is 'v' or 'V' ? at - 1 : at;
            var before = start == 0 || !(IsWord(goal[start - 1]) || goal[start - 1] == '.');
            var end = at + bare.Length;
            var after = end == goal.Length || !(IsWord(goal[end]) || (goal[end] == '.' && end + 1 < goal.Length && char.IsDigit(goal[end + 1])));
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool WritesExactly(string goal, string name)
    {
        for (var at = name.Length == 0 ? -1 : goal.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = goal.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNamePart(goal[at - 1])) && (end == goal.Length || !IsNamePart(goal[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamePart(char c) => IsWord(c) || c is '-' or '+';
}
