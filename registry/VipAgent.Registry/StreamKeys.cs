namespace VipAgent.Registry;

/// <summary>Stream names an auditor can read: <c>applications/NAME</c> and <c>executions/GUID</c>.</summary>
public static class StreamKeys
{
    public const string ApplicationPrefix = "applications/";
    public const string ExecutionPrefix = "executions/";

    public static string Application(string name) => ApplicationPrefix + name;

    public static string Execution(Guid id) => ExecutionPrefix + id.ToString("D");

    public static bool IsExecution(string key) => key.StartsWith(ExecutionPrefix, StringComparison.Ordinal);

    /// <summary>What a user types (an execution id, an application name, or a full stream key) as a stream key.</summary>
    public static string Resolve(string id) =>
        Guid.TryParse(id, out var guid) ? Execution(guid)
        : id.StartsWith(ApplicationPrefix, StringComparison.Ordinal) || id.StartsWith(ExecutionPrefix, StringComparison.Ordinal) ? id
        : Application(id);
}
