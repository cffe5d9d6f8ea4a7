using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VipAgent.Testing.DiracX;

/// <summary>Status changes (kill, delete) through the state machine, and reschedule.</summary>
public sealed partial class DiracXServer
{
    private async Task SetStatusAsync(HttpContext context)
    {
        if (!IsJson(context))
        {
            await Detail(context, 415, "The status body is JSON (application/json)");
            return;
        }

        var force = context.Request.Query["force"].FirstOrDefault() == "true";
        Dictionary<string, Dictionary<string, Dictionary<string, string>>>? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<Dictionary<string, Dictionary<string, Dictionary<string, string>>>>(context.Request.Body);
        }
        catch (JsonException e)
        {
            await Detail(context, 422, "Body is not {job_id: {timestamp: {Status, MinorStatus, ...}}}: " + e.Message);
            return;
        }

        if (body is null || body.Count == 0)
        {
            await Detail(context, 422, "No job in the body");
            return;
        }

        foreach (var stamp in body.Values.SelectMany(v => v.Keys))
        {
            if (!Regex.IsMatch(stamp, @"(Z|[+-]\d\d:\d\d)$") || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, out _))
            {
                await Detail(context, 400, $"Timestamp '{stamp}' is not timezone-aware ISO 8601");
                return;
            }
        }

        var success = new Dictionary<string, object>();
        var failed = new Dictionary<string, object>();
        lock (_lock)
        {
            foreach (var (key, updates) in body)
            {
                if (!long.TryParse(key, CultureInfo.InvariantCulture, out var id) || !_jobs.TryGetValue(id, out var job) || job.Owner != User(context))
                {
                    failed[key] = new { detail = "Not found" };
                    continue;
                }

                var refused = false;
                foreach (var (_, change) in updates.OrderBy(u => DateTimeOffset.Parse(u.Key, CultureInfo.InvariantCulture)))
                {
                    if (change.TryGetValue("Status", out var status))
                    {
                        if (!DiracXStates.All.Contains(status) || (!force && !DiracXStates.Allows(job.Status, status)))
                        {
                            failed[key] = new { detail = $"Job {id}: transition {job.Status} -> {status} is not allowed" };
                            refused = true;
                            break;
                        }

                        Move(job, status, change.GetValueOrDefault("MinorStatus", job.MinorStatus));
                    }
                    else if (change.TryGetValue("MinorStatus", out var minor))
                    {
                        job.MinorStatus = minor;
                    }

                    if (change.TryGetValue("ApplicationStatus", out var application))
                    {
                        job.ApplicationStatus = application;
                    }
                }

                if (!refused)
                {
                    success[key] = new { job.Status, job.MinorStatus, job.ApplicationStatus, LastUpdateTime = job.LastUpdateTime.UtcDateTime.ToString("O") };
                }
            }
        }

        await (failed.Count > 0
            ? WriteAsync(context, 404, new { detail = new { success, failed } })
            : WriteAsync(context, 200, new { success, failed }));
    }

    private async Task RescheduleAsync(HttpContext context)
    {
        if (!IsJson(context))
        {
            await Detail(context, 415, "The reschedule body is JSON (application/json)");
            return;
        }

        long[] ids;
        try
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            ids = json.RootElement.GetProperty("job_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await Detail(context, 422, "Body must be {\"job_ids\": [integers]}");
            return;
        }

        var success = new Dictionary<string, object>();
        var failed = new Dictionary<string, object>();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                var key = id.ToString(CultureInfo.InvariantCulture);
                if (!_jobs.TryGetValue(id, out var job) || job.Owner != User(context))
                {
                    failed[key] = new { detail = "Not found" };
                }
                else if (!DiracXStates.Allows(job.Status, "Rescheduled"))
                {
                    failed[key] = new { detail = $"Job {id} in status {job.Status} cannot be rescheduled" };
                }
                else
                {
                    job.RescheduleCounter++;
                    if (job.RescheduleCounter > Options.MaxRescheduling)
                    {
                        Move(job, "Failed", "Maximum of reschedulings reached");
                    }
                    else
                    {
                        Move(job, "Received", "Job Rescheduled");
                        job.Site = "ANY";
                        job.OutputSandboxes.Clear();
                    }

                    success[key] = new { job.Status, job.MinorStatus, job.RescheduleCounter };
                }
            }
        }

        await (success.Count == 0
            ? WriteAsync(context, 400, new { detail = new { success, failed } })
            : WriteAsync(context, 200, new { success, failed }));
    }
}
