using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry;

/// <summary>Every event type with the stable name it is stored under (never reuse or rename one).</summary>
public static class RegistryEvents
{
    public static IReadOnlyDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>
    {
        ["application_registered"] = typeof(ApplicationRegistered),
        ["descriptor_published"] = typeof(DescriptorPublished),
        ["application_deprecated"] = typeof(ApplicationDeprecated),
        ["descriptor_file_attached"] = typeof(DescriptorFileAttached),
        ["execution_planned"] = typeof(ExecutionPlanned),
        ["execution_approved"] = typeof(ExecutionApproved),
        ["execution_started"] = typeof(ExecutionStarted),
        ["job_submitted"] = typeof(JobSubmitted),
        ["job_status_changed"] = typeof(JobStatusChanged),
        ["job_retried"] = typeof(JobRetried),
        ["output_recorded"] = typeof(OutputRecorded),
        ["execution_completed"] = typeof(ExecutionCompleted),
        ["execution_failed"] = typeof(ExecutionFailed),
        ["execution_cancelled"] = typeof(ExecutionCancelled),
        ["execution_submitted"] = typeof(ExecutionSubmitted),
    };

    private static readonly Dictionary<Type, string> Names = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static string NameOf(Type type) =>
        Names.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type.Name} is not a registry event.", nameof(type));
}
