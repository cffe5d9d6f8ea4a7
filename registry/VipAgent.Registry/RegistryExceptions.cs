namespace VipAgent.Registry;

/// <summary>
/// Another writer appended to the stream between our read and our write. Nothing was written;
/// read the stream again and retry the command.
/// </summary>
public sealed class RegistryConcurrencyException(string stream, long expectedVersion, Exception inner)
    : Exception($"Stream '{stream}' changed while this command ran (it was read at version {expectedVersion}); nothing was written. Read it again and retry.", inner)
{
    public string Stream { get; } = stream;

    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>A command that the stream's current state does not allow; the message says why, in the user's words.</summary>
public sealed class RegistryRuleException(string message) : InvalidOperationException(message);
