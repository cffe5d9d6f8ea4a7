using JasperFx.Events;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Chain;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit.Export;

/// <summary>`vip audit replay`: one readable line per event, oldest first, with its chain link.</summary>
internal static class TimelineFormatter
{
    public static IEnumerable<string> Lines(ExecutionRecord record) => record.Events.Select(Line);

    private static string Line(IEvent e)
    {
        var (at, text) = Describe(e.Data);
        var link = e.GetHeader(EventChain.Header)?.ToString() ?? "";
        return $"{e.Version,4}  {at:yyyy-MM-dd HH:mm:ss}Z  {text}  [{link[..Math.Min(12, link.Length)]}]";
    }

    private static (DateTimeOffset At, string Text) Describe(object data) => data switch
    {
        ApplicationRegistered e => (e.RegisteredAt, $"application {e.Name} registered by {e.RegisteredBy}"),
        DescriptorPublished e => (e.PublishedAt, $"{e.Name} {e.ToolVersion} published by {e.PublishedBy} (descriptor {Short(e.DescriptorSha256)}, image {e.ContainerImage ?? "none"})"),
        DescriptorFileAttached e => (e.AttachedAt, $"{e.Name} {e.ToolVersion} file {e.RelativePath} ({e.Key}, {e.Size} bytes, {Short(e.Sha256)})"),
        ApplicationDeprecated e => (e.DeprecatedAt, $"{e.Name} deprecated by {e.DeprecatedBy}: {e.Reason}"),
        ExecutionPlanned e => (e.PlannedAt, $"planned by {e.PlannedBy}: {e.Application} {e.ToolVersion} (descriptor {Short(e.DescriptorSha256)}) on {e.Backend}"),
        ExecutionApproved e => (e.ApprovedAt, $"approved by {e.ApprovedBy}"),
        ExecutionSubmitted e => (e.SubmittedAt, $"submitted by {e.SubmittedBy}"),
        ExecutionStarted e => (e.StartedAt, $"started with {e.Inputs.Count} input(s): {string.Join(", ", e.Inputs.Select(i => $"{Path.GetFileName(i.Path)} {Short(i.Sha256)}"))}"),
        JobSubmitted e => (e.SubmittedAt, $"job {e.JobId} submitted to {e.Backend} as {e.BackendJobId}: {e.CommandLine}"),
        JobStatusChanged e => (e.ChangedAt, $"job {e.JobId} {e.From} -> {e.To}{(e.BackendDetail is null ? "" : $" ({e.BackendDetail})")}"),
        JobRetried e => (e.RetriedAt, $"job {e.JobId} retried (attempt {e.Attempt}) as {e.BackendJobId}: {e.Reason}"),
        OutputRecorded e => (e.RecordedAt, $"job {e.JobId} output {e.Path} ({e.Size} bytes, {Short(e.Sha256)})"),
        ExecutionCompleted e => (e.CompletedAt, "completed"),
        ExecutionFailed e => (e.FailedAt, $"failed: {e.Reason}"),
        ExecutionCancelled e => (e.CancelledAt, $"cancelled by {e.CancelledBy}: {e.Reason}"),
        _ => (default, data.GetType().Name),
    };

    private static string Short(string sha) => sha[..Math.Min(12, sha.Length)];
}
