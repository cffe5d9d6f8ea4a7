using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VipAgent.Testing.DiracX;

/// <summary>The job routes, and search with its filters, sort and paging (206, Content-Range, 416).</summary>
public sealed partial class DiracXServer
{
    private void MapJobs(WebApplication app)
    {
        app.MapPost("/api/jobs/jdl", SubmitAsync);
        app.MapPost("/api/jobs/search", SearchAsync);
        app.MapMethods("/api/jobs/status", ["PATCH"], SetStatusAsync);
        app.MapPost("/api/jobs/reschedule", RescheduleAsync);
        app.MapGet("/api/jobs/{id}/sandbox/output", async context =>
        {
            if (!long.TryParse(context.Request.RouteValues["id"]?.ToString(), CultureInfo.InvariantCulture, out var id))
            {
                await Detail(context, 422, "job_id must be an integer");
                return;
            }

            List<string>? pfns;
            lock (_lock)
            {
                pfns = _jobs.TryGetValue(id, out var job) && job.Owner == User(context) ? [.. job.OutputSandboxes] : null;
            }

            await (pfns is null ? Detail(context, 403, "You do not have access to this job") : WriteAsync(context, 200, pfns));
        });
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (!int.TryParse(context.Request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture, out var page) || page < 1
            || !int.TryParse(context.Request.Query["per_page"].FirstOrDefault() ?? "100", CultureInfo.InvariantCulture, out var perPage)
            || perPage is < 1 or > 10000)
        {
            await Detail(context, 422, "page must be >= 1 and per_page within 1..10000");
            return;
        }

        if (context.Request.ContentLength is not 0 && !IsJson(context))
        {
            await Detail(context, 415, "The search body is JSON (application/json)");
            return;
        }

        JsonElement body;
        try
        {
            body = context.Request.ContentLength is 0
                ? JsonDocument.Parse("{}").RootElement
                : (await JsonDocument.ParseAsync(context.Request.Body)).RootElement;
        }
        catch (JsonException e)
        {
            await Detail(context, 422, "Body is not JSON: " + e.Message);
            return;
        }

        try
        {
            var columns = body.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Select(e => Known(e.GetString())).ToList()
                : [.. DiracXJob.Columns];
            var conditions = body.TryGetProperty("search", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().ToList() : [];
            var sorts = body.TryGetProperty("sort", out var o) && o.ValueKind == JsonValueKind.Array ? o.EnumerateArray().ToList() : [];

            List<Dictionary<string, object?>> rows;
            int total;
            lock (_lock)
            {
                IEnumerable<DiracXJob> found = _jobs.Values.Where(j => j.Owner == User(context));
                foreach (var condition in conditions)
                {
                    var test = Condition(condition);
                    found = found.Where(test).ToList();
                }

                IOrderedEnumerable<DiracXJob>? ordered = null;
                foreach (var sort in sorts)
                {
                    var name = Known(sort.GetProperty("parameter").GetString());
                    var descending = sort.TryGetProperty("direction", out var d) && d.GetString() == "desc";
                    Func<DiracXJob, object?> key = j => j.Column(name);
                    ordered = ordered is null
                        ? descending ? found.OrderByDescending(key, Comparer<object?>.Default) : found.OrderBy(key, Comparer<object?>.Default)
                        : descending ? ordered.ThenByDescending(key, Comparer<object?>.Default) : ordered.ThenBy(key, Comparer<object?>.Default);
                }

                var all = (ordered ?? found.OrderBy(j => j.JobId)).ToList();
                total = all.Count;
                rows = all.Skip((page - 1) * perPage).Take(perPage)
                    .Select(j => columns.ToDictionary(c => c, c => j.Column(c))).ToList();
            }

            var first = (long)(page - 1) * perPage;
            if (rows.Count == 0 && total > 0)
            {
                context.Response.Headers.ContentRange = $"jobs */{total}";
                await Detail(context, 416, "Page out of range");
                return;
            }

            if (rows.Count < total)
            {
                context.Response.Headers.ContentRange = $"jobs {first}-{first + rows.Count - 1}/{total}";
                await WriteAsync(context, 206, rows);
                return;
            }

            await WriteAsync(context, 200, rows);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
        {
            await Detail(context, 400, e.Message);
        }
    }

    private static string Known(string? column) =>
        column is not null && DiracXJob.Columns.Contains(column) ? column : throw new FormatException($"Unknown search parameter '{column}'");

    private static Func<DiracXJob, bool> Condition(JsonElement condition)
    {
        var name = Known(condition.GetProperty("parameter").GetString());
        var op = condition.GetProperty("operator").GetString();
        static string Text(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        if (op is "in" or "not in")
        {
            if (!condition.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Operator '{op}' needs 'values' (a list)");
            }

            var set = values.EnumerateArray().Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
            return op == "in" ? j => set.Contains(Text(j.Column(name))) : j => !set.Contains(Text(j.Column(name)));
        }

        if (!condition.TryGetProperty("value", out var element) || element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw new FormatException($"Operator '{op}' needs 'value' (a string or number)");
        }

        var value = element.ToString();
        return op switch
        {
            "eq" => j => Text(j.Column(name)) == value,
            "neq" => j => Text(j.Column(name)) != value,
            "gt" => j => Compare(j.Column(name), value) > 0,
            "lt" => j => Compare(j.Column(name), value) < 0,
            "like" or "not like" => Like(name, value, op == "like"),
            "regex" => j => Regex.IsMatch(Text(j.Column(name)), value, RegexOptions.None, TimeSpan.FromSeconds(1)),
            _ => throw new FormatException($"Unknown operator '{op}'"),
        };
    }

    private static Func<DiracXJob, bool> Like(string name, string pattern, bool positive)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$");
        return j => regex.IsMatch(Convert.ToString(j.Column(name), CultureInfo.InvariantCulture) ?? "") == positive;
    }

    private static int Compare(object? column, string value) => column switch
    {
        long n when long.TryParse(value, CultureInfo.InvariantCulture, out var v) => n.CompareTo(v),
        int n when long.TryParse(value, CultureInfo.InvariantCulture, out var v) => ((long)n).CompareTo(v),
        _ => string.CompareOrdinal(Convert.ToString(column, CultureInfo.InvariantCulture), value),
    };
}
