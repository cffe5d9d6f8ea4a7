using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VipAgent.Testing.DiracX;

/// <summary><c>POST /api/jobs/jdl</c>: JSON array of JDLs; at most 20 jobs; a parametric JDL only alone; validated whole.</summary>
public sealed partial class DiracXServer
{
    private const int MaxJobsPerRequest = 20;

    private async Task SubmitAsync(HttpContext context)
    {
        if (!IsJson(context))
        {
            await Detail(context, 415, "Submissions are a JSON array of JDL strings (application/json)");
            return;
        }

        string[]? jdls;
        try
        {
            jdls = await JsonSerializer.DeserializeAsync<string[]>(context.Request.Body);
        }
        catch (JsonException e)
        {
            await Detail(context, 422, "Body is not a JSON array of strings: " + e.Message);
            return;
        }

        if (jdls is null || jdls.Length == 0 || jdls.Any(j => j is null))
        {
            await Detail(context, 422, "At least one JDL string is required");
            return;
        }

        List<string> expanded;
        try
        {
            var texts = jdls.Select(j => j.Trim()).Select(j => j.StartsWith('[') ? j : "[" + j + "]").ToList();
            var ads = texts.Select(ClassAd.Parse).ToList();
            var parametric = ads.Any(IsParametric);
            if (parametric && ads.Count > 1)
            {
                await Detail(context, 400, "You cannot submit parametric jobs in a bulk fashion");
                return;
            }

            expanded = parametric ? Expand(texts[0], ads[0]) : texts;
            if (expanded.Count > MaxJobsPerRequest)
            {
                await Detail(context, 400, $"Normal user cannot submit more than {MaxJobsPerRequest} jobs at once");
                return;
            }

            foreach (var text in expanded)
            {
                Validate(ClassAd.Parse(text.Replace("%j", "0", StringComparison.Ordinal)), User(context));
            }

            var inserted = new List<object>();
            lock (_lock)
            {
                foreach (var text in expanded)
                {
                    var id = ++_nextJobId;
                    var now = Options.Time.GetUtcNow();
                    var job = new DiracXJob
                    {
                        JobId = id,
                        Owner = User(context),
                        OwnerGroup = Options.Group,
                        Vo = Options.Vo,
                        Jdl = ClassAd.Parse(text.Replace("%j", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
                        SubmissionTime = now,
                        LastUpdateTime = now,
                        Status = parametric ? "Submitting" : "Received",
                        MinorStatus = parametric ? "Bulk transaction confirmation" : "Job accepted",
                    };
                    _jobs[id] = job;
                    inserted.Add(new { JobID = id, job.Status, job.MinorStatus, TimeStamp = now.UtcDateTime.ToString("O") });
                }
            }

            await WriteAsync(context, 201, inserted);
        }
        catch (FormatException e)
        {
            await Detail(context, 400, e.Message);
        }
    }

    private static bool IsParametric(IReadOnlyDictionary<string, object> ad) =>
        ad.Keys.Any(k => k.Equals("Parameters", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Parameters.", StringComparison.OrdinalIgnoreCase));

    /// <summary>DIRAC's parametric expansion: %s, %n and %(NAME)s replaced in the JDL text, once per parameter.</summary>
    private static List<string> Expand(string text, IReadOnlyDictionary<string, object> ad)
    {
        var named = ad.Where(a => a.Key.StartsWith("Parameters.", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(a => a.Key["Parameters.".Length..], a => a.Value as IReadOnlyList<object>
                ?? throw new FormatException($"JDL syntax error: {a.Key} must be a list"));
        IReadOnlyList<string> values;
        if (ad.TryGetValue("Parameters", out var parameters))
        {
            values = parameters switch
            {
                long n when n is >= 1 and <= 100000 => Enumerable.Range(0, (int)n)
                    .Select(i => (Number(ad, "ParameterStart", 0) + (i * Number(ad, "ParameterStep", 1))).ToString(CultureInfo.InvariantCulture)).ToList(),
                IReadOnlyList<object> list when list.Count > 0 && list.All(v => v is string or long) => ClassAd.Strings(list),
                _ => throw new FormatException("JDL syntax error: Parameters must be a positive count or a non-empty list of values"),
            };
        }
        else
        {
            var lengths = named.Values.Select(v => v.Count).Distinct().ToList();
            if (lengths.Count != 1 || lengths[0] == 0)
            {
                throw new FormatException("JDL syntax error: the Parameters.NAME lists must be non-empty and of one length");
            }

            values = Enumerable.Range(0, lengths[0]).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        }

        if (values.Count > MaxJobsPerRequest)
        {
            return [.. values]; // the caller refuses it by count
        }

        return values.Select((value, i) =>
        {
            var job = text;
            foreach (var (name, list) in named)
            {
                job = job.Replace($"%({name})s", ClassAd.Strings(list)[i], StringComparison.Ordinal);
            }

            return job.Replace("%s", value, StringComparison.Ordinal).Replace("%n", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }).ToList();
    }

    private static long Number(IReadOnlyDictionary<string, object> ad, string name, long fallback) =>
        ad.TryGetValue(name, out var v) && v is long n ? n : fallback;

    /// <summary>DIRAC's JobManifest checks with the default VO limits, and input sandboxes the user owns.</summary>
    private void Validate(IReadOnlyDictionary<string, object> ad, string user)
    {
        if (!ad.TryGetValue("Executable", out var executable) || executable is not string { Length: > 0 })
        {
            throw new FormatException("Error in JDL syntax for job JDL: Executable is missing");
        }

        CheckRange(ad, "CPUTime", 100, 500000);
        CheckRange(ad, "Priority", 0, 10);
        if (ad.TryGetValue("JobType", out var type) && type is not ("User" or "Test" or "Hospital"))
        {
            throw new FormatException($"Error in JDL syntax for job JDL: JobType {type} is not one of User, Test, Hospital");
        }

        foreach (var entry in ad.TryGetValue("InputSandbox", out var box) ? ClassAd.Strings(box) : [])
        {
            if (entry.StartsWith("LFN:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!entry.StartsWith("SB:", StringComparison.Ordinal) || !SandboxBelongsTo(entry, user) || !HasSandbox(entry))
            {
                throw new FormatException($"Input sandbox '{entry}' is not a sandbox of this user in the sandbox store");
            }
        }
    }

    private static void CheckRange(IReadOnlyDictionary<string, object> ad, string name, long min, long max)
    {
        if (!ad.TryGetValue(name, out var value))
        {
            return;
        }

        var number = value switch
        {
            long n => n,
            string s when long.TryParse(s, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new FormatException($"Error in JDL syntax for job JDL: {name} must be a number"),
        };
        if (number < min || number > max)
        {
            throw new FormatException($"Error in JDL syntax for job JDL: {name} {number} is outside {min}..{max}");
        }
    }
}
