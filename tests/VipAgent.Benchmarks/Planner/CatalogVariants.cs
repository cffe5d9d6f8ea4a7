using System.Globalization;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;

namespace VipAgent.Benchmarks.Planner;

/// <summary>
/// A catalog of any size made from the real descriptors: the originals first, then variants of each in turn, renamed
/// (<c>NAME-variant-K</c>, version <c>VERSION.K</c>) with a description that says so, so every entry is a distinct,
/// valid application.
/// </summary>
public static class CatalogVariants
{
    /// <summary><paramref name="size"/> descriptor texts built from <paramref name="originals"/>.</summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<string> originals, int size)
    {
        var catalog = new List<string>(size);
        for (var k = 0; catalog.Count < size; k++)
        {
            foreach (var text in originals)
            {
                if (catalog.Count == size)
                {
                    break;
                }

                catalog.Add(k == 0 ? text : Variant(text, k));
            }
        }

        return catalog;
    }

    private static string Variant(string text, int k)
    {
        var root = BoutiquesJson.Parse(text)!.AsObject();
        var suffix = k.ToString(CultureInfo.InvariantCulture);
        root["name"] = $"{root["name"]}-variant-{suffix}";
        root["tool-version"] = $"{root["tool-version"]}.{suffix}";
        root["description"] = $"{root["description"]} (Site variant {suffix}, rebuilt with local patches.)";
        return root.ToJsonString();
    }
}
